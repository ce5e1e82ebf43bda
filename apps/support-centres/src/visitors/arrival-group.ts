import type { Sql } from "@krisstod/db";
import { type SQL, sql } from "drizzle-orm";
import { PgDialect, type PgTable } from "drizzle-orm/pg-core";
import { audit, centreCountChanges, centres, visitorPersonalData, visitors } from "../db/schema.ts";
import { $, run, statement } from "./statements.ts";

/**
 * Group commit of arrivals. Each arrival that can be recorded in one statement (checked against what
 * never changes about its centre, arrival.ts) joins the next group; a group goes out as soon as the
 * one before it has come back, so an arrival alone goes out at once (no timer, no added wait) and at
 * a mass-casualty rate the arrivals that came in during one round trip share the next statement and
 * its commit. PostgreSQL's work per registration was mostly per statement and per commit (parse,
 * plan, the commit's WAL flush, the backend's wake-up), not per row.
 */

const v = visitors;
const pd = visitorPersonalData;
const log = audit.auditLog;
const cc = centreCountChanges;

/**
 * One arrival as the statement reads it (a JSON object, one per arrival): each key is a column of
 * the recordset, typed as the table column named beside it. The personal data is read only when
 * `registered`; the count change is this arrival's, summed per centre.
 */
const arrivalColumns = {
  id: v.id,
  centreId: v.centreId,
  incidentId: v.incidentId,
  receivedBy: v.receivedBy,
  receivingOrganisationId: v.receivingOrganisationId,
  registered: v.registered,
  child: v.child,
  childAge: v.childAge,
  channel: v.channel,
  arrivedAt: v.arrivedAt,
  departedAt: v.departedAt,
  name: pd.name,
  personnummer: pd.personnummer,
  dateOfBirth: pd.dateOfBirth,
  phone: pd.phone,
  relation: pd.relation,
  lookingFor: pd.lookingFor,
  specialNeeds: pd.specialNeeds,
  language: pd.language,
  consentToFollowUp: pd.consentToFollowUp,
  actorUserId: log.actorUserId,
  actorOrganisationId: log.actorOrganisationId,
  action: log.action,
  subjectKind: log.subjectKind,
  reason: log.reason,
  present: cc.present,
  total: cc.total,
  children: cc.children,
  registeredCount: cc.registered,
  anonymous: cc.anonymous,
  unaccompaniedChildren: cc.unaccompaniedChildren,
  phoneContacts: cc.phoneContacts,
} as const;
type Columns = typeof arrivalColumns;
type PersonalKey = "name" | "personnummer" | "dateOfBirth" | "phone" | "relation" | "lookingFor";
type OptionalKey = PersonalKey | "specialNeeds" | "language" | "consentToFollowUp" | "reason";
/** An arrival of a group; Dates go as JSON's ISO text. */
export type GroupedArrival = {
  [K in Exclude<keyof Columns, OptionalKey>]: Columns[K]["_"]["data"] | null;
} & {
  [K in OptionalKey]?: Columns[K]["_"]["data"] | null;
};

/**
 * The group's statement, autocommit: the group's centres taken `FOR KEY SHARE` only while open (a
 * close waits for the statement and counts its arrivals; an arrival after a close finds it closed),
 * then per arrival at an open centre its visit, and when registered its personal data and audit row,
 * and one count change per centre. Answers the ids of the visits recorded: the other arrivals (their
 * centre not open, or gone) recorded nothing.
 */
function groupStatement() {
  const a = (key: keyof Columns) => sql`a.${sql.identifier(key)}`;
  const id = sql.identifier(v.id.name);
  const insert = (table: PgTable, values: [{ name: string }, SQL][], from: SQL) =>
    sql`insert into ${table} (${sql.join(
      values.map(([column]) => sql.identifier(column.name)),
      sql`, `,
    )}) select ${sql.join(
      values.map(([, value]) => value),
      sql`, `,
    )} ${from}`;
  const recorded = sql`from arrival a join visit using (${id})`;
  const recordset = sql.join(
    Object.entries(arrivalColumns).map(
      ([key, column]) => sql`${sql.identifier(key)} ${sql.raw(column.getSQLType())}`,
    ),
    sql`, `,
  );
  const query = sql`with arrival as (
      select * from json_to_recordset(${$("arrivals")}::text::json) as a(${recordset})
    ), open_centre as (
      select ${sql.identifier(centres.id.name)} from ${centres}
      where ${sql.identifier(centres.id.name)} in (select ${sql.identifier("centreId")} from arrival)
        and ${sql.identifier(centres.status.name)} = 'open'
      order by 1
      for key share
    ), visit as (
      ${insert(
        v,
        [
          [v.id, a("id")],
          [v.centreId, a("centreId")],
          [v.incidentId, a("incidentId")],
          [v.receivedBy, a("receivedBy")],
          [v.receivingOrganisationId, a("receivingOrganisationId")],
          [v.registered, a("registered")],
          [v.child, a("child")],
          [v.childAge, a("childAge")],
          [v.channel, a("channel")],
          [v.arrivedAt, a("arrivedAt")],
          [v.departedAt, a("departedAt")],
        ],
        sql`from arrival a where ${a("centreId")} in (select ${sql.identifier(centres.id.name)} from open_centre)`,
      )} returning ${id}
    ), personal as (
      ${insert(
        pd,
        [
          [pd.visitorId, a("id")],
          [pd.organisationId, a("receivingOrganisationId")],
          [pd.incidentId, a("incidentId")],
          [pd.name, a("name")],
          [pd.personnummer, a("personnummer")],
          [pd.dateOfBirth, a("dateOfBirth")],
          [pd.phone, a("phone")],
          [pd.relation, a("relation")],
          [pd.lookingFor, a("lookingFor")],
          [pd.specialNeeds, a("specialNeeds")],
          [pd.language, a("language")],
          [pd.consentToFollowUp, a("consentToFollowUp")],
        ],
        sql`${recorded} where ${a("registered")}`,
      )}
    ), audited as (
      ${insert(
        log,
        [
          [log.at, a("arrivedAt")],
          [log.actorUserId, a("actorUserId")],
          [log.actorOrganisationId, a("actorOrganisationId")],
          [log.action, a("action")],
          [log.subjectKind, a("subjectKind")],
          [log.subjectId, sql`${a("id")}::text`],
          [log.subjectOrganisationId, a("receivingOrganisationId")],
          [log.incidentId, a("incidentId")],
          [log.reason, a("reason")],
        ],
        // Same statement, so the audit row exists exactly when the registration does.
        sql`${recorded} where ${a("registered")} order by ${a("arrivedAt")}`,
      )}
    ), counted as (
      ${insert(
        cc,
        [
          [cc.centreId, a("centreId")],
          ...(
            [
              [cc.present, "present"],
              [cc.total, "total"],
              [cc.children, "children"],
              [cc.registered, "registeredCount"],
              [cc.anonymous, "anonymous"],
              [cc.unaccompaniedChildren, "unaccompaniedChildren"],
              [cc.phoneContacts, "phoneContacts"],
            ] as const
          ).map(([column, key]): [{ name: string }, SQL] => [column, sql`sum(${a(key)})::int`]),
        ],
        sql`${recorded} group by ${a("centreId")}`,
      )}
    )
    select ${id} from visit`;
  return statement({ toSQL: () => new PgDialect().sqlToQuery(query) });
}

/** At most this many arrivals share a statement. */
const MAX_GROUP = 64;

interface Waiting {
  arrival: GroupedArrival;
  settle: (recorded: boolean) => void;
  fail: (error: unknown) => void;
}

/**
 * Records arrivals in groups, one statement in flight at a time. Resolves true when the arrival was
 * recorded, false when it was not and nothing of it stays: its centre not open (or gone), or the
 * group's statement failed in PostgreSQL (an ERROR rolls the whole statement back; one arrival's bad
 * value must not refuse the others). The caller then takes the way that checks and says why. Any
 * other failure (the connection lost mid-statement, when the commit may or may not have happened)
 * rejects: trying again could record an arrival twice.
 */
export function arrivalGroups(pool: Sql): (arrival: GroupedArrival) => Promise<boolean> {
  const insertGroup = groupStatement();
  let waiting: Waiting[] = [];
  let inFlight = false;

  const send = () => {
    const group = waiting.length > MAX_GROUP ? waiting.splice(0, MAX_GROUP) : waiting;
    if (group === waiting) waiting = [];
    inFlight = true;
    const done = () => {
      inFlight = false;
      // The next group goes out before this one's callers run on.
      if (waiting.length > 0) send();
    };
    let query: Promise<unknown[][]>;
    try {
      const arrivals = JSON.stringify(group.map((w) => w.arrival));
      query = run(pool, insertGroup, { arrivals });
    } catch {
      // Nothing was sent; each arrival takes its own way (and the next group is not held up).
      done();
      for (const w of group) w.settle(false);
      return;
    }
    query.then(
      (rows) => {
        done();
        const recorded = new Set(rows.map(([visitId]) => visitId as string));
        for (const w of group) w.settle(recorded.has(w.arrival.id as string));
      },
      (error: unknown) => {
        done();
        const rolledBack = isStatementError(error);
        for (const w of group) rolledBack ? w.settle(false) : w.fail(error);
      },
    );
  };

  return (arrival) =>
    new Promise<boolean>((settle, fail) => {
      waiting.push({ arrival, settle, fail });
      if (inFlight) return;
      // Out once this turn of the event loop has handled what it read (no timer, no wait for more):
      // the requests read from the sockets together join the first group instead of one going out
      // alone and the others waiting for its round trip.
      inFlight = true;
      setImmediate(send);
    });
}

/**
 * An ERROR from PostgreSQL for the statement (not FATAL: a backend ended during the commit may have
 * committed). postgres.js raises it as a PostgresError; matched by name, as @krisstod/http does.
 */
function isStatementError(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === "PostgresError" &&
    (error as Error & { severity?: string }).severity === "ERROR"
  );
}
