import { Writable } from "node:stream";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { pino } from "pino";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { ConflictError, createServiceApp, scrubErrors } from "../src/index.ts";

/** A service app whose log lines are kept, with routes that fail as a store can. */
function appWithLog() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = createServiceApp({ service: "test", logger: pino({ level: "info" }, sink), readiness: {} })
    .get("/visitors", () => {
      const cause = Object.assign(new Error("Key (personnummer)=(198507091232) already exists"), {
        code: "23505",
      });
      throw new DrizzleQueryError("insert into visitors …", ["Anna Lindqvist", "198507091232"], cause);
    })
    .get("/bug", () => {
      throw new TypeError("centre.settings is undefined");
    })
    .get("/stream", (c) => {
      c.header("Cache-Control", "no-cache, no-transform");
      return c.text("data: 1\n\n");
    });
  return { app, log: () => lines.join("") };
}

describe("errors in personal-data paths", () => {
  it("keep names and identity numbers out of what gets logged", async () => {
    const cause = Object.assign(new Error("duplicate key: Key (personnummer)=(198507091232) exists"), {
      code: "23505",
    });
    const failing = () =>
      scrubErrors("recordArrival", async () => {
        throw new DrizzleQueryError(
          "insert into visitor_personal_data …",
          ["Anna Lindqvist", "198507091232"],
          cause,
        );
      });
    const error = await failing().catch((e: unknown) => e);
    const everything = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
    expect(everything).not.toContain("Lindqvist");
    expect(everything).not.toContain("198507091232");
    expect(String(error)).toContain("SQLSTATE 23505");
    expect((error as Error & { cause?: unknown }).cause).toBeUndefined();
  });

  it("let errors meant for the caller through unchanged", async () => {
    const conflict = new ConflictError("This visitor has already left.");
    await expect(scrubErrors("recordDeparture", () => Promise.reject(conflict))).rejects.toBe(conflict);
  });
});

describe("every service's answers", () => {
  it("log an unexpected database error without the values it carried, and answer 500 saying nothing", async () => {
    const { app, log } = appWithLog();
    const response = await app.request("/visitors");
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).not.toContain("Lindqvist");
    expect(log()).toContain("unhandled error");
    expect(log()).toContain("GET /visitors");
    expect(log()).toContain("SQLSTATE 23505");
    expect(log()).not.toContain("Lindqvist");
    expect(log()).not.toContain("198507091232");
  });

  it("log any other unexpected error whole, so it can be found", async () => {
    const { app, log } = appWithLog();
    expect((await app.request("/bug")).status).toBe(500);
    expect(log()).toContain("centre.settings is undefined");
  });

  it("are never kept by a browser or proxy, errors included, unless a route says otherwise", async () => {
    const { app } = appWithLog();
    for (const path of ["/visitors", "/healthz", "/no-such-route"]) {
      expect((await app.request(path)).headers.get("cache-control"), path).toBe("no-store");
    }
    expect((await app.request("/stream")).headers.get("cache-control")).toBe("no-cache, no-transform");
  });
});

describe("a database that cannot be reached", () => {
  it("answers 503 with Retry-After and says nothing was stored, directly and through scrubErrors", async () => {
    // Port 1 on the loopback: nothing listens, so postgres.js fails to connect (ECONNREFUSED).
    const sql = postgres("postgres://nobody@127.0.0.1:1/none", {
      max: 1,
      connect_timeout: 2,
      onnotice: () => {},
    });
    const app = createServiceApp({ service: "test", logger: pino({ level: "silent" }), readiness: {} })
      .post("/visitors", async (c) => c.json(await sql`select 1 as one`))
      .post("/scrubbed", async (c) =>
        c.json(await scrubErrors("register visitor", () => sql`select 1 as one`)),
      );
    try {
      for (const path of ["/visitors", "/scrubbed"]) {
        const response = await app.request(path, { method: "POST" });
        expect(response.status, path).toBe(503);
        expect(response.headers.get("retry-after")).toBe("5");
        expect(response.headers.get("content-type")).toContain("application/problem+json");
        const body = (await response.json()) as { code: string; detail: string };
        expect(body.code).toBe("database-unavailable");
        expect(body.detail).toMatch(/nothing was stored/);
      }
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});
