import { serve } from "@hono/node-server";
import { authEnv, authenticate, verifierFromEnv } from "@krisstod/auth";
import { AppError } from "@krisstod/http";
import { Hono } from "hono";
import postgres from "postgres";

/**
 * The baseline every benchmark target is divided by: the bare stack the services are built on and
 * nothing of ours but the token check. A Hono route on @hono/node-server, the services' own JWT
 * verification (`authenticate(verifierFromEnv(env))` of @krisstod/auth: the same issuer, JWKS,
 * algorithms and claim mapping), and one postgres.js INSERT of the request's JSON into a table
 * with a generated key, in a pool of the services' size. Run as its own process, like a service.
 */
const env = authEnv.parse(process.env);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL is required");
const sql = postgres(databaseUrl, { max: Number(process.env.POOL_SIZE ?? "10"), onnotice: () => {} });

const app = new Hono()
  .get("/readyz", (c) => c.text("ok"))
  .post("/rows", authenticate(verifierFromEnv(env)), async (c) => {
    const [row] = await sql<{ id: string }[]>`
      insert into baseline_rows (payload) values (${sql.json(await c.req.json())}) returning id`;
    return c.json({ id: row?.id }, 201);
  })
  .onError((error, c) =>
    c.json({ title: error.message }, error instanceof AppError ? (error.status as 401) : 500),
  );

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? "0"), hostname: "127.0.0.1" });
process.once("SIGTERM", () => {
  server.close();
  void sql.end({ timeout: 1 }).then(() => process.exit(0));
});
