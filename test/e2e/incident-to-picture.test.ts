import { activationService } from "@krisstod/activation";
import { Incident, PictureChange, RegionalPicture } from "@krisstod/contracts";
import { reportingService } from "@krisstod/reporting";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, openEventStream, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hallandObserver, halmstadLead, incidentBody, postJson } from "./support.ts";

describe("an incident travels from activation to the live regional picture", () => {
  let activation: RunningService;
  let reporting: RunningService;
  let lead: Record<string, string>;
  let observer: Record<string, string>;
  let skaneLead: Record<string, string>;
  let skaneObserver: Record<string, string>;
  const picture = async (headers: Record<string, string>, query = "?county=13") =>
    RegionalPicture.parse(await (await fetch(`${reporting.url}/picture${query}`, { headers })).json());

  beforeAll(async () => {
    const ns = await createTestNamespace();
    lead = await ns.headers(halmstadLead);
    observer = await ns.headers(hallandObserver);
    skaneLead = await ns.headers({ organisationId: "kommun-1278", countyCode: "12", roles: ["posom-lead"] });
    skaneObserver = await ns.headers({
      organisationId: "lansstyrelsen-12",
      countyCode: "12",
      roles: ["county-observer"],
    });
    activation = await startService(activationService, ns.serviceEnv());
    reporting = await startService(reportingService, ns.serviceEnv());
  });
  afterAll(async () => {
    await activation?.stop();
    await reporting?.stop();
  });

  it("shows a new incident in the county picture and pushes it to an open stream", async () => {
    const stream = await openEventStream(`${reporting.url}/stream?county=13`, observer);
    try {
      const response = await postJson(
        `${activation.url}/incidents`,
        incidentBody({ title: "Bussolycka vid Tylösand" }),
        lead,
      );
      expect(response.status).toBe(201);
      const incident = Incident.parse(await response.json());

      const pushed = await waitFor(
        () => stream.messages.find((m) => m.event === "change" && m.data.includes(incident.id)),
        { timeoutMs: 5_000, message: "the stream did not push the incident" },
      );
      const change = PictureChange.parse(JSON.parse(pushed.data));
      expect(change).toMatchObject({
        kind: "incident.upserted",
        incident: { id: incident.id, title: "Bussolycka vid Tylösand" },
      });

      const county = await picture(observer);
      expect(county.incidents.map((i) => i.id)).toContain(incident.id);
      expect(county.lastEventId).toBeGreaterThanOrEqual(Number(pushed.id));
    } finally {
      stream.close();
    }
  });

  it("keeps another county's incidents out of a county's picture and stream", async () => {
    const stream = await openEventStream(`${reporting.url}/stream?county=13`, observer);
    try {
      const skane = await postJson(
        `${activation.url}/incidents`,
        incidentBody({
          organisationId: "kommun-1278",
          countyCode: "12",
          affectedMunicipalities: ["1278"],
          title: "Tågolycka i Båstad",
        }),
        skaneLead,
      );
      const halland = await postJson(
        `${activation.url}/incidents`,
        incidentBody({ title: "Drunkning i Laholmsbukten" }),
        lead,
      );
      const skaneId = Incident.parse(await skane.json()).id;
      const hallandId = Incident.parse(await halland.json()).id;
      await waitFor(() => stream.messages.some((m) => m.data.includes(hallandId)), { timeoutMs: 5_000 });
      expect(stream.messages.some((m) => m.data.includes(skaneId))).toBe(false);
      expect((await picture(observer)).incidents.map((i) => i.id)).not.toContain(skaneId);
      const skaneIds = await waitFor(async () => {
        const ids = (await picture(skaneObserver, "?county=12")).incidents.map((i) => i.id);
        return ids.includes(skaneId) && ids;
      });
      expect(skaneIds).not.toContain(hallandId);
    } finally {
      stream.close();
    }
  });

  it("resumes a dropped stream from Last-Event-ID with exactly the changes it missed", async () => {
    const before = await picture(observer);
    const missed: string[] = [];
    for (const title of ["Skolbrand i Varberg", "Ras vid Ullared", "Storm över Falkenberg"]) {
      const response = await postJson(`${activation.url}/incidents`, incidentBody({ title }), lead);
      missed.push(Incident.parse(await response.json()).id);
    }
    await waitFor(async () => {
      const county = await picture(observer);
      return missed.every((id) => county.incidents.some((i) => i.id === id));
    });
    const resumed = await openEventStream(`${reporting.url}/stream?county=13`, {
      ...observer,
      "Last-Event-ID": String(before.lastEventId),
    });
    try {
      await waitFor(() => resumed.messages.filter((m) => m.event === "change").length >= 3, {
        timeoutMs: 5_000,
      });
      const ids = resumed.messages
        .filter((m) => m.event === "change")
        .map((m) => PictureChange.parse(JSON.parse(m.data)).incident.id);
      expect(ids).toEqual(missed);
    } finally {
      resumed.close();
    }
  });
});
