import { type EventEnvelope, Incident, Problem } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, signInAndWatch, type TestNamespace, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activationService } from "../service.ts";

// What is learnt after an incident was opened: it becomes an extraordinary event (situation
// reports to Länsstyrelsen are then due), the place is corrected. PATCH /incidents/:id changes the
// row and publishes `incident.updated` with the whole new state; refusals carry stable codes.

const opened = {
  kind: "accident",
  title: "Bussolycka vid Mellbystrand",
  location: { lat: 56.51, lon: 12.94, address: "Mellbystrand" },
  occurredAt: "2026-11-28T01:30:00Z",
  affectedMunicipalities: ["1381"],
};

describe("PATCH /incidents/:id", () => {
  let service: RunningService;
  let ns: TestNamespace;
  let laholmLead: Record<string, string>;
  let halmstadLead: Record<string, string>;
  let supportPerson: Record<string, string>;
  let events: EventEnvelope[];

  beforeAll(async () => {
    ns = await createTestNamespace();
    service = await startService(activationService, ns.serviceEnv());
    ({
      as: { laholmLead, halmstadLead, supportPerson },
      events,
    } = await signInAndWatch(ns, {
      laholmLead: { organisationId: "kommun-1381", roles: ["posom-lead"] },
      halmstadLead: { organisationId: "kommun-1380", roles: ["posom-lead"] },
      supportPerson: { organisationId: "kommun-1381", roles: ["support-person"] },
    }));
  });
  afterAll(async () => {
    await service?.stop();
  });

  const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${service.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const open = async () => {
    const response = await send("POST", "/incidents", laholmLead, opened);
    expect(response.status).toBe(201);
    return Incident.parse(await response.json());
  };
  const problemOf = async (response: Response) => {
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    return Problem.parse(await response.json());
  };

  it("makes an incident extraordinary and moves it, keeping what was not sent, and says so on the bus", async () => {
    const incident = await open();
    const response = await send("PATCH", `/incidents/${incident.id}`, laholmLead, {
      extraordinary: true,
      location: { lat: 56.52, lon: 12.95, address: "Mellbystrand, vid Strandvägen" },
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const updated = Incident.parse(await response.json());
    expect(updated).toMatchObject({
      id: incident.id,
      title: opened.title,
      extraordinary: true,
      location: { lat: 56.52, address: "Mellbystrand, vid Strandvägen" },
      status: "open",
    });
    const read = Incident.parse(await (await send("GET", `/incidents/${incident.id}`, laholmLead)).json());
    expect(read.extraordinary).toBe(true);
    const event = await waitFor(() =>
      events.find((e) => e.type === "incident.updated" && e.aggregateId === incident.id),
    );
    expect(event.data).toMatchObject({ extraordinary: true, title: opened.title });
  });

  it("refuses another municipality, a role that may not, an empty change and a closed incident, with codes", async () => {
    const incident = await open();
    const path = `/incidents/${incident.id}`;
    const other = await send("PATCH", path, halmstadLead, { extraordinary: true });
    expect(other.status).toBe(403);
    expect((await problemOf(other)).code).toBe("outside-scope");
    const role = await send("PATCH", path, supportPerson, { extraordinary: true });
    expect(role.status).toBe(403);
    expect((await problemOf(role)).code).toBe("role-not-allowed");
    const empty = await send("PATCH", path, laholmLead, {});
    expect(empty.status).toBe(400);
    expect((await problemOf(empty)).code).toBe("invalid-request");
    const unknownField = await send("PATCH", path, laholmLead, { exercise: true });
    expect(unknownField.status).toBe(400);

    expect((await send("POST", `${path}/close`, laholmLead)).status).toBe(200);
    const closed = await send("PATCH", path, laholmLead, { extraordinary: true });
    expect(closed.status).toBe(409);
    expect((await problemOf(closed)).code).toBe("incident-closed");
  });
});
