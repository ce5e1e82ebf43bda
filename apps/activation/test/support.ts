import type { CreateIncidentBody, DevOutboxMessage, Principal } from "@krisstod/contracts";

/** The people the tests sign in as (subjects as the development issuer names its demo users). */
const as = (principal: Partial<Principal>): Partial<Principal> => ({ countyCode: "13", ...principal });
export const signIn = {
  laholmLead: as({ userId: "kommun-1381.posom-lead", organisationId: "kommun-1381", roles: ["posom-lead"] }),
  /** Laholm's kommunchef: holds an authorised function. */
  laholmChief: as({
    userId: "kommun-1381.activator",
    name: "Karin Chef",
    organisationId: "kommun-1381",
    roles: ["activator"],
  }),
  /** A member of Laholm's ledningsgrupp: on its call list, holds no authorised function. */
  laholmMember: as({
    userId: "kommun-1381.ledningsgrupp",
    organisationId: "kommun-1381",
    roles: ["ledningsgrupp"],
  }),
  /** A support person of Laholm: first on its support-person call list (Sara Stöd in the stub). */
  laholmSupport: as({
    userId: "kommun-1381.support-person",
    organisationId: "kommun-1381",
    roles: ["support-person"],
  }),
  /** Region Halland's förvaltningschef psykiatri: activates PKL. */
  regionChief: as({ userId: "region-13.activator", organisationId: "region-13", roles: ["activator"] }),
  halmstadLead: as({
    userId: "kommun-1380.posom-lead",
    organisationId: "kommun-1380",
    roles: ["posom-lead"],
  }),
  varbergLead: as({ userId: "kommun-1383.posom-lead", organisationId: "kommun-1383", roles: ["posom-lead"] }),
  hallandObserver: as({
    userId: "lansstyrelsen-13.county-observer",
    organisationId: "lansstyrelsen-13",
    roles: ["county-observer"],
  }),
};

export const laholmIncident: CreateIncidentBody = {
  organisationId: "kommun-1381",
  countyCode: "13",
  kind: "accident",
  title: "Bussolycka på E6 vid Laholm",
  location: { lat: 56.51, lon: 13.04 },
  occurredAt: "2026-11-28T06:30:00Z",
  affectedMunicipalities: ["1381"],
};

/** POSTs JSON; `headers` carry the signed-in user's token (answer links need none). */
export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** The development outbox's messages of one activation, as a lead of its organisation reads them. */
export async function outbox(
  serviceUrl: string,
  activationId: string,
  headers: Record<string, string>,
): Promise<DevOutboxMessage[]> {
  const response = await fetch(`${serviceUrl}/dev/outbox?activationId=${activationId}`, { headers });
  if (response.status !== 200) throw new Error(`dev outbox answered ${response.status}`);
  return (await response.json()) as DevOutboxMessage[];
}

/** The answer link of a message, pointed at the running service (links carry the public base URL). */
export function linkOn(serviceUrl: string, answerLink: string): { url: string; token: string } {
  const link = new URL(answerLink);
  const path = link.pathname.slice(link.pathname.indexOf("/call-outs/"));
  return { url: `${serviceUrl}${path}`, token: link.searchParams.get("token") ?? "" };
}
