import { type Activation, type CreateIncidentBody, Incident } from "@krisstod/contracts";
import { waitFor } from "@krisstod/testing";
import { expect } from "vitest";

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

/**
 * The start of most stories: `lead` opens an incident (incidentBody with `incident` laid over it)
 * and `activator` decides to activate its ledningsgrupp. Fails the test if either is refused.
 */
export async function openAndActivate(
  activationUrl: string,
  as: { lead: Record<string, string>; activator: Record<string, string> },
  incident: Partial<CreateIncidentBody>,
  decision: { reason: string; needed: number },
): Promise<{ incident: Incident; activation: Activation }> {
  const opened = await postJson(`${activationUrl}/incidents`, incidentBody(incident), as.lead);
  expect(opened.status, await opened.clone().text()).toBe(201);
  const created = Incident.parse(await opened.json());
  const decided = await postJson(
    `${activationUrl}/activations`,
    { incidentId: created.id, group: "management", ...decision },
    as.activator,
  );
  expect(decided.status, await decided.clone().text()).toBe(201);
  return { incident: created, activation: (await decided.json()) as Activation };
}

/**
 * Halmstad's POSOM opens a support centre at Halmstad teater, about a kilometre from the scene,
 * once support-centres has learnt the incident (from activation's event); returns its id.
 */
export async function openHalmstadCentre(
  centresUrl: string,
  incidentId: string,
  lead: Record<string, string>,
): Promise<string> {
  const created = await waitFor(async () => {
    const response = await postJson(
      `${centresUrl}/centres`,
      {
        incidentId,
        operator: "posom",
        posomOrganisationId: "kommun-1380",
        name: "Stödcentrum Halmstad teater",
        location: { lat: 56.6745, lon: 12.8938, address: "Halmstad teater" },
        functions: ["information-referral", "crisis-support-follow-up"],
        capacity: 100,
      },
      lead,
    );
    return response.status === 201 && ((await response.json()) as { id: string });
  });
  expect((await postJson(`${centresUrl}/centres/${created.id}/open`, {}, lead)).status).toBe(200);
  return created.id;
}
