import { startService } from "@krisstod/runtime";
import { createTestNamespace, makePrincipal } from "@krisstod/testing";
import { describe, expect, it } from "vitest";
import { createSupportCentresService } from "../src/service.ts";

describe("demo data", () => {
  it("offers PKL's default places (three hospitals and Ullared) and adds nothing on a second start", async () => {
    const ns = await createTestNamespace();
    const issuer = ns.issuer;
    const env = ns.serviceEnv({ DEMO_DATA: true });
    const token = await issuer.mint(makePrincipal({ organisationId: "region-13", roles: ["pkl-lead"] }));
    const names = async () => {
      const service = await startService(createSupportCentresService(), env);
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
  });
});
