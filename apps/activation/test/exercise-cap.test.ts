import { fileURLToPath } from "node:url";
import type { Activation, Incident } from "@krisstod/contracts";
import type { RunningService } from "@krisstod/runtime";
import { hallandPeople as people, waitFor } from "@krisstod/testing";
import { xmlSchemaErrors } from "@krisstod/testing/xml-schema";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { laholmIncident, linkOn, outbox, postJson, signIn, startActivationWithRoster } from "./support.ts";

/** The official OASIS CAP 1.2 schema, kept with its notice in apps/activation/schemas/. */
const capSchema = fileURLToPath(new URL("../schemas/CAP-v1.2.xsd", import.meta.url));

/** Exercises (övning) and the CAP 1.2 export, against the running service. */
describe("exercises and CAP alerts", () => {
  const stops: (() => Promise<void>)[] = [];
  let service: RunningService;
  let lead: Record<string, string>;
  let chief: Record<string, string>;
  let halmstad: Record<string, string>;
  let observer: Record<string, string>;

  beforeAll(async () => {
    const running = await startActivationWithRoster(
      { CALLOUT_WAIT_MS: "60000", SENDER_POLL_MS: "25" },
      {
        lead: signIn.laholmLead,
        chief: signIn.laholmChief,
        halmstad: signIn.halmstadLead,
        observer: signIn.hallandObserver,
      },
    );
    stops.push(running.stop);
    service = running.service;
    ({ lead, chief, halmstad, observer } = running.as);
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  async function activate(
    incident: Record<string, unknown>,
  ): Promise<{ incident: Incident; activation: Activation }> {
    const created = await postJson(`${service.url}/incidents`, { ...laholmIncident, ...incident }, lead);
    expect(created.status).toBe(201);
    const body = (await created.json()) as Incident;
    const decided = await postJson(
      `${service.url}/activations`,
      { incidentId: body.id, group: "management", reason: "Övning enligt plan", needed: 1 },
      chief,
    );
    expect(decided.status).toBe(201);
    return { incident: body, activation: (await decided.json()) as Activation };
  }
  const cap = (activationId: string, headers: Record<string, string>) =>
    fetch(`${service.url}/activations/${activationId}/cap`, { headers });
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", parseTagValue: false });

  it("runs an exercise like any incident, and every message and the answer page say ÖVNING", async () => {
    const { incident, activation } = await activate({ exercise: true, title: "Övning: bussolycka" });
    expect(incident.exercise).toBe(true);
    expect(activation.exercise).toBe(true);
    const read = (await (
      await fetch(`${service.url}/incidents/${incident.id}`, { headers: lead })
    ).json()) as Incident;
    expect(read.exercise).toBe(true);
    const messages = await waitFor(async () => {
      const m = await outbox(service.url, activation.id, lead);
      return m.length === 2 && m; // Lena: text and e-mail
    });
    for (const m of messages) {
      expect(m.body.startsWith("ÖVNING")).toBe(true);
      expect(m.subject.startsWith("ÖVNING")).toBe(true);
    }
    const sms = messages.find((m) => m.channel === "sms");
    const link = linkOn(service.url, sms?.answerLink ?? "");
    const page = await fetch(`${link.url}?token=${encodeURIComponent(link.token)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<title>ÖVNING");
    expect(html).toContain("Detta är en övning");
    // The dashboard's answer page asks the same link for JSON and shows ÖVNING from it.
    const state = await fetch(`${link.url}?token=${encodeURIComponent(link.token)}`, {
      headers: { Accept: "application/json" },
    });
    expect(await state.json()).toEqual({
      organisationId: "kommun-1381",
      group: "management",
      exercise: true,
      settled: false,
      incidentTitle: "Övning: bussolycka",
      answer: null,
    });
    // Answering works the same.
    expect((await postJson(link.url, { token: link.token, answer: "accept" })).status).toBe(200);
  });

  it("keeps a real incident's messages and page free of ÖVNING (exercise defaults to false)", async () => {
    const { incident, activation } = await activate({});
    expect(incident.exercise).toBe(false);
    const sms = await waitFor(async () =>
      (await outbox(service.url, activation.id, lead)).find(
        (m) => m.channel === "sms" && m.personId === people.lg1,
      ),
    );
    expect(sms.body).not.toContain("ÖVNING");
    const link = linkOn(service.url, sms.answerLink);
    const html = await (await fetch(`${link.url}?token=${encodeURIComponent(link.token)}`)).text();
    expect(html).not.toContain("ÖVNING");
  });

  it("exports a call-out as a CAP 1.2 alert: Exercise for drills, with the required elements and no personal data", async () => {
    const { incident, activation } = await activate({
      exercise: true,
      location: { lat: 56.51, lon: 13.04, address: "E6 vid Laholm" },
    });
    const response = await cap(activation.id, lead);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/cap+xml");
    const xml = await response.text();
    expect(await xmlSchemaErrors(xml, [capSchema])).toEqual([]);
    // The schema check bites: the same alert without its required sender is refused.
    const withoutSender = xml.replace(/<sender>[^<]*<\/sender>/, "");
    expect((await xmlSchemaErrors(withoutSender, [capSchema])).join("\n")).toMatch(/sender/);
    const { alert } = parser.parse(xml) as {
      alert: Record<string, unknown> & { info: Record<string, unknown> };
    };
    expect(alert["@_xmlns"]).toBe("urn:oasis:names:tc:emergency:cap:1.2");
    expect(alert).toMatchObject({
      identifier: activation.id,
      sender: "kommun-1381",
      status: "Exercise",
      msgType: "Alert",
      scope: "Restricted",
      restriction: "POSOM/PKL call-out",
      incidents: incident.id,
    });
    // CAP date-times: seconds, an explicit offset, no "Z" and no fractions.
    expect(alert.sent).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(Date.parse(alert.sent as string)).toBe(Math.floor(Date.parse(activation.decidedAt) / 1000) * 1000);
    const info = alert.info as Record<string, unknown> & { area: Record<string, unknown> };
    expect(info.category).toEqual(["Health", "Safety"]);
    expect(info.event).toBe("Aktivering av POSOM ledningsgrupp");
    expect(["Immediate", "Expected", "Future", "Past", "Unknown"]).toContain(info.urgency);
    expect(["Extreme", "Severe", "Moderate", "Minor", "Unknown"]).toContain(info.severity);
    expect(["Observed", "Likely", "Possible", "Unlikely", "Unknown"]).toContain(info.certainty);
    expect(info.headline).toMatch(/^ÖVNING/);
    expect(info.area).toMatchObject({ areaDesc: "E6 vid Laholm", circle: "56.51,13.04 0.5" });
    // Element order as the CAP 1.2 schema's sequence requires.
    const order = [
      "identifier",
      "sender",
      "sent",
      "status",
      "msgType",
      "scope",
      "restriction",
      "note",
      "incidents",
      "info",
    ];
    const positions = order.map((name) => xml.indexOf(`<${name}>`));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // Nobody called is named or reachable through it, nor is the decider.
    for (const personal of ["Lena", "Lars", "Lotta", "Karin", "+4670", "@laholm.example", people.lg1]) {
      expect(xml).not.toContain(personal);
    }
  });

  it("marks a real call-out Actual, and refuses other organisations and roles", async () => {
    const { activation } = await activate({});
    const xml = await (await cap(activation.id, chief)).text();
    expect(await xmlSchemaErrors(xml, [capSchema])).toEqual([]);
    const { alert } = parser.parse(xml) as { alert: { status: string; note?: string } };
    expect(alert.status).toBe("Actual");
    expect(alert.note).toBeUndefined();
    expect((await cap(activation.id, halmstad)).status).toBe(403);
    expect((await cap(activation.id, observer)).status).toBe(403);
    expect((await cap("0190f5a2-0000-7000-8000-00000000dead", lead)).status).toBe(404);
  });
});
