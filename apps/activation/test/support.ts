import type { CreateIncidentBody, DevOutboxMessage } from "@krisstod/contracts";

export const laholmIncident: CreateIncidentBody = {
  organisationId: "kommun-1381",
  countyCode: "13",
  kind: "accident",
  title: "Bussolycka på E6 vid Laholm",
  location: { lat: 56.51, lon: 13.04 },
  occurredAt: "2026-11-28T06:30:00Z",
  affectedMunicipalities: ["1381"],
};

export function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

export async function outbox(serviceUrl: string, activationId: string): Promise<DevOutboxMessage[]> {
  return (await (
    await fetch(`${serviceUrl}/dev/outbox?activationId=${activationId}`)
  ).json()) as DevOutboxMessage[];
}

/** The answer link of a message, pointed at the running service (links carry the public base URL). */
export function linkOn(serviceUrl: string, answerLink: string): { url: string; token: string } {
  const link = new URL(answerLink);
  const path = link.pathname.slice(link.pathname.indexOf("/call-outs/"));
  return { url: `${serviceUrl}${path}`, token: link.searchParams.get("token") ?? "" };
}
