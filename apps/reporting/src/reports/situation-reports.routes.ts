import type { AuthEnv } from "@krisstod/auth";
import {
  CountyCode,
  CountySituationSummary,
  OrganisationId,
  ReportingStatus,
  SituationReport,
  SubmitSituationReportBody,
} from "@krisstod/contracts";
import { NotFoundError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { actorOf, assertActsFor, assertCounty, assertMayRead, route } from "../access.ts";
import {
  countySummary,
  findIncident,
  listVersions,
  reportingStatus,
  submitReport,
} from "./situation-reports.store.ts";

const IncidentParams = z.object({ incidentId: z.uuid() });
const VersionsQuery = z.object({ organisationId: OrganisationId.optional() });
const CountyQuery = z.object({ county: CountyCode });

export function situationReportRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AuthEnv>()
    .post(
      "/incidents/:incidentId/situation-reports",
      route("situation-report.submit", {
        summary: "Submit a situation report (lägesrapport) to Länsstyrelsen",
        response: { status: 201, schema: SituationReport },
      }),
      validate("param", IncidentParams),
      validate("json", SubmitSituationReportBody),
      async (c) => {
        const body = c.req.valid("json");
        assertActsFor(actorOf(c), body.organisationId, body.countyCode);
        const report = await submitReport(db, context.outbox, c.req.valid("param").incidentId, body);
        return c.json(report, 201);
      },
    )
    .get(
      "/incidents/:incidentId/situation-reports",
      route("situation-report.read", {
        summary: "An incident's situation reports",
        response: z.array(SituationReport),
      }),
      validate("param", IncidentParams),
      validate("query", VersionsQuery),
      async (c) => {
        const { incidentId } = c.req.valid("param");
        const actor = actorOf(c);
        const incident = await findIncident(db, incidentId);
        if (!incident) throw new NotFoundError("No such incident.");
        // Länsstyrelsen reads every report of its county; others read their own organisation's.
        const organisationId =
          c.req.valid("query").organisationId ??
          (actor.roles.includes("county-observer") ? undefined : actor.organisationId);
        if (organisationId) assertMayRead(actor, { organisationId, countyCode: incident.countyCode });
        else assertCounty(actor, incident.countyCode);
        return c.json(await listVersions(db, incidentId, organisationId));
      },
    )
    .get(
      "/situation-reports/status",
      route("situation-report.county", {
        summary: "Which municipalities of the county have reported, and which are late",
        response: ReportingStatus,
      }),
      validate("query", CountyQuery),
      async (c) => {
        const { county } = c.req.valid("query");
        assertCounty(actorOf(c), county);
        return c.json(await reportingStatus(db, county));
      },
    )
    .get(
      "/situation-reports/summary",
      route("situation-report.county", {
        summary: "The county's situation summary from the latest reports",
        response: CountySituationSummary,
      }),
      validate("query", CountyQuery),
      async (c) => {
        const { county } = c.req.valid("query");
        assertCounty(actorOf(c), county);
        return c.json(await countySummary(db, county));
      },
    );
}
