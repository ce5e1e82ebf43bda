import type { Activation, EventEnvelope, Incident } from "@krisstod/contracts";
import { expect } from "vitest";
import { laholmIncident, postJson, signIn, startActivationWithRoster } from "./support.ts";

/**
 * What the tests of the lead's escalation, the meeting place and own assignments, and closing
 * races share: the running service on real PostgreSQL and NATS (the roster stub's Laholm), an
 * exercise incident in Veinge, the people signed in and every event seen. The wait is a minute, so
 * only the lead escalates, never the timer.
 */
export async function startEscalationFixture() {
  const { ns, service, as, events, stop } = await startActivationWithRoster(
    { CALLOUT_WAIT_MS: "60000", SENDER_POLL_MS: "25", TIMER_POLL_MS: "25" },
    {
      lead: signIn.laholmLead,
      chief: signIn.laholmChief,
      member: signIn.laholmMember,
      halmstad: signIn.halmstadLead,
      support: signIn.laholmSupport,
    },
  );
  const { lead, chief, member, halmstad, support } = as;
  const created = await postJson(
    `${service.url}/incidents`,
    {
      ...laholmIncident,
      title: "Övning: brand i Veinge skola",
      location: { lat: 56.55, lon: 13.08, address: "Skolvägen 1, Veinge" },
      exercise: true,
    },
    lead,
  );
  expect(created.status).toBe(201);
  const incident = (await created.json()) as Incident;

  const decide = async (body: Record<string, unknown>, as = chief) => {
    const response = await postJson(
      `${service.url}/activations`,
      { incidentId: incident.id, group: "management", reason: "Övning enligt plan", ...body },
      as,
    );
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as Activation;
  };
  const read = async (id: string) =>
    (await (await fetch(`${service.url}/activations/${id}`, { headers: lead })).json()) as Activation;
  const escalate = (id: string, body?: unknown, as = lead) =>
    fetch(`${service.url}/activations/${id}/escalate`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...as },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  /** An incident of its own with its ledningsgrupp called: closing it leaves the other tests alone. */
  const activationOfItsOwn = async (title: string, reason: string) => {
    const created = await postJson(`${service.url}/incidents`, { ...laholmIncident, title }, lead);
    const other = (await created.json()) as Incident;
    const decided = await postJson(
      `${service.url}/activations`,
      { incidentId: other.id, group: "management", reason, needed: 1 },
      chief,
    );
    expect(decided.status, await decided.clone().text()).toBe(201);
    return { other, activation: (await decided.json()) as Activation };
  };
  const calledEvents = (activationId: string) =>
    events.filter(
      (e) =>
        e.type === "activation.call-out-changed" &&
        (e.data as { activationId: string; change: string }).activationId === activationId &&
        (e.data as { change: string }).change === "called",
    );

  return {
    ns,
    service,
    incident,
    events: events as EventEnvelope[],
    lead,
    chief,
    member,
    halmstad,
    support,
    decide,
    read,
    escalate,
    activationOfItsOwn,
    calledEvents,
    stop,
  };
}
export type EscalationFixture = Awaited<ReturnType<typeof startEscalationFixture>>;

/** A one-way gate between two concurrent steps of a test: `opened` resolves once `open()` is called. */
export function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** Each called person's answer status in an activation. */
export const statusOf = (a: Activation) => Object.fromEntries(a.callOuts.map((c) => [c.personId, c.status]));
