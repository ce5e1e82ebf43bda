import type { Principal, VisitorArrivalBody } from "@krisstod/contracts";
import { IncidentOpened, subjects } from "@krisstod/contracts";
import { startService } from "@krisstod/runtime";
import { supportCentresService } from "@krisstod/support-centres";
import { createNamespace } from "@krisstod/testing/namespace";
import { jetstream } from "@nats-io/jetstream";
import postgres from "postgres";
import { post } from "../activation-setup.ts";
import { incidentOpenedEvent } from "../fixtures.ts";
import { round, summarise } from "../stats.ts";
import type { BenchTarget } from "../types.ts";
import { inParallel, until } from "../wait.ts";

const TARGET_PER_SECOND = 1_000;
const TARGET_P99_MS = 50;
const CLIENTS = 32;

const pklLead: Partial<Principal> = {
  userId: "region-13.pkl-lead",
  organisationId: "region-13",
  countyCode: "13",
  roles: ["pkl-lead"],
};
const pklStaff: Partial<Principal> = {
  userId: "region-13.centre-staff",
  organisationId: "region-13",
  countyCode: "13",
  roles: ["centre-staff"],
};

/** A valid personnummer (YYYYMMDD-NNNC, Luhn check digit over the last ten digits) for visitor `i`. */
export function personnummer(i: number): string {
  const year = 1940 + (i % 70);
  const month = String(1 + (i % 12)).padStart(2, "0");
  const day = String(1 + (i % 28)).padStart(2, "0");
  const serial = String(1 + (i % 999)).padStart(3, "0");
  const nine = `${String(year).slice(2)}${month}${day}${serial}`;
  let sum = 0;
  for (const [k, ch] of [...nine].entries()) {
    const d = Number(ch) * (k % 2 === 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  return `${year}${month}${day}-${serial}${(10 - (sum % 10)) % 10}`;
}

/**
 * Issue 6: 1,000 visitor registrations per second sustained with p99 under 50 ms. A mass-casualty
 * event at a PKL centre (PKL registers every visitor): `CLIENTS` staff terminals register visitors
 * with name, personnummer, phone and relation over HTTP as fast as the service answers (closed
 * loop); achieved rate and latency are reported, beside the raw INSERT loop's rate.
 */
export const registrations: BenchTarget = {
  name: "Visitor registrations",
  async run(env) {
    const total = Math.max(1_000, Math.round(10_000 * env.scale));
    const ns = await createNamespace(env.databaseAdminUrl, env.natsUrl);
    const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    const service = await startService(supportCentresService, ns.serviceEnv());
    try {
      // The incident reaches support-centres as activation would publish it (the centre is checked
      // against its location).
      const incident = incidentOpenedEvent(0);
      await jetstream(service.context.nc).publish(
        subjects.event(ns.natsNamespace, "13", "kommun-1380", IncidentOpened.type),
        JSON.stringify(incident),
        { msgID: incident.id },
      );
      await until(async () => {
        const [row] =
          await sql`select 1 from support_centres.incident_locations where incident_id = ${incident.aggregateId}`;
        return row ? true : undefined;
      }, "the incident's location");
      const lead = await ns.headers(pklLead);
      const centre = await post<{ id: string }>(`${service.url}/centres`, lead, {
        incidentId: incident.aggregateId,
        operator: "pkl",
        pklOrganisationId: "region-13",
        name: "Hallands sjukhus Halmstad",
        location: { lat: 56.6817, lon: 12.8742, address: "Lasarettsvägen, Halmstad" },
        functions: ["information-referral", "crisis-support-follow-up"],
        capacity: 100_000,
      });
      await post(`${service.url}/centres/${centre.id}/open`, lead, {});
      const staff = await ns.headers(pklStaff);
      const body = (i: number): VisitorArrivalBody => ({
        registration: {
          name: `Besökare ${i}`,
          personnummer: personnummer(i),
          phone: `070-${String(200 + (i % 700))} ${String(i % 10_000).padStart(4, "0")}`,
          relation: i % 3 === 0 ? "affected" : "relative",
          consentToFollowUp: i % 2 === 0,
        },
      });
      const samples: number[] = [];
      const failures: string[] = [];
      const started = performance.now();
      await inParallel(
        Array.from({ length: total }, (_, i) => i),
        CLIENTS,
        async (i) => {
          const t = performance.now();
          const response = await fetch(`${service.url}/centres/${centre.id}/visitors`, {
            method: "POST",
            headers: staff,
            body: JSON.stringify(body(i)),
          });
          const text = await response.text();
          samples.push(performance.now() - t);
          if (response.status !== 201 && failures.length < 3) failures.push(`${response.status} ${text}`);
        },
      );
      const seconds = (performance.now() - started) / 1000;
      if (failures.length > 0) throw new Error(`registrations refused: ${failures.join(", ")}`);
      const latency = summarise(samples);
      const throughput = round(total / seconds, 0);
      return {
        name: this.name,
        target: `≥ ${TARGET_PER_SECOND}/s, p99 < ${TARGET_P99_MS} ms`,
        latency,
        throughput,
        comparedTo: "pgInsert",
        met: throughput >= TARGET_PER_SECOND && latency.p99 < TARGET_P99_MS,
        notes:
          `${total} registrations (name, personnummer, phone, relation; each audited) into one PKL centre ` +
          `by ${CLIENTS} parallel clients, closed loop; ratio = achieved rate ÷ the raw one-row INSERT loop's rate`,
      };
    } finally {
      await service.stop();
      await sql.end();
      await ns.drop();
    }
  },
};
