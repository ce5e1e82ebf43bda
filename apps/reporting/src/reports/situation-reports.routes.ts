import type { AuthEnv } from "@krisstod/auth";
import { CountyCode, OrganisationId, SubmitSituationReportBody } from "@krisstod/contracts";
import { NotFoundError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { actorOf, assertActsFor, assertCounty, assertMayRead } from "../access.ts";
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
    .get("/situation-reports/status", validate("query", CountyQuery), async (c) => {
      const { county } = c.req.valid("query");
      assertCounty(actorOf(c), county);
      return c.json(await reportingStatus(db, county));
    })
    .get("/situation-reports/summary", validate("query", CountyQuery), async (c) => {
      const { county } = c.req.valid("query");
      assertCounty(actorOf(c), county);
      return c.json(await countySummary(db, county));
    });
}
