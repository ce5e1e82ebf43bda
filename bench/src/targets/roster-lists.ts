import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Principal } from "@krisstod/contracts";
import postgres from "postgres";
import { post } from "../activation-setup.ts";
import { checked } from "../load/pool.ts";
import type { RequestSpec } from "../load/protocol.ts";
import { startServiceProcesses } from "../processes.ts";
import { round, summarise } from "../stats.ts";
import type { BenchTarget, Measurement } from "../types.ts";
import { inParallel } from "../wait.ts";

const TARGET_P95_MS = 50;
const PEOPLE_PER_ORGANISATION = 40;

interface Municipality {
  code: string;
  name: string;
  countyCode: string;
  lat: number;
  lon: number;
}

/** Sweden's 290 municipalities, from the boundary file the dashboard ships. */
function municipalities(): Municipality[] {
  const file = fileURLToPath(
    new URL("../../../apps/dashboard/public/geo/swedish_municipalities.geojson", import.meta.url),
  );
  const json = JSON.parse(readFileSync(file, "utf8")) as {
    features: {
      properties: { id: string; kom_namn: string; lan_code: string; geo_point_2d: [number, number] };
    }[];
  };
  return json.features.map(({ properties: p }) => ({
    code: p.id,
    name: p.kom_namn,
    countyCode: p.lan_code,
    lat: p.geo_point_2d[0],
    lon: p.geo_point_2d[1],
  }));
}

/** A municipality's larmlista as its POSOM lead keeps it: 1 samordnare, 6 ledningsgrupp, 33 stödpersoner. */
function callListCsv(m: Municipality, index: number): string {
  const header =
    "roll;förnamn;efternamn;arbetsplats;arbetsgivare;telefon;telefon2;epost;språk;chefsgodkännande;aktiv";
  const rows = Array.from({ length: PEOPLE_PER_ORGANISATION }, (_, i) => {
    const role = i === 0 ? "samordnare" : i <= 6 ? "ledningsgrupp" : "stödperson";
    const phone = `070${String(index * 100 + i).padStart(7, "0")}`;
    const workplace = ["Socialtjänsten", "Skolan", "Äldreomsorgen", "Kyrkan", "Räddningstjänsten"][i % 5];
    return [
      role,
      `Förnamn${i}`,
      `Efternamn${index}`,
      workplace,
      i % 5 === 3 ? "Svenska kyrkan" : `${m.name} kommun`,
      phone,
      "",
      `person${i}@${m.code}.example`,
      i % 4 === 0 ? "sv,en" : "sv",
      i % 5 === 3 ? "ja" : "",
      "ja",
    ].join(";");
  });
  return `\uFEFF${[header, ...rows].join("\r\n")}\r\n`;
}

const lead = (organisationId: string, countyCode: string): Partial<Principal> => ({
  userId: `${organisationId}.posom-lead`,
  organisationId,
  countyCode,
  roles: ["posom-lead"],
});

/**
 * Issue 4: 290 municipalities × 40 people plus trainings load, and list queries answer in under
 * 50 ms p95. Organisations are inserted with SQL (the roster has no bulk route for them); each
 * municipality's call list goes in through the real CSV import endpoint and its trainings through
 * POST /trainings (3 per municipality with attendees). Then one client asks, one request at a
 * time, for a random municipality's people and its support-person call list, signed in as that
 * municipality's POSOM lead — so each answer carries contact details and audits 33–40 rows.
 */
export const rosterLists: BenchTarget = {
  name: "Roster list latency",
  async run(env) {
    const all = municipalities();
    const chosen = all.slice(
      0,
      env.quick ? 3 : Math.max(20, Math.round(all.length * Math.min(1, env.scale))),
    );
    const ns = await env.namespace();
    const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    const service = await startServiceProcesses(ns, "roster", { env: { DEMO_DATA: "false" } });
    try {
      const loadStarted = performance.now();
      await sql`insert into roster.organisations ${sql(
        chosen.map((m) => ({
          id: `kommun-${m.code}`,
          name: `${m.name} kommun`,
          kind: "municipality",
          county_code: m.countyCode,
          municipality_code: m.code,
          lat: m.lat,
          lon: m.lon,
        })),
      )}`;
      const headers = new Map<string, Record<string, string>>();
      for (const m of chosen) headers.set(m.code, await ns.headers(lead(`kommun-${m.code}`, m.countyCode)));
      await inParallel(
        chosen.map((m, i) => ({ m, i })),
        4,
        async ({ m, i }) => {
          const h = headers.get(m.code) ?? {};
          const response = await fetch(
            `${service.url}/organisations/kommun-${m.code}/call-lists/import?format=csv`,
            { method: "POST", headers: { ...h, "Content-Type": "text/csv" }, body: callListCsv(m, i) },
          );
          if (response.status !== 200)
            throw new Error(`import ${m.code}: ${response.status} ${await response.text()}`);
          const ids = (
            await sql<
              { id: string }[]
            >`select id from roster.people where organisation_id = ${`kommun-${m.code}`}`
          ).map((r) => r.id);
          const trainings = [
            { kind: "introduction", date: "2025-02-10", attendeeIds: ids },
            { kind: "full-day", date: "2025-09-18", attendeeIds: ids.slice(0, 30) },
            { kind: "exercise", date: "2026-03-05", attendeeIds: ids.filter((_, k) => k % 2 === 0) },
          ] as const;
          for (const t of trainings) {
            await post(`${service.url}/trainings`, h, {
              organisationId: `kommun-${m.code}`,
              title: `${t.kind} krisstöd`,
              kind: t.kind,
              date: t.date,
              organiser: "Länsstyrelsen",
              covers: [{ item: "support-person-1", level: "knowledge" }],
              attendeeIds: t.attendeeIds,
            });
          }
        },
      );
      const loadSeconds = round((performance.now() - loadStarted) / 1000, 1);
      const [counts] = await sql<{ people: number; attendances: number }[]>`
        select (select count(*)::int from roster.people) as people,
               (select count(*)::int from roster.training_attendees) as attendances`;

      const requests = env.quick ? 10 : Math.max(200, Math.round(1_000 * env.scale));
      const specs: RequestSpec[] = Array.from({ length: requests * 2 }, (_, i) => {
        const m = chosen[(i * 7919) % chosen.length] as Municipality;
        const which = i % 2 === 0 ? "people" : "callList";
        const path =
          which === "people"
            ? `/organisations/kommun-${m.code}/people`
            : `/organisations/kommun-${m.code}/call-lists/support-persons`;
        return { label: which, method: "GET", url: `${service.url}${path}`, headers: m.code, expect: 200 };
      });
      // One request at a time from one generator process.
      const result = checked(
        await env.pool.http(specs, { concurrency: 1, headerSets: Object.fromEntries(headers) }),
        "roster lists",
      );
      const samples = { people: result.samples.people ?? [], callList: result.samples.callList ?? [] };
      const loaded =
        `${chosen.length} municipalities, ${counts?.people} people, ${counts?.attendances} training attendances ` +
        `loaded in ${loadSeconds} s (import endpoint + POST /trainings, 4 in parallel)`;
      const row = (name: string, values: number[], note: string): Measurement => {
        const latency = summarise(values);
        return {
          name,
          target: `p95 < ${TARGET_P95_MS} ms`,
          latency,
          met: latency.p95 < TARGET_P95_MS,
          notes: `${values.length} requests, one at a time from a generator process, as the municipality's POSOM lead (${note}); ${loaded}`,
          limits: "reading and auditing every person shown (one audit row each)",
          ratioOf: "p95",
          baselineShape: { requests: values.length, concurrency: 1, replicas: 1 },
        };
      };
      return [
        row(
          "Roster: people of an organisation",
          samples.people,
          "40 people with contacts, 40 audit rows each",
        ),
        row("Roster: call list (support persons)", samples.callList, "33 entries with contacts, audited"),
      ];
    } finally {
      await service.stop();
      await sql.end();
      await ns.drop();
    }
  },
};
