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

/** Identities the end-to-end tests act as. */
export const halmstadLead = {
  organisationId: "kommun-1380",
  countyCode: "13",
  roles: ["posom-lead" as const],
};
export const hallandObserver = {
  organisationId: "lansstyrelsen-13",
  countyCode: "13",
  roles: ["county-observer" as const],
};

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<Response> {
  return fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
}
