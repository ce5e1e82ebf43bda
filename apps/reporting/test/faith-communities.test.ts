import { FaithCommunity } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, type TestNamespace } from "@krisstod/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportingService } from "../src/index.ts";
import { send } from "./support.ts";

describe("Länsstyrelsen's faith-community (trossamfund) contact list", () => {
  let ns: TestNamespace;
  let service: RunningService;
  let as: Record<
    "countyAdmin" | "observer" | "halmstadLead" | "regionPkl" | "laholmAdmin" | "skaneObserver" | "support",
    Record<string, string>
  >;
  const url = () => `${service.url}/faith-communities`;
  const list = async (headers: Record<string, string>, query = "") => {
    const response = await send("GET", `${url()}${query}`, headers);
    expect(response.status).toBe(200);
    return FaithCommunity.array().parse(await response.json());
  };

  beforeAll(async () => {
    ns = await createTestNamespace();
    service = await startService(reportingService, ns.serviceEnv({ DEMO_DATA: true }));
    const board = { organisationId: "lansstyrelsen-13", countyCode: "13" };
    as = {
      countyAdmin: await ns.headers({ ...board, roles: ["org-admin"], name: "Lena Holm", userId: "lena" }),
      observer: await ns.headers({ ...board, roles: ["county-observer"], userId: "tib" }),
      halmstadLead: await ns.headers({
        organisationId: "kommun-1380",
        countyCode: "13",
        roles: ["posom-lead"],
        userId: "anna",
      }),
      regionPkl: await ns.headers({ organisationId: "region-13", countyCode: "13", roles: ["pkl-lead"] }),
      laholmAdmin: await ns.headers({
        organisationId: "kommun-1381",
        countyCode: "13",
        roles: ["org-admin"],
      }),
      skaneObserver: await ns.headers({
        organisationId: "lansstyrelsen-12",
        countyCode: "12",
        roles: ["county-observer"],
      }),
      support: await ns.headers({
        organisationId: "kommun-1380",
        countyCode: "13",
        roles: ["support-person"],
      }),
    };
  });
  afterAll(() => service?.stop());

  it("comes with Halland demo entries, seeded once however often the service starts", async () => {
    const seeded = await list(as.halmstadLead);
    // Every organisation the Halland guideline says Länsstyrelsen has contact details for.
    const names = seeded.map((c) => c.name);
    for (const named of [
      "Equmeniakyrkan",
      "Sjukhuskyrkan Varberg",
      "Sjukhuskyrkan Halmstad",
      "St Maria katolska församling",
      "Serbisk Ortodoxa kyrkan i Halmstad",
      "Bosniakiska islamiska föreningen i Halmstad",
      "Pingstkyrkan i Varberg",
      "Pingstkyrkan i Falkenberg",
      "Halmstad Alevitiska Kulturcentrum",
      "Halmstads moské",
      "Myndigheten för stöd till trossamfund",
    ])
      expect(names).toContain(named);
    expect(seeded.map((c) => c.denomination)).toContain("Svenska kyrkan");
    expect(seeded.find((c) => c.name === "St Maria katolska församling")).toMatchObject({
      denomination: "Katolska kyrkan",
      phone: expect.stringMatching(/^\+46\d+$/),
      languages: expect.arrayContaining(["pl"]),
    });
    await service.stop();
    service = await startService(reportingService, ns.serviceEnv({ DEMO_DATA: true }));
    expect((await list(as.halmstadLead)).map((c) => c.id).sort()).toEqual(seeded.map((c) => c.id).sort());
  });

  it("is kept by the county board, with phones in E.164, and read by POSOM and PKL leads of the county", async () => {
    const created = await send("POST", url(), as.countyAdmin, {
      name: "Serbisk-ortodoxa församlingen i Halmstad",
      denomination: "Serbisk-ortodoxa kyrkan",
      municipalities: ["1380"],
      contactPerson: "Dragan Petrović",
      contactRole: "Präst",
      phone: "031-390 06 00",
      languages: ["sr", "sv"],
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const community = FaithCommunity.parse(await created.json());
    expect(community).toMatchObject({ countyCode: "13", phone: "+46313900600", updatedBy: "Lena Holm" });

    // Who serves Halmstad, for the POSOM lead there; the region's PKL lead sees the same list.
    const halmstad = await list(as.halmstadLead, "?municipality=1380");
    expect(halmstad.map((c) => c.name)).toContain("Serbisk-ortodoxa församlingen i Halmstad");
    expect(halmstad.map((c) => c.name)).not.toContain("Pingstkyrkan i Falkenberg");
    expect((await list(as.regionPkl)).some((c) => c.id === community.id)).toBe(true);
    const one = await send("GET", `${url()}/${community.id}`, as.regionPkl);
    expect(FaithCommunity.parse(await one.json()).contactPerson).toBe("Dragan Petrović");

    const changed = await send("PATCH", `${url()}/${community.id}`, as.observer, {
      contactPerson: "Milan Jovanović",
      phone: "+46 70 174 06 11",
    });
    expect(changed.status).toBe(200);
    expect(FaithCommunity.parse(await changed.json())).toMatchObject({
      contactPerson: "Milan Jovanović",
      phone: "+46701740611",
      languages: ["sr", "sv"], // untouched fields stay
    });

    const duplicate = await send("POST", url(), as.countyAdmin, {
      name: "Serbisk-ortodoxa församlingen i Halmstad",
      denomination: "Serbisk-ortodoxa kyrkan",
      contactPerson: "X Y",
      phone: "+46701740612",
    });
    expect(duplicate.status).toBe(409);

    expect((await send("DELETE", `${url()}/${community.id}`, as.countyAdmin)).status).toBe(204);
    expect((await send("GET", `${url()}/${community.id}`, as.halmstadLead)).status).toBe(404);
  });

  it("refuses a phone number that is not one, naming the field", async () => {
    const response = await send("POST", url(), as.countyAdmin, {
      name: "Equmeniakyrkan Varberg",
      denomination: "Equmeniakyrkan",
      contactPerson: "Sara Ek",
      phone: "12345",
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('"field":"phone"');
  });

  it("is kept by Länsstyrelsen only and read only in its own county", async () => {
    const [first] = await list(as.observer);
    if (!first) throw new Error("no demo entry");
    const entry = {
      name: "Ny gemenskap",
      denomination: "Annan",
      contactPerson: "Ann Ny",
      phone: "+46701740613",
    };
    expect((await send("POST", url(), as.halmstadLead, entry)).status).toBe(403);
    expect((await send("POST", url(), as.laholmAdmin, entry)).status).toBe(403);
    expect((await send("PATCH", `${url()}/${first.id}`, as.halmstadLead, { notes: "x" })).status).toBe(403);
    expect((await send("DELETE", `${url()}/${first.id}`, as.laholmAdmin)).status).toBe(403);
    expect((await send("GET", url(), as.laholmAdmin)).status).toBe(403);
    expect((await send("GET", url(), as.support)).status).toBe(403);
    expect((await send("GET", `${url()}?county=13`, as.skaneObserver)).status).toBe(403);
    expect((await send("GET", `${url()}/${first.id}`, as.skaneObserver)).status).toBe(403);
    expect((await list(as.skaneObserver)).map((c) => c.id)).not.toContain(first.id);
    expect((await fetch(url())).status).toBe(401);
  });

  it("puts every read of a contact on the audit trail, one row per entry returned", async () => {
    const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    const reads = async () => {
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from reporting.audit_log
        where subject_kind = 'faith-community-contact' and action = 'read' and actor_user_id = 'anna'`;
      return row?.n ?? 0;
    };
    try {
      const before = await reads();
      const shown = await list(as.halmstadLead, "?municipality=1380");
      expect(shown.length).toBeGreaterThan(0);
      expect(await reads()).toBe(before + shown.length);
      // A refused read leaves no row.
      const [first] = shown;
      await send("GET", `${url()}/${first?.id}`, as.skaneObserver);
      expect(await reads()).toBe(before + shown.length);
    } finally {
      await sql.end();
    }
  });
});
