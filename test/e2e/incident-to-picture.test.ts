import { activationService } from "@krisstod/activation";
import { Incident, PictureChange, RegionalPicture } from "@krisstod/contracts";
import { reportingService } from "@krisstod/reporting";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, openEventStream, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentBody, postJson } from "./support.ts";

describe("an incident travels from activation to the live regional picture", () => {
  let activation: RunningService;
  let reporting: RunningService;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    activation = await startService(activationService, ns.serviceEnv());
    reporting = await startService(reportingService, ns.serviceEnv());
  });
  afterAll(async () => {
    await activation?.stop();
    await reporting?.stop();
  });

  it("shows a new incident in the county picture and pushes it to an open stream", async () => {
    const stream = await openEventStream(`${reporting.url}/stream?county=13`);
    try {
      const response = await postJson(
        `${activation.url}/incidents`,
        incidentBody({ title: "Bussolycka vid Tylösand" }),
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

      const picture = RegionalPicture.parse(await (await fetch(`${reporting.url}/picture?county=13`)).json());
      expect(picture.incidents.map((i) => i.id)).toContain(incident.id);
      expect(picture.lastEventId).toBeGreaterThanOrEqual(Number(pushed.id));
    } finally {
      stream.close();
    }
  });

  it("keeps another county's incidents out of a county's picture and stream", async () => {
    const stream = await openEventStream(`${reporting.url}/stream?county=13`);
    try {
      const skane = await postJson(
        `${activation.url}/incidents`,
        incidentBody({
          organisationId: "kommun-1278",
          countyCode: "12",
          affectedMunicipalities: ["1278"],
          title: "Tågolycka i Båstad",
        }),
      );
      const halland = await postJson(
        `${activation.url}/incidents`,
        incidentBody({ title: "Drunkning i Laholmsbukten" }),
      );
      const skaneId = Incident.parse(await skane.json()).id;
      const hallandId = Incident.parse(await halland.json()).id;
      await waitFor(() => stream.messages.some((m) => m.data.includes(hallandId)), { timeoutMs: 5_000 });
      expect(stream.messages.some((m) => m.data.includes(skaneId))).toBe(false);
      const picture = RegionalPicture.parse(await (await fetch(`${reporting.url}/picture?county=13`)).json());
      expect(picture.incidents.map((i) => i.id)).not.toContain(skaneId);
      const national = RegionalPicture.parse(await (await fetch(`${reporting.url}/picture`)).json());
      expect(national.incidents.map((i) => i.id)).toEqual(expect.arrayContaining([skaneId, hallandId]));
    } finally {
      stream.close();
    }
  });

  it("resumes a dropped stream from Last-Event-ID with exactly the changes it missed", async () => {
    const before = RegionalPicture.parse(await (await fetch(`${reporting.url}/picture?county=13`)).json());
    const missed: string[] = [];
    for (const title of ["Skolbrand i Varberg", "Ras vid Ullared", "Storm över Falkenberg"]) {
      const response = await postJson(`${activation.url}/incidents`, incidentBody({ title }));
      missed.push(Incident.parse(await response.json()).id);
    }
    await waitFor(async () => {
      const picture = RegionalPicture.parse(await (await fetch(`${reporting.url}/picture?county=13`)).json());
      return missed.every((id) => picture.incidents.some((i) => i.id === id));
    });
    const resumed = await openEventStream(`${reporting.url}/stream?county=13`, {
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
