import { createTokenVerifier } from "@krisstod/auth";
import { makePrincipal, startTestIssuer } from "@krisstod/auth/testing";
import { startService } from "@krisstod/runtime";
import { createTestNamespace } from "@krisstod/testing";
import { describe, expect, it } from "vitest";
import { createSupportCentresService } from "../src/service.ts";

describe("demo data", () => {
  it("offers PKL's default places (three hospitals and Ullared) and adds nothing on a second start", async () => {
    const issuer = await startTestIssuer();
    const verifier = createTokenVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwksUrl: issuer.jwksUrl,
    });
    const env = (await createTestNamespace()).serviceEnv({ DEMO_DATA: true });
    const token = await issuer.mint(makePrincipal({ organisationId: "region-13", roles: ["pkl-lead"] }));
    const names = async () => {
      const service = await startService(createSupportCentresService({ verifier }), env);
      try {
        const response = await fetch(`${service.url}/centre-templates?organisationId=region-13`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        return ((await response.json()) as { name: string }[]).map((t) => t.name);
      } finally {
        await service.stop();
      }
    };
    const first = await names();
    expect(first).toEqual([
      "Hallands sjukhus Halmstad",
      "Hallands sjukhus Kungsbacka",
      "Hallands sjukhus Varberg",
      "Vårdcentralen Ullared",
    ]);
    expect(await names()).toEqual(first);
    await issuer.close();
  });
});
