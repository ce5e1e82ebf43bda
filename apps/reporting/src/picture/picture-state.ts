import {
  type FullRegionalPicture,
  incidentFromColumns,
  type PictureActivation,
  type PictureIncident,
  type PictureMutualAid,
  type PictureReadiness,
  type PictureSituationReport,
  type PictureSupportCentre,
} from "@krisstod/contracts";
import type { FeedEntry } from "./feed-hub.ts";
import type { PictureRows } from "./picture.store.ts";
import { incidentColumns, itemOfChange, Section, suppressCounts } from "./projection.ts";

interface ItemRow {
  section: string;
  id: string;
  countyCode: string;
  item: unknown;
}

/** Code-point order, as the picture's queries sort (`collate "C"`). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The regional picture of every county as of one feed position, kept in memory by each replica's
 * feed hub: loaded from the tables in one snapshot, then moved on by every feed entry in order
 * (the feed carries each item's whole new state). GET /picture answers from it, so a dashboard
 * loading the picture costs no query that competes with the projection. It holds what the
 * tables' open incidents and active items hold, read the same way (readPicture).
 */
export class PictureState {
  private position = 0;
  private readonly incidents = new Map<string, PictureIncident>();
  private readonly items = new Map<string, ItemRow>();

  /** The feed position the state reflects. */
  get lastEventId(): number {
    return this.position;
  }

  /** Replaces everything with the tables' rows as of feed position `rows.lastEventId`. */
  load(rows: PictureRows): void {
    this.incidents.clear();
    this.items.clear();
    for (const row of rows.incidents) this.incidents.set(row.id, incidentFromColumns(row));
    for (const row of rows.items) this.items.set(`${row.section}\u0000${row.id}`, row);
    this.position = rows.lastEventId;
  }

  /**
   * Applies entries read from the feed, in feed order; one at or before the position is already
   * in. Returns false at a rebuild of the picture, which the caller answers by loading it again.
   */
  apply(entries: readonly FeedEntry[]): boolean {
    for (const { seq, countyCode, change } of entries) {
      if (seq <= this.position) continue;
      if (change.kind === "picture.rebuilt") return false;
      if (change.kind === "incident.upserted") {
        // Through the columns, as the table holds it, so it reads exactly as the table's row.
        const incident = incidentFromColumns({ ...incidentColumns(change.incident) });
        if (incident.status === "open") this.incidents.set(incident.id, incident);
        else this.incidents.delete(incident.id);
      } else {
        const { section, id, item, active } = itemOfChange(countyCode, change);
        const key = `${section}\u0000${id}`;
        if (active) this.items.set(key, { section, id, countyCode, item });
        else this.items.delete(key);
      }
      this.position = seq;
    }
    return true;
  }

  /** The picture of one county (or of all), as readPicture reads it from the tables. */
  picture(countyCode: string | undefined): FullRegionalPicture {
    const incidents = [...this.incidents.values()]
      .filter((incident) => !countyCode || incident.countyCode === countyCode)
      .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || byText(a.id, b.id));
    const rows = [...this.items.values()]
      .filter((row) => !countyCode || row.countyCode === countyCode)
      .sort((a, b) => byText(a.section, b.section) || byText(a.id, b.id));
    const section = <T>(name: string) => rows.filter((r) => r.section === name).map((r) => r.item as T);
    return {
      countyCode: countyCode ?? null,
      lastEventId: this.position,
      incidents,
      activations: section<PictureActivation>(Section.activations),
      mutualAid: section<PictureMutualAid>(Section.mutualAid),
      // Counts suppressed by today's rule, also in items projected before it.
      supportCentres: section<PictureSupportCentre>(Section.supportCentres).map((centre) => ({
        ...centre,
        counts: suppressCounts(centre.counts),
      })),
      readiness: section<PictureReadiness>(Section.readiness),
      situationReports: section<PictureSituationReport>(Section.situationReports),
    };
  }
}
