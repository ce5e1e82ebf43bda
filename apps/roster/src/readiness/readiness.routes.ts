import { type AuthEnv, requirePrincipal } from "@krisstod/auth";
import { CountyCode, CountyReadiness, Readiness, RecordYearlyDutyBody } from "@krisstod/contracts";
import { InvalidError, NotFoundError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { OrganisationParams } from "../organisations/organisations.routes.ts";
import { listOrganisations, requireOrganisation } from "../organisations/organisations.store.ts";
import { route } from "../policy.ts";
import { actingOn, orgResource } from "../scope.ts";
import { readinessOf, recordYearlyDuty } from "./readiness.store.ts";

export function organisationReadinessRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AuthEnv>()
    .get(
      "/:id/readiness",
      route("readiness.read", { summary: "The organisation's readiness and its gaps", response: Readiness }),
      validate("param", OrganisationParams),
      async (c) => {
        const organisation = await requireOrganisation(db, c.req.valid("param").id);
        actingOn(c, "readiness.read", orgResource(organisation));
        return c.json(await readinessOf(db, organisation.id));
      },
    )
    .post(
      "/:id/yearly-duties",
      route("call-lists.write", {
        summary:
          "Record a recurring duty done (guideline review, network meeting, training plan, steering document, PKL representative co-opted)",
        response: Readiness,
      }),
      validate("param", OrganisationParams),
      validate("json", RecordYearlyDutyBody),
      async (c) => {
        const organisation = await requireOrganisation(db, c.req.valid("param").id);
        actingOn(c, "call-lists.write", orgResource(organisation));
        const { duty, on } = c.req.valid("json");
        // A duty done "tomorrow" would silence its reminder for a term of office before it is done.
        if (on && on > swedishToday()) {
          throw new InvalidError("A duty cannot be recorded as done on a day still to come.", [
            { field: "on", message: "must not be in the future" },
          ]);
        }
        const at = on ? new Date(`${on}T12:00:00Z`) : new Date();
        const readiness = await recordYearlyDuty(db, context.outbox, organisation.id, duty, at);
        if (!readiness) throw new NotFoundError(`No organisation ${organisation.id}.`);
        return c.json(readiness);
      },
    );
}

/** GET /readiness?county=13: every municipality of a county, for the regional picture. */
export function readinessRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AuthEnv>().get(
    "/",
    route("readiness.read", {
      summary: "Readiness of every municipality of a county",
      response: CountyReadiness,
    }),
    validate("query", z.object({ county: CountyCode.optional() })),
    async (c) => {
      const county = c.req.valid("query").county ?? requirePrincipal(c).countyCode;
      actingOn(c, "readiness.read", { organisationId: "", countyCode: county });
      const now = new Date();
      const organisations = await listOrganisations(db, { countyCode: county });
      const result: CountyReadiness = [];
      for (const organisation of organisations.filter((o) => o.kind === "municipality")) {
        const readiness = await readinessOf(db, organisation.id, now);
        if (readiness) result.push({ ...readiness, name: organisation.name });
      }
      return c.json(result);
    },
  );
}

const swedishDay = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" });

/** Today's date in Sweden, as an ISO date (sv-SE formats dates as YYYY-MM-DD). */
export function swedishToday(): string {
  return swedishDay.format(new Date());
}
