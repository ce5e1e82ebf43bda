import { natsConnectOptions } from "@krisstod/bus";
import { SERVICE_NAMES, serviceSchema, subjects } from "@krisstod/contracts";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import postgres from "postgres";
import type { Ledger } from "./run.ts";

/**
 * What must hold after any fault, read straight from the services' tables and the stream (the
 * tests own the database; services never read each other's tables, tests may).
 */

const tableOf: Record<string, string> = {
  incident: "activation.incidents",
  activation: "activation.activations",
  "aid-request": "activation.aid_requests",
  "aid-offer": "activation.aid_offers",
  centre: "support_centres.centres",
  visitor: "support_centres.visitors",
  logbook: "reporting.logbook_entries",
  "situation-report": "reporting.situation_reports",
};

/** Acknowledged creations whose row is missing (should be empty). */
export async function missingAcknowledged(databaseUrl: string, ledger: Ledger): Promise<string[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const missing: string[] = [];
    for (const [step, table] of Object.entries(tableOf)) {
      const wanted = ledger.acknowledged.filter((a) => a.step === step).map((a) => a.id);
      if (wanted.length === 0) continue;
      const rows = await sql<
        { id: string }[]
      >`select id::text as id from ${sql.unsafe(table)} where id in ${sql(wanted)}`;
      const found = new Set(rows.map((r) => r.id));
      missing.push(...wanted.filter((id) => !found.has(id)).map((id) => `${step} ${id}`));
    }
    return missing;
  } finally {
    await sql.end();
  }
}

export interface EffectCounts {
  /**
   * Events the regional picture applied, per type (reporting's inbox of its picture consumer, one
   * row per event, written in the transaction that applied it). The feed is no measure of this: a
   * batch appends only each item's last change.
   */
  pictureEventsByType: Record<string, number>;
  /** Messages handed to the (development) notifier per activation × person × channel above 1. */
  duplicateMessages: { activationId: string; personId: string; channel: string; n: number }[];
  /** Rows each service's outbox holds (events produced). */
  outboxRows: number;
  /** Messages the namespace's stream holds (must equal outboxRows: none stored twice). */
  streamMessages: number;
  deadLetters: number;
  /** Events produced per type (across services). */
  outboxByType: Record<string, number>;
}

export async function effectCounts(
  databaseUrl: string,
  natsUrl: string,
  namespace: string,
): Promise<EffectCounts> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const duplicateMessages = await sql<EffectCounts["duplicateMessages"]>`
      select activation_id::text as "activationId", person_id as "personId", channel, count(*)::int as n
      from activation.dev_outbox group by 1, 2, 3 having count(*) > 1`;
    let outboxRows = 0;
    let deadLetters = 0;
    const outboxByType: Record<string, number> = {};
    for (const schema of SERVICE_NAMES.map(serviceSchema)) {
      const types = await sql<{ type: string; n: number }[]>`
        select payload->>'type' as type, count(*)::int as n from ${sql(schema)}.outbox group by 1`;
      for (const t of types) outboxByType[t.type] = t.n;
      const [o] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(schema)}.outbox`;
      const [d] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(schema)}.dead_letters`;
      outboxRows += o?.n ?? 0;
      deadLetters += d?.n ?? 0;
    }
    const produced = sql.unsafe(
      SERVICE_NAMES.map(serviceSchema)
        .map((schema) => `select event_id, payload->>'type' as type from "${schema}".outbox`)
        .join(" union all "),
    );
    const applied = await sql<{ type: string; n: number }[]>`
      select e.type, count(*)::int as n
      from reporting.inbox i join (${produced}) e using (event_id)
      where i.consumer = 'reporting-picture' group by 1 order by 1`;
    const nc = await connect(natsConnectOptions(natsUrl));
    let streamMessages = -1;
    try {
      const info = await (await jetstreamManager(nc)).streams.info(subjects.eventStream(namespace));
      streamMessages = info.state.messages;
    } finally {
      await nc.close();
    }
    return {
      pictureEventsByType: Object.fromEntries(applied.map((r) => [r.type, r.n])),
      duplicateMessages: [...duplicateMessages],
      outboxRows,
      streamMessages,
      deadLetters,
      outboxByType,
    };
  } finally {
    await sql.end();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A picture with what differs between two runs of the same scenario taken out: ids the scenario
 * created become their keys ("fire", "posom-centre"), other ids (roster people) and times become
 * placeholders, the feed position goes, and arrays are sorted.
 */
export function normalisePicture(picture: unknown, labels: Map<string, string>): unknown {
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === "string") {
      if (UUID.test(value)) return labels.get(value) ?? "<id>";
      if (ISO_TIME.test(value) && key !== "occurredAt") return "<time>";
      return value;
    }
    if (Array.isArray(value)) {
      return value.map((v) => walk(v)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    }
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => k !== "lastEventId")
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, walk(v, k)]),
      );
    }
    return value;
  };
  return walk(picture);
}
