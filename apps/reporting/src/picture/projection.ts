import { type BatchHandler, PoisonEventError, poisonIfInvalid } from "@krisstod/bus";
import {
  ActivationCallOutChanged,
  ActivationDecided,
  ActivationFallbackOffered,
  ActivationStatusChanged,
  CentreChanged,
  CentreOccupancyChanged,
  countyOfOrganisation,
  type EventEnvelope,
  IncidentClosed,
  IncidentOpened,
  IncidentUpdated,
  MutualAidAccepted,
  MutualAidDeployed,
  MutualAidOffered,
  MutualAidReleased,
  MutualAidRequested,
  MutualAidStaffingReported,
  type PictureActivation,
  type PictureChange,
  PictureIncident,
  type PictureMutualAid,
  type PictureReadiness,
  type PictureSectionChange,
  type PictureSituationReport,
  type PictureSupportCentre,
  parseEvent,
  RosterReadinessChanged,
  SituationReportSubmitted,
  type SuppressedCentreCounts,
  suppressCount,
} from "@krisstod/contracts";
import type { Transaction } from "@krisstod/db";
import { and, eq, like, sql } from "drizzle-orm";
import { feed, pictureIncidents, pictureItems } from "../db/schema.ts";

/**
 * An event about something whose first event has not been projected yet. Streams keep order, but
 * after a consumer restart JetStream redelivers unacknowledged messages after newer ones; failing
 * here (not skipping) makes the consumer retry it shortly, once its parent is in the picture, so
 * no change is lost.
 */
class NotYetProjected extends Error {
  override readonly name = "NotYetProjected";
  constructor(kind: string, id: string) {
    super(`${kind} ${id} is not in the picture yet; will retry`);
  }
}

export const FEED_CHANNEL = "reporting_feed";
/** The advisory lock every feed writer holds from its INSERT to its commit (see appendToFeed). */
const FEED_LOCK = "reporting-feed-append";
/** The durable consumer that keeps the picture; its inbox rows are dropped on a rebuild. */
export const PICTURE_CONSUMER = "reporting-picture";

export type FeedChange = PictureChange | PictureSectionChange;
/** Changes of the picture a batch produced, appended to the feed together at its end. */
export type FeedRows = { countyCode: string; change: FeedChange }[];

/** The sections of `picture_items`, named as in the picture. */
export const Section = {
  activations: "activations",
  mutualAid: "mutualAid",
  supportCentres: "supportCentres",
  readiness: "readiness",
  situationReports: "situationReports",
} as const;

/**
 * Applies a batch of events to the regional picture in stream order, then appends the resulting
 * changes to the feed in one statement and wakes the feed hubs with one notification.
 */
export const projectEvents: BatchHandler = async (tx, events) => {
  await appendToFeed(tx, latestPerItem(await applyEvents(tx, events)));
};

/**
 * The batch's changes with each item's superseded changes left out: every change but
 * `picture.rebuilt` carries the whole new state of one item, and a batch commits at once, so no
 * reader could have seen the earlier states. Each item's last change stays where it was. A
 * 300-person call-out decided in one transaction is 301 events and one feed entry instead of 301,
 * for every dashboard of the county. A `picture.rebuilt` is kept, and nothing is merged across it.
 */
export function latestPerItem(changes: FeedRows): FeedRows {
  const later = new Set<string>();
  const kept: FeedRows = [];
  for (let i = changes.length - 1; i >= 0; i--) {
    const row = changes[i] as FeedRows[number];
    const key = itemKey(row);
    if (key === undefined) later.clear();
    else if (later.has(key)) continue;
    else later.add(key);
    kept.push(row);
  }
  return kept.reverse();
}

/** The picture item a feed change is the new state of; undefined for a whole-picture change. */
function itemKey({ countyCode, change }: FeedRows[number]): string | undefined {
  if (change.kind === "picture.rebuilt") return undefined;
  if (change.kind === "incident.upserted") return `incident\u0000${countyCode}\u0000${change.incident.id}`;
  const { section, id } = itemOfChange(countyCode, change);
  return `${section}\u0000${countyCode}\u0000${id}`;
}

/**
 * Appends changes to the feed so that they become visible in `seq` order. The feed's `seq` is the
 * stream's cursor (SSE id, Last-Event-ID, the picture's lastEventId) and readers ask for
 * `seq > last seen`; a sequence value is taken at INSERT, so without this a transaction holding
 * seq N could commit after one holding N+1 had been read, and every reader past N+1 would never
 * see N. A transaction-scoped advisory lock taken just before the INSERT and held to commit makes
 * commit order equal seq order for every writer (the projection, its replicas, the rebuild). It
 * is the last lock such a transaction takes, so it adds no lock cycle; it is held only from the
 * INSERT to the commit.
 */
export async function appendToFeed(tx: Transaction, changes: FeedRows): Promise<void> {
  if (changes.length === 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${FEED_LOCK}))`);
  await tx.insert(feed).values(changes);
  await tx.execute(sql`select pg_notify(${FEED_CHANNEL}, '')`);
}

/** Applies events to the projection tables only; returns the changes for the feed. */
export async function applyEvents(tx: Transaction, events: readonly EventEnvelope[]): Promise<FeedRows> {
  const scope = new BatchScope(tx);
  const changes: FeedRows = [];
  for (const event of events) {
    // Incidents are written together, a run of them with one statement; anything else waits for
    // them first, so it sees them and the feed keeps stream order.
    if (!INCIDENT_EVENTS.has(event.type)) await scope.settle(changes);
    await projectEvent(scope, event, changes);
  }
  await scope.settle(changes);
  await scope.flush();
  return changes;
}

const INCIDENT_EVENTS = new Set<string>([IncidentOpened.type, IncidentUpdated.type, IncidentClosed.type]);
type ItemRow = typeof pictureItems.$inferInsert;

/**
 * What one batch of events works through: its transaction; the picture items it reads and writes,
 * each read at most once and all written together at the end with one multi-row upsert (a
 * call-out's hundred answers to one activation read and write its row once, not a hundred times);
 * and the incidents still to write.
 */
class BatchScope {
  private readonly items = new Map<string, ItemRow | null>();
  private readonly dirty = new Set<string>();
  private incidents: PictureIncident[] = [];

  constructor(readonly tx: Transaction) {}

  async read<T>(section: string, id: string): Promise<T | undefined> {
    const key = `${section}\u0000${id}`;
    if (!this.items.has(key)) {
      const [row] = await this.tx
        .select()
        .from(pictureItems)
        .where(and(eq(pictureItems.section, section), eq(pictureItems.id, id)))
        .limit(1);
      this.items.set(key, row ?? null);
    }
    return this.items.get(key)?.item as T | undefined;
  }

  /** The first item of `section` whose id starts with `prefix` (one per county of a mutual-aid request). */
  async readByPrefix<T>(section: string, prefix: string): Promise<T | undefined> {
    for (const row of this.items.values())
      if (row && row.section === section && row.id.startsWith(prefix)) return row.item as T;
    const [row] = await this.tx
      .select()
      .from(pictureItems)
      .where(and(eq(pictureItems.section, section), like(pictureItems.id, `${prefix}%`)))
      .limit(1);
    if (!row) return undefined;
    this.items.set(`${row.section}\u0000${row.id}`, row);
    return row.item as T;
  }

  write(row: ItemRow): void {
    const key = `${row.section}\u0000${row.id}`;
    this.items.set(key, row);
    this.dirty.add(key);
  }

  /** An incident to write; it and its feed change join the picture at the next `settle`. */
  incident(incident: PictureIncident): void {
    this.incidents.push(incident);
  }

  /**
   * Writes the incidents waiting, in stream order, with one upsert per run of distinct ids, and
   * appends the feed change of each one written.
   */
  async settle(changes: FeedRows): Promise<void> {
    let run: PictureIncident[] = [];
    const write = async () => {
      if (run.length === 0) return;
      const written = await upsertIncidents(this, run);
      // A closed incident goes out as an upsert with status "closed": dashboards drop it from
      // the active list (they show open incidents only), older clients need no new kind.
      for (const incident of run)
        if (written.has(incident.id))
          changes.push({ countyCode: incident.countyCode, change: { kind: "incident.upserted", incident } });
      run = [];
    };
    for (const incident of this.incidents) {
      if (run.length >= 500 || run.some((other) => other.id === incident.id)) await write();
      run.push(incident);
    }
    await write();
    this.incidents = [];
  }

  /** Writes every item the batch changed, each once, in chunks of one statement. */
  async flush(): Promise<void> {
    const rows = [...this.dirty].map((key) => this.items.get(key) as ItemRow);
    for (let i = 0; i < rows.length; i += 1_000) {
      await this.tx
        .insert(pictureItems)
        .values(rows.slice(i, i + 1_000))
        .onConflictDoUpdate({
          target: [pictureItems.section, pictureItems.id],
          set: {
            countyCode: sql`excluded.county_code`,
            item: sql`excluded.item`,
            active: sql`excluded.active`,
            updatedAt: sql`excluded.updated_at`,
          },
        });
    }
  }
}

async function projectEvent(scope: BatchScope, event: EventEnvelope, changes: FeedRows): Promise<void> {
  try {
    switch (event.type) {
      case IncidentOpened.type:
      case IncidentUpdated.type:
      case IncidentClosed.type: {
        const { data } =
          event.type === IncidentClosed.type
            ? parseEvent(IncidentClosed, event)
            : event.type === IncidentUpdated.type
              ? parseEvent(IncidentUpdated, event)
              : parseEvent(IncidentOpened, event);
        // Only the picture's fields (no description): the feed goes to the whole county.
        const incident = PictureIncident.parse(data);
        scope.incident(incident);
        return;
      }
      case ActivationDecided.type: {
        const { data } = parseEvent(ActivationDecided, event);
        const activation: PictureActivation = {
          id: data.activationId,
          incidentId: data.incidentId,
          organisationId: event.organisationId,
          countyCode: event.countyCode,
          group: data.group,
          status: "calling",
          decidedAt: data.decidedAt,
          needed: data.needed,
          counts: data.counts,
          parentActivationId: data.parentActivationId,
          fallbackForActivationId: data.fallbackForActivationId,
          fallbackOffered: [],
          exercise: data.exercise ?? false,
          ...(await incidentCountyApart(scope, data.incidentId, event.countyCode)),
        };
        await putActivation(scope, event, activation, changes);
        return;
      }
      case ActivationCallOutChanged.type:
      case ActivationStatusChanged.type: {
        const { data } =
          event.type === ActivationStatusChanged.type
            ? parseEvent(ActivationStatusChanged, event)
            : parseEvent(ActivationCallOutChanged, event);
        const existing = await readItem<PictureActivation>(scope, Section.activations, data.activationId);
        if (!existing) throw new NotYetProjected("activation", data.activationId);
        await putActivation(scope, event, { ...existing, status: data.status, counts: data.counts }, changes);
        return;
      }
      case ActivationFallbackOffered.type: {
        const { data } = parseEvent(ActivationFallbackOffered, event);
        const existing = await readItem<PictureActivation>(scope, Section.activations, data.activationId);
        if (!existing) throw new NotYetProjected("activation", data.activationId);
        await putActivation(
          scope,
          event,
          { ...existing, fallbackOffered: data.neighbours, counts: data.counts },
          changes,
        );
        return;
      }
      case MutualAidRequested.type: {
        const { data } = parseEvent(MutualAidRequested, event);
        const aid: PictureMutualAid = {
          requestId: data.requestId,
          incidentId: data.incidentId,
          requestingOrganisationId: event.organisationId,
          countyCode: event.countyCode,
          counties: countiesAsked(event.countyCode, data.addressedTo),
          quantity: data.quantity,
          competences: data.competences,
          languages: data.languages,
          from: data.from,
          to: data.to,
          addressedTo: data.addressedTo,
          offers: [],
        };
        await putMutualAid(scope, event, aid, changes);
        return;
      }
      case MutualAidOffered.type:
      case MutualAidAccepted.type:
      case MutualAidDeployed.type:
      case MutualAidReleased.type:
      case MutualAidStaffingReported.type: {
        await updateMutualAid(scope, event, changes);
        return;
      }
      case CentreChanged.type: {
        const { data } = parseEvent(CentreChanged, event);
        const existing = await readItem<PictureSupportCentre>(scope, Section.supportCentres, data.centreId);
        const centre: PictureSupportCentre = {
          id: data.centreId,
          incidentId: data.incidentId,
          countyCode: event.countyCode,
          operator: data.operator,
          operatorOrganisationIds: data.operatorOrganisationIds,
          name: data.name,
          location: data.location,
          capacity: data.capacity,
          status: data.status,
          counts: existing?.counts ?? suppressCounts(undefined),
          ...(existing?.countsAsOf ? { countsAsOf: existing.countsAsOf } : {}),
          openedAt: existing?.openedAt ?? (data.status === "open" ? event.occurredAt : null),
        };
        put(scope, event, event.countyCode, { kind: "support-centre.upserted", centre }, changes);
        return;
      }
      case CentreOccupancyChanged.type: {
        const { data } = parseEvent(CentreOccupancyChanged, event);
        const existing = await readItem<PictureSupportCentre>(scope, Section.supportCentres, data.centreId);
        if (!existing) throw new NotYetProjected("support centre", data.centreId);
        // Published on support-centres' clock: a tick older than the one shown (redelivered late
        // after a restart) must not put older figures back.
        const asOf = data.asOf ?? event.occurredAt;
        if (existing.countsAsOf && Date.parse(asOf) <= Date.parse(existing.countsAsOf)) return;
        const centre: PictureSupportCentre = {
          ...existing,
          capacity: data.capacity,
          counts: suppressCounts(data.counts),
          countsAsOf: asOf,
        };
        put(scope, event, event.countyCode, { kind: "support-centre.upserted", centre }, changes);
        return;
      }
      case RosterReadinessChanged.type: {
        const { data } = parseEvent(RosterReadinessChanged, event);
        const readiness: PictureReadiness = {
          organisationId: data.organisationId,
          countyCode: event.countyCode,
          level: data.level,
          score: data.score,
          gaps: data.gaps,
          updatedAt: event.occurredAt,
        };
        put(scope, event, event.countyCode, { kind: "readiness.upserted", readiness }, changes);
        return;
      }
      case SituationReportSubmitted.type: {
        const { data } = parseEvent(SituationReportSubmitted, event);
        const existing = await readItem<PictureSituationReport>(
          scope,
          Section.situationReports,
          reportItemId(data.incidentId, event.organisationId),
        );
        if (existing && existing.version >= data.version) return; // an older version arriving late
        const report: PictureSituationReport = {
          incidentId: data.incidentId,
          organisationId: event.organisationId,
          countyCode: event.countyCode,
          version: data.version,
          submittedAt: data.submittedAt,
          nextReportDue: data.nextReportDue,
        };
        put(scope, event, event.countyCode, { kind: "situation-report.upserted", report }, changes);
        return;
      }
      default:
        return; // not part of the picture (yet)
    }
  } catch (error) {
    throw poisonIfInvalid(error, event);
  }
}

async function updateMutualAid(scope: BatchScope, event: EventEnvelope, changes: FeedRows): Promise<void> {
  const requestId = (event.data as { requestId?: unknown }).requestId;
  const existing =
    typeof requestId === "string"
      ? await scope.readByPrefix<PictureMutualAid>(Section.mutualAid, `${requestId}/`)
      : undefined;
  if (!existing) {
    if (typeof requestId !== "string") throw new PoisonEventError(`${event.type} without a request id`);
    throw new NotYetProjected("mutual-aid request", requestId);
  }
  const offers = [...existing.offers];
  const offer = (offerId: string) => offers.findIndex((o) => o.offerId === offerId);
  const change = (
    offerId: string,
    patch: (o: PictureMutualAid["offers"][number]) => PictureMutualAid["offers"][number],
  ) => {
    const at = offer(offerId);
    const current = offers[at];
    if (current) offers[at] = patch(current);
  };
  switch (event.type) {
    case MutualAidOffered.type: {
      const { data } = parseEvent(MutualAidOffered, event);
      if (offer(data.offerId) >= 0) break;
      offers.push({
        offerId: data.offerId,
        organisationId: data.offeringOrganisationId,
        quantity: data.quantity,
        accepted: false,
        deployed: 0,
        released: 0,
      });
      break;
    }
    case MutualAidAccepted.type: {
      const { data } = parseEvent(MutualAidAccepted, event);
      change(data.offerId, (o) => ({ ...o, accepted: true, quantity: data.quantity }));
      break;
    }
    case MutualAidDeployed.type: {
      const { data } = parseEvent(MutualAidDeployed, event);
      change(data.offerId, (o) => ({ ...o, deployed: o.deployed + data.personIds.length }));
      break;
    }
    case MutualAidReleased.type: {
      const { data } = parseEvent(MutualAidReleased, event);
      const n = data.personIds.length;
      change(data.offerId, (o) => ({
        ...o,
        deployed: Math.max(0, o.deployed - n),
        released: o.released + n,
      }));
      break;
    }
    case MutualAidStaffingReported.type: {
      // Another county's deployment sent them: its report is the whole state, counts only.
      const { data } = parseEvent(MutualAidStaffingReported, event);
      change(data.offerId, (o) => ({ ...o, deployed: data.onSite, released: data.released }));
      break;
    }
  }
  const counties = existing.counties.includes(event.countyCode)
    ? existing.counties
    : [...existing.counties, event.countyCode].sort();
  await putMutualAid(scope, event, { ...existing, counties, offers }, changes);
}

/**
 * The asker's county and the county of every organisation asked by name: each of their boards
 * sees the flow (Laholm asking Båstad is in Halland's and Skåne's pictures). The whole county is
 * the asker's own.
 */
function countiesAsked(countyCode: string, addressedTo: string[] | "county"): string[] {
  const named = addressedTo === "county" ? [] : addressedTo.map(countyOfOrganisation);
  return [...new Set([countyCode, ...named.filter((c): c is string => c !== undefined)])].sort();
}

/** A mutual-aid flow is over once everyone sent has come back. */
export function mutualAidActive(aid: PictureMutualAid): boolean {
  const released = aid.offers.reduce((s, o) => s + o.released, 0);
  const out = aid.offers.reduce((s, o) => s + o.deployed, 0);
  return !(released > 0 && out === 0);
}

/** One row per county involved, so each county's picture and stream carry the flow. */
async function putMutualAid(
  scope: BatchScope,
  event: EventEnvelope,
  aid: PictureMutualAid,
  changes: FeedRows,
): Promise<void> {
  for (const countyCode of aid.counties)
    put(scope, event, countyCode, { kind: "mutual-aid.upserted", mutualAid: aid }, changes);
}

/**
 * The incident's county, when an organisation of another county decides for it: Laholm 3.1 names
 * "Halmstads eller Båstads POSOM" as fallback, and Båstad is in Skåne.
 */
async function incidentCountyApart(
  scope: BatchScope,
  incidentId: string,
  countyCode: string,
): Promise<{ incidentCountyCode?: string }> {
  const [incident] = await scope.tx
    .select({ countyCode: pictureIncidents.countyCode })
    .from(pictureIncidents)
    .where(eq(pictureIncidents.id, incidentId))
    .limit(1);
  return incident && incident.countyCode !== countyCode ? { incidentCountyCode: incident.countyCode } : {};
}

/**
 * The activation's own row (in the deciding organisation's county) and, for a group called across
 * the county border, a row in the incident's county: each Länsstyrelsen sees the help on its picture.
 */
async function putActivation(
  scope: BatchScope,
  event: EventEnvelope,
  activation: PictureActivation,
  changes: FeedRows,
): Promise<void> {
  put(scope, event, activation.countyCode, { kind: "activation.upserted", activation }, changes);
  const other = activation.incidentCountyCode;
  if (!other || other === activation.countyCode) return;
  put(scope, event, other, { kind: "activation.upserted", activation }, changes);
}

/**
 * The picture is seen outside the organisation holding the counts, so every count of affected
 * people is suppressed by the one rule (`suppressCount`: "<5", else rounded down to 5s) — also when
 * a producer, or an event from before the rounding, sent an exact number.
 */
export function suppressCounts(counts: SuppressedCentreCounts | undefined): SuppressedCentreCounts {
  const shown = (value: number | "<5" | undefined) => (value === undefined ? "<5" : suppressCount(value));
  return {
    present: shown(counts?.present),
    total: shown(counts?.total),
    children: shown(counts?.children),
    registered: shown(counts?.registered),
    anonymous: shown(counts?.anonymous),
    unaccompaniedChildren: shown(counts?.unaccompaniedChildren),
  };
}

/**
 * A picture change as it may go out now: a centre's counts suppressed by today's rule, also in a
 * feed entry written before it (the live feed's history replays only what is allowed now).
 */
export function asShownNow(change: FeedChange): FeedChange {
  if (change.kind !== "support-centre.upserted") return change;
  return { ...change, centre: { ...change.centre, counts: suppressCounts(change.centre.counts) } };
}

function readItem<T>(scope: BatchScope, section: string, id: string): Promise<T | undefined> {
  return scope.read<T>(section, id);
}

/**
 * A change of an item of the picture: the item is written to its row in `picture_items` (see
 * itemOfChange) and the change joins the feed of `countyCode`, in the same transaction.
 */
function put(
  scope: BatchScope,
  event: EventEnvelope,
  countyCode: string,
  change: ItemChange,
  changes: FeedRows,
): void {
  const { section, id, item, active } = itemOfChange(countyCode, change);
  // The event's time, not the clock's, so a replay writes exactly what the live projection wrote.
  scope.write({ section, id, countyCode, item, active, updatedAt: new Date(event.occurredAt) });
  changes.push({ countyCode, change });
}

/** Feed changes that carry the new state of one picture item. */
export type ItemChange = Exclude<PictureSectionChange, { kind: "picture.rebuilt" }>;

const reportItemId = (incidentId: string, organisationId: string) => `${incidentId}/${organisationId}`;

/**
 * The `picture_items` row a feed change of `countyCode` is the new state of: its section, its id
 * there (an activation helping across a county border and a mutual-aid flow have a row per county)
 * and whether the picture shows it. The projection writes items through this, and a replica's
 * in-memory picture (picture-state.ts) applies the feed through it, so the two cannot differ.
 */
export function itemOfChange(
  countyCode: string,
  change: ItemChange,
): { section: string; id: string; item: object; active: boolean } {
  switch (change.kind) {
    case "activation.upserted": {
      const { activation } = change;
      const id = countyCode === activation.countyCode ? activation.id : `${activation.id}/${countyCode}`;
      return { section: Section.activations, id, item: activation, active: activation.status !== "closed" };
    }
    case "mutual-aid.upserted": {
      const aid = change.mutualAid;
      return {
        section: Section.mutualAid,
        id: `${aid.requestId}/${countyCode}`,
        item: aid,
        active: mutualAidActive(aid),
      };
    }
    case "support-centre.upserted":
      return {
        section: Section.supportCentres,
        id: change.centre.id,
        item: change.centre,
        active: change.centre.status !== "closed",
      };
    case "readiness.upserted":
      return {
        section: Section.readiness,
        id: change.readiness.organisationId,
        item: change.readiness,
        active: true,
      };
    case "situation-report.upserted":
      return {
        section: Section.situationReports,
        id: reportItemId(change.report.incidentId, change.report.organisationId),
        item: change.report,
        active: true,
      };
  }
}

/** An incident as `picture_incidents` stores it (what the picture reads back with incidentFromColumns). */
export function incidentColumns(incident: PictureIncident) {
  return {
    id: incident.id,
    organisationId: incident.organisationId,
    countyCode: incident.countyCode,
    kind: incident.kind,
    title: incident.title,
    lat: incident.location.lat,
    lon: incident.location.lon,
    address: incident.location.address ?? null,
    occurredAt: new Date(incident.occurredAt),
    affectedMunicipalities: incident.affectedMunicipalities,
    extraordinary: incident.extraordinary,
    extraordinarySince: incident.extraordinarySince ? new Date(incident.extraordinarySince) : null,
    crisisManagementActivated: incident.crisisManagementActivated ?? false,
    exercise: incident.exercise ?? false,
    status: incident.status,
  };
}

/**
 * Writes incidents with one multi-row upsert; returns the ids written. An incident already closed
 * is not changed by an `incident.opened` arriving late (redelivered or replayed): closed stays
 * closed, and its id is not returned. The ids must be distinct (one statement may change a row once).
 */
async function upsertIncidents(
  scope: BatchScope,
  incidents: readonly PictureIncident[],
): Promise<Set<string>> {
  const now = new Date();
  const rows = incidents.map((incident) => ({ ...incidentColumns(incident), updatedAt: now }));
  const excluded = (column: { name: string }) => sql`excluded.${sql.identifier(column.name)}`;
  const t = pictureIncidents;
  const written = await scope.tx
    .insert(t)
    .values(rows)
    .onConflictDoUpdate({
      target: t.id,
      set: Object.fromEntries(
        (
          [
            "organisationId",
            "countyCode",
            "kind",
            "title",
            "lat",
            "lon",
            "address",
            "occurredAt",
            "affectedMunicipalities",
            "extraordinary",
            "extraordinarySince",
            "crisisManagementActivated",
            "exercise",
            "status",
            "updatedAt",
          ] as const
        ).map((key) => [key, excluded(t[key])]),
      ),
      // Row by row: an "open" incident does not overwrite a closed one.
      setWhere: sql`${t.status} <> 'closed' or ${excluded(t.status)} <> 'open'`,
    })
    .returning({ id: t.id });
  return new Set(written.map((row) => row.id));
}
