import type { Principal, VisitorArrivalBody } from "@krisstod/contracts";
import type { Namespace } from "@krisstod/testing/namespace";
import type { NatsConnection } from "@nats-io/transport-node";
import postgres from "postgres";
import { post } from "../activation-setup.ts";
import { incidentOpenedEvent } from "../fixtures.ts";
import { publishEvent } from "../nats.ts";
import { until } from "../wait.ts";

export const pklLead: Partial<Principal> = {
  userId: "region-13.pkl-lead",
  organisationId: "region-13",
  countyCode: "13",
  roles: ["pkl-lead"],
};
export const pklStaff: Partial<Principal> = {
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

/** What a centre's staff terminal sends for visitor `i`: name, personnummer, phone, relation. */
export const visitorBody = (i: number): VisitorArrivalBody => ({
  registration: {
    name: `Besökare ${i}`,
    personnummer: personnummer(i),
    phone: `070-${String(200 + (i % 700))} ${String(i % 10_000).padStart(4, "0")}`,
    relation: i % 3 === 0 ? "affected" : "relative",
    consentToFollowUp: i % 2 === 0,
  },
});

/**
 * An incident as activation publishes it, waited for until support-centres has its location (the
 * centres are checked against it); returns its id.
 */
export async function incidentKnownToCentres(ns: Namespace, nc: NatsConnection, incidentId?: string) {
  const incident = incidentOpenedEvent(0);
  if (!incidentId) await publishEvent(nc, ns.natsNamespace, incident);
  const id = incidentId ?? incident.aggregateId;
  const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await until(async () => {
      const [row] = await sql`select 1 from support_centres.incident_locations where incident_id = ${id}`;
      return row ? true : undefined;
    }, "the incident's location in support-centres");
  } finally {
    await sql.end();
  }
  return id;
}

/** `count` PKL centres of Region Halland for the incident, opened. */
export async function openCentres(url: string, ns: Namespace, incidentId: string, count: number) {
  const lead = await ns.headers(pklLead);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const centre = await post<{ id: string }>(`${url}/centres`, lead, {
      incidentId,
      operator: "pkl",
      pklOrganisationId: "region-13",
      name: `Hallands sjukhus Halmstad ${i + 1}`,
      location: { lat: 56.6817, lon: 12.8742, address: "Lasarettsvägen, Halmstad" },
      functions: ["information-referral", "crisis-support-follow-up"],
      capacity: 100_000,
    });
    await post(`${url}/centres/${centre.id}/open`, lead, {});
    ids.push(centre.id);
  }
  return ids;
}
