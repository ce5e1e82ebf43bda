import { YearlyStatistics } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace } from "@krisstod/testing";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportingService } from "../src/index.ts";
import { type Actors, actors, getJson, send } from "./support.ts";

/** The annual report counts Swedish calendar years and months: 23:30 UTC on 31 December is already next year. */
describe("yearly statistics in Swedish time", () => {
  let service: RunningService;
  let as: Actors;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    service = await startService(reportingService, ns.serviceEnv());
    as = await actors(ns);
  });
  afterAll(() => service?.stop());

  async function activatedAt(at: string) {
    const response = await send("PUT", `${service.url}/activations/${uuidv7()}`, as.halmstad, {
      organisationId: "kommun-1380",
      countyCode: "13",
      kind: "posom",
      activatedAt: at,
    });
    expect(response.status).toBe(200);
  }
  const halmstadIn = async (year: number) =>
    YearlyStatistics.parse(
      await getJson(`${service.url}/statistics?county=13&year=${year}`, as.observer),
    ).organisations.find((o) => o.organisationId === "kommun-1380");

  it("puts each activation in the year and month it happened in Sweden", async () => {
    await activatedAt("2026-12-31T23:30:00Z"); // 00:30 on 1 January 2027 in Sweden (CET)
    await activatedAt("2027-01-31T23:30:00Z"); // 00:30 on 1 February
    await activatedAt("2027-06-30T22:30:00Z"); // 00:30 on 1 July (CEST)
    await activatedAt("2027-12-31T22:30:00Z"); // 23:30 on 31 December, still 2027
    await activatedAt("2027-12-31T23:00:00Z"); // midnight: 2028

    expect(await halmstadIn(2026)).toBeUndefined();
    const year = await halmstadIn(2027);
    expect(year?.activations.total).toBe(4);
    expect(year?.activationsByMonth).toEqual([1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    expect((await halmstadIn(2028))?.activationsByMonth[0]).toBe(1);
  });
});
