// The dashboard image's nginx (infra/docker/nginx/default.conf.template), run here with the
// machine's nginx in front of real services: /api/<service>/ reaches each service with the prefix
// stripped, tokens pass through, and a server-sent event reaches the browser side of the proxy
// while the stream stays open. (Buffering is off twice over: the template says proxy_buffering off,
// and reporting's stream answers with X-Accel-Buffering: no; either alone lets events through, so
// this checks the whole path, not that one line.) Skipped when no nginx is installed.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { activationService } from "@krisstod/activation";
import { Incident } from "@krisstod/contracts";
import { findFreePort } from "@krisstod/local-infra";
import { reportingService } from "@krisstod/reporting";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, openEventStream, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hallandObserver, halmstadLead, incidentBody, postJson } from "../e2e/support.ts";
import { repoRoot } from "./support.ts";

const nginx = ["/usr/sbin/nginx", "nginx"].find(
  (binary) => spawnSync(binary, ["-v"], { encoding: "utf8" }).status === 0,
);

/** What the nginx image's entrypoint does with templates: ${VAR} from the environment. */
function renderTemplate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}/g, (whole, name: string) => env[name] ?? whole);
}

/** An environment default the dashboard image sets (ENV in infra/docker/dashboard.Dockerfile). */
function imageDefault(name: string): string {
  const dockerfile = readFileSync(join(repoRoot, "infra/docker/dashboard.Dockerfile"), "utf8");
  const match = new RegExp(`\\b${name}=(\\S+)`).exec(dockerfile);
  if (!match) throw new Error(`dashboard.Dockerfile sets no ${name}`);
  return match[1] as string;
}

/** A county's own issuer, as a deployment sets it for the dashboard container. */
const SIGN_IN = {
  OIDC_ISSUER: "https://login.halland.example.se/realms/krisstod",
  OIDC_CLIENT_ID: "halland-krisstod",
  OIDC_SCOPES: "openid profile",
};

describe.skipIf(!nginx)("the dashboard's nginx in front of the services", () => {
  let dir: string;
  let proxy: ChildProcess;
  let base: string;
  const services: RunningService[] = [];
  let lead: Record<string, string>;
  let observer: Record<string, string>;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    lead = await ns.headers(halmstadLead);
    observer = await ns.headers(hallandObserver);
    const activation = await startService(activationService, ns.serviceEnv());
    const reporting = await startService(reportingService, ns.serviceEnv());
    services.push(activation, reporting);

    dir = mkdtempSync(join(tmpdir(), "krisstod-nginx-"));
    // Started as root, nginx's workers run as nobody; they must be able to read the pages.
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, "html"));
    mkdirSync(join(dir, "logs"));
    writeFileSync(join(dir, "html/index.html"), "<!doctype html><title>Krisstöd</title>");
    const port = await findFreePort();
    const template = readFileSync(join(repoRoot, "infra/docker/nginx/default.conf.template"), "utf8");
    const server = renderTemplate(template, {
      ROSTER_URL: "http://127.0.0.1:9", // not started: only its route's existence matters here
      ACTIVATION_URL: activation.url,
      SUPPORT_CENTRES_URL: "http://127.0.0.1:9",
      REPORTING_URL: reporting.url,
      // A county's dashboard: the image's default, this nginx itself (on the test's port).
      NATIONAL_URL: imageDefault("NATIONAL_URL").replace(":8080", `:${port}`),
      ...SIGN_IN,
    })
      .replace("listen 8080;", `listen 127.0.0.1:${port};`)
      .replace("root /usr/share/nginx/html;", `root ${join(dir, "html")};`)
      .replace("access_log /dev/stdout krisstod;", `access_log ${join(dir, "logs/access.log")} krisstod;`);
    writeFileSync(join(dir, "default.conf"), server);
    // The nginx image's own nginx.conf, reduced to what matters: one http block including ours.
    writeFileSync(
      join(dir, "nginx.conf"),
      `worker_processes 1;
pid ${join(dir, "nginx.pid")};
error_log ${join(dir, "logs/error.log")} warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${join(dir, "default.conf")};
}
`,
    );
    proxy = spawn(nginx as string, ["-p", dir, "-c", join(dir, "nginx.conf"), "-g", "daemon off;"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    proxy.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    base = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => {
        if (proxy.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
        return (await fetch(`${base}/healthz`).catch(() => undefined))?.ok;
      },
      { timeoutMs: 10_000, message: "nginx did not start" },
    );
  });
  afterAll(async () => {
    proxy?.kill("SIGTERM");
    for (const service of services) await service.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("serves the dashboard's index for any page and answers its own health check", async () => {
    const page = await fetch(`${base}/incidents/123`);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(await page.text()).toContain("<title>Krisstöd</title>");
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("logs each request's path without its query string, so answer-link tokens stay out of the log", async () => {
    const token = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LWFuc3dlci1saW5r.c2lnbmF0dXJl";
    await fetch(`${base}/api/activation/answer?token=${token}`, {
      headers: { Referer: `${base}/x?token=${token}` },
    });
    const log = join(dir, "logs/access.log");
    await waitFor(
      () => readFileSync(log, { encoding: "utf8", flag: "a+" }).includes("/api/activation/answer"),
      {
        timeoutMs: 5_000,
        message: "the request did not reach the access log",
      },
    );
    expect(readFileSync(log, "utf8")).not.toContain(token);
  });

  it("serves the browser's sign-in settings from its environment, and the callback route as the app", async () => {
    const config = await fetch(`${base}/config.json`);
    expect(config.status).toBe(200);
    expect(config.headers.get("content-type")).toContain("application/json");
    expect(config.headers.get("cache-control")).toBe("no-store");
    expect(await config.json()).toEqual({
      issuer: SIGN_IN.OIDC_ISSUER,
      clientId: SIGN_IN.OIDC_CLIENT_ID,
      scopes: SIGN_IN.OIDC_SCOPES,
    });
    const callback = await fetch(`${base}/auth/callback?code=abc&state=def&iss=x`);
    expect(callback.status).toBe(200);
    expect(await callback.text()).toContain("<title>Krisstöd</title>");
  });

  it("routes /api/<service>/ to the service with the prefix stripped and the token passed on", async () => {
    expect((await fetch(`${base}/api/reporting/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/api/reporting/picture?county=13`)).status).toBe(401);
    expect((await fetch(`${base}/api/reporting/picture?county=13`, { headers: observer })).status).toBe(200);
    const created = await postJson(`${base}/api/activation/incidents`, incidentBody(), lead);
    expect(created.status).toBe(201);
  });

  it("answers the national picture's route with a 404 problem where no national hub is set", async () => {
    const response = await fetch(`${base}/api/national/national-picture`, { headers: observer });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(((await response.json()) as { detail: string }).detail).toContain("NATIONAL_URL");
  });

  it("delivers a server-sent event through the proxy while the stream stays open", async () => {
    const stream = await openEventStream(`${base}/api/reporting/stream?county=13`, observer);
    try {
      const response = await postJson(
        `${base}/api/activation/incidents`,
        incidentBody({ title: "Genom proxyn" }),
        lead,
      );
      const incident = Incident.parse(await response.json());
      await waitFor(() => stream.messages.some((m) => m.event === "change" && m.data.includes(incident.id)), {
        timeoutMs: 5_000,
        message: "the change did not come through nginx while the stream was open",
      });
    } finally {
      stream.close();
    }
  });
});

it.runIf(!nginx)(
  "proxies through the dashboard's nginx (skipped: no nginx; apt-get install nginx-light)",
  () => {},
);
