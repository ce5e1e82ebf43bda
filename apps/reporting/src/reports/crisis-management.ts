import type { AuthEnv } from "@krisstod/auth";
import {
  CrisisManagementBriefing,
  type PictureActivation,
  type PictureMutualAid,
  type PictureSupportCentre,
} from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { NotFoundError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { and, desc, eq, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { actorOf, route } from "../access.ts";
import { pictureItems, situationReports } from "../db/schema.ts";
import { Section, suppressCounts } from "../picture/projection.ts";
import { findIncident } from "./situation-reports.store.ts";

const IncidentParams = z.object({ incidentId: z.uuid() });

/** The organisation's items of one picture section for one incident (the live picture's rows). */
async function itemsOf<T>(db: Database, section: string, incidentId: string): Promise<T[]> {
  const rows = await db
    .select({ item: pictureItems.item })
    .from(pictureItems)
    .where(
      and(
        eq(pictureItems.section, section),
        eq(pictureItems.active, true),
        sql`${pictureItems.item}->>'incidentId' = ${incidentId}`,
      ),
    );
  // A row per county for help across a border: the same item once.
  const byId = new Map(rows.map((r) => [JSON.stringify(r.item), r.item as T]));
  return [...byId.values()];
}

/**
 * POSOM's lägesbild and needs for the municipality's crisis management and its TiB. Enköping:
 * "Sammanfatta och förmedla lägesbild och behov till kommunens krisledning/TiB" — to the TiB also
 * when the crisis management is not activated. Halland: "POSOM kan aktiveras utan att kommunens
 * krisledningsorganisation … är aktiverad, men i de fall när krisledningsorganisationen är aktiverad
 * ingår arbetet med POSOM däri": the briefing says which of the two it is.
 */
export async function crisisManagementBriefing(
  db: Database,
  incidentId: string,
  organisationId: string,
): Promise<CrisisManagementBriefing> {
  const incident = await findIncident(db, incidentId);
  if (!incident) throw new NotFoundError("No such incident.");
  const activations = (await itemsOf<PictureActivation>(db, Section.activations, incidentId)).filter(
    (a) => a.organisationId === organisationId && a.group !== "pkl",
  );
  const supportCentres = (await itemsOf<PictureSupportCentre>(db, Section.supportCentres, incidentId))
    .filter((c) => c.operatorOrganisationIds.includes(organisationId))
    .map((c) => ({ ...c, counts: suppressCounts(c.counts) }));
  const needs = (await itemsOf<PictureMutualAid>(db, Section.mutualAid, incidentId)).filter(
    (aid) => aid.requestingOrganisationId === organisationId,
  );
  const [report] = await db
    .select()
    .from(situationReports)
    .where(
      and(eq(situationReports.incidentId, incidentId), eq(situationReports.organisationId, organisationId)),
    )
    .orderBy(desc(situationReports.version))
    .limit(1);
  return {
    incidentId,
    organisationId,
    crisisManagementActivated: incident.crisisManagementActivated,
    activations,
    supportCentres,
    needs,
    latestReport: report
      ? {
          version: report.version,
          situation: report.situation,
          resourcesAndNeeds: report.resourcesAndNeeds,
          submittedAt: report.submittedAt.toISOString(),
        }
      : null,
  };
}

export function crisisManagementRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AuthEnv>().get(
    "/incidents/:incidentId/crisis-management-briefing",
    route("crisis-management.briefing", {
      summary: "Briefing for the municipality's crisis management organisation",
      response: CrisisManagementBriefing,
    }),
    validate("param", IncidentParams),
    async (c) => {
      // The signed-in organisation's own POSOM work: its crisis management and TiB sign in as its
      // authorised activators (Stabschef i krisledningsorganisationen, Tjänsteman i beredskap …).
      const briefing = await crisisManagementBriefing(
        db,
        c.req.valid("param").incidentId,
        actorOf(c).organisationId,
      );
      return c.json(briefing);
    },
  );
}
