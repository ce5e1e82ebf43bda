import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { TrailVerification } from "@krisstod/audit/checkpoints";
import { rewriteAuditRowAsSuperuser } from "@krisstod/audit/testing";
import { connectDatabase } from "@krisstod/db";
import { createTestNamespace, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "../src/db/schema.ts";
import { createMunicipality, type Harness, startRoster } from "./harness.ts";

const admin = { organisationId: "kommun-1381", roles: ["org-admin" as const] };

/** `npm run audit:verify -w @krisstod/roster` with the service's environment. */
function runVerifyCommand(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/audit-verify.ts"], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: { ...process.env, ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("roster: the audit trail verified against signed checkpoints held in NATS", () => {
  let h: Harness;
  let verifyEnv: Record<string, string>;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    const intervals = { AUDIT_CHECKPOINT_INTERVAL_SECONDS: 1, AUDIT_VERIFY_INTERVAL_SECONDS: 1 };
    const env = ns.envFor("roster", intervals);
    verifyEnv = {
      DATABASE_URL: env.DATABASE_URL,
      NATS_URL: env.NATS_URL,
      NATS_PASSWORD: env.NATS_PASSWORD ?? "",
      NATS_NAMESPACE: env.NATS_NAMESPACE,
      AUDIT_SIGNING_KEY: env.AUDIT_SIGNING_KEY ?? "",
    };
    h = await startRoster({ ns, env: intervals });
    await createMunicipality(h, "kommun-1381", "Laholms kommun");
    const lead = h.as({ organisationId: "kommun-1381", roles: ["posom-lead"], userId: "laholm-lead" });
    for (const [i, givenName] of ["Greta", "Gustav", "Gun"].entries()) {
      const created = await lead("/organisations/kommun-1381/people", {
        method: "POST",
        json: {
          givenName,
          familyName: "Granskad",
          role: "support-person",
          workplace: "Skolan",
          phones: [`070-555 12 3${i}`],
        },
      });
      expect(created.status).toBe(201);
    }
    expect((await lead("/organisations/kommun-1381/people")).status).toBe(200);
  });
  afterAll(() => h?.stop());

  it("an untouched trail verifies once the service has checkpointed it", async () => {
    const verification = await waitFor(async () => {
      const response = await h.as(admin)("/audit/verify");
      expect(response.status).toBe(200);
      const body = (await response.json()) as TrailVerification;
      return body.unsealed === 0 && body.notYetCheckpointed === 0 && body.rows >= 6 && body;
    });
    expect(verification).toMatchObject({ ok: true, checkpoints: { configured: true } });
    expect(verification.checkpoints.coveredTo).toBe(verification.rows);
    const command = await runVerifyCommand(verifyEnv);
    expect(command.output).toContain("roster: audit trail OK");
    expect(command.code).toBe(0);
  });

  it("exports the organisation's rows of a period as CSV with the verification after them", async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const response = await h.as(admin)(`/audit/export?from=${from}&to=${to}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("x-audit-verification")).toBe("ok");
    const csv = await response.text();
    const lines = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toMatch(/^Kedjeposition \(seq\);Tid \(UTC\);Användare;/);
    const reads = lines.filter((line) => line.includes(";laholm-lead;kommun-1381;read;person;"));
    expect(reads).toHaveLength(3);
    expect(reads.every((line) => line.endsWith(";ja"))).toBe(true);
    expect(lines).toContain("Verifiering;Resultat;ok");
    expect(lines).toContain("Verifiering;Organisation;kommun-1381");
  });

  it("refuses a period that ends before it starts, naming the field", async () => {
    const response = await h.as(admin)("/audit/export?from=2026-12-06&to=2026-12-01");
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(JSON.stringify(await response.json())).toContain('"field":"to"');
  });

  it("refuses everyone but the organisation's admin", async () => {
    for (const path of ["/audit/verify", "/audit/status", "/audit/export?from=2026-12-01&to=2026-12-02"]) {
      const response = await h.as({ organisationId: "kommun-1381", roles: ["posom-lead"] })(path);
      expect(response.status).toBe(403);
    }
  });

  it("a row rewritten by a superuser with recomputed hashes is reported with its position, by the route, the command and the scheduled check", async () => {
    // As the database's administrator: the service's own role could not.
    const superuser = connectDatabase(h.ns.databaseUrl, { max: 1 });
    try {
      await rewriteAuditRowAsSuperuser(superuser, audit, 2, "rutinkontroll");
    } finally {
      await superuser.close();
    }

    const response = await h.as(admin)("/audit/verify");
    const verification = (await response.json()) as TrailVerification;
    expect(verification.ok).toBe(false);
    expect(verification.rows).toBe(1);
    expect(verification.break).toMatchObject({ seq: 2, problem: "differs-from-checkpoint" });

    const command = await runVerifyCommand(verifyEnv);
    expect(command.code).toBe(1);
    expect(command.output).toContain("roster: audit trail BROKEN at row 2 (differs-from-checkpoint)");

    // The scheduled verification (every second here) feeds the admin's alert.
    const status = await waitFor(async () => {
      const body = (await (await h.as(admin)("/audit/status")).json()) as TrailVerification & {
        checked: boolean;
      };
      return body.checked && !body.ok && body;
    });
    expect(status.break).toMatchObject({ seq: 2 });

    const exported = await h.as(admin)("/audit/export?from=2026-01-01&to=2030-01-01");
    expect(exported.headers.get("x-audit-verification")).toBe("broken at 2");
    const lines = (await exported.text()).split("\r\n");
    expect(lines).toContain("Verifiering;Resultat;bruten");
    expect(lines).toContain("Verifiering;Brott vid position;2");
  });
});
