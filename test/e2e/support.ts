import type { CreateIncidentBody } from "@krisstod/contracts";

/** A valid incident in Halmstad; override what a test cares about. */
export function incidentBody(overrides: Partial<CreateIncidentBody> = {}): CreateIncidentBody {
  return {
    organisationId: "kommun-1380",
    countyCode: "13",
    kind: "fire",
    title: "Brand i flerbostadshus, Andersberg",
    description: "Flera familjer evakuerade.",
    location: { lat: 56.6745, lon: 12.8778, address: "Andersberg, Halmstad" },
    occurredAt: new Date().toISOString(),
    affectedMunicipalities: ["1380"],
    extraordinary: false,
    crisisManagementActivated: false,
    ...overrides,
  };
}

export async function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}
