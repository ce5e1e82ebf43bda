import { Problem } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, type TestNamespace } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activationService } from "../service.ts";

const valid = {
  organisationId: "kommun-1381",
  countyCode: "13",
  kind: "accident",
  title: "Trafikolycka på E6 vid Laholm",
  location: { lat: 56.51, lon: 13.04 },
  occurredAt: "2026-11-28T06:30:00Z",
  affectedMunicipalities: ["1381"],
};

describe("POST /incidents", () => {
  let service: RunningService;
  let ns: TestNamespace;
  let laholmLead: Record<string, string>;
  const post = (body: string) =>
    fetch(`${service.url}/incidents`, { method: "POST", headers: laholmLead, body });
  const get = (path: string) => fetch(`${service.url}${path}`, { headers: laholmLead });

  beforeAll(async () => {
    ns = await createTestNamespace();
    service = await startService(activationService, ns.serviceEnv());
    laholmLead = await ns.headers({ organisationId: "kommun-1381", roles: ["posom-lead"] });
  });
  afterAll(() => service?.stop());

  async function expectProblem(response: Response, field: string) {
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = Problem.parse(await response.json());
    expect(problem.errors?.map((e) => e.field)).toContain(field);
    expect(JSON.stringify(problem)).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    return problem;
  }

  it("opens an incident and lists it", async () => {
    const response = await post(JSON.stringify(valid));
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string };
    expect(created).toMatchObject({ title: valid.title, status: "open", extraordinary: false });
    const listed = await (await get("/incidents?county=13")).json();
    expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.id })]));
  });

  it("answers malformed JSON with 400 naming the body", async () => {
    await expectProblem(await post('{"title": "Brand",'), "body");
  });

  it("answers a wrong type with 400 naming the field", async () => {
    await expectProblem(
      await post(JSON.stringify({ ...valid, location: { lat: "north", lon: 13 } })),
      "location.lat",
    );
  });

  it("answers a missing field with 400 naming it", async () => {
    const { title: _omitted, ...withoutTitle } = valid;
    await expectProblem(await post(JSON.stringify(withoutTitle)), "title");
  });

  it("loses nothing already stored when bad input arrives", async () => {
    const before = (await (await get("/incidents")).json()) as unknown[];
    await post("not json at all");
    await post(JSON.stringify({ ...valid, countyCode: "Halland" }));
    const after = (await (await get("/incidents")).json()) as unknown[];
    expect(after).toEqual(before);
  });

  it("answers an unknown incident with 404 and a bad id with 400", async () => {
    expect((await get("/incidents/0190f5a2-0000-7000-8000-000000000000")).status).toBe(404);
    await expectProblem(await get("/incidents/not-a-uuid"), "id");
  });

  it("reports ready when database and NATS answer", async () => {
    const response = await fetch(`${service.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ checks: { database: "ok", nats: "ok" } });
  });
});
