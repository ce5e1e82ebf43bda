import { type AuthEnv, assertScope, type PolicyEntry } from "@krisstod/auth";
import {
  Activation,
  CountyCode,
  CreateIncidentBody,
  Incident,
  type Principal,
  UpdateIncidentBody,
} from "@krisstod/contracts";
import { ForbiddenError, NotFoundError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { listActivations } from "../activations/activations.store.ts";
import { activationView, peopleShownIn } from "../activations/view.ts";
import { auditAccess } from "../audit.ts";
import type { ActivationParts } from "../parts.ts";
import { actingOrganisation, isLead, policy, principalOf, route } from "../policy.ts";
import {
  closeIncident,
  findIncident,
  incidentsCalledAcrossBorder,
  isCalledAcrossBorder,
  listIncidents,
  openIncident,
  updateIncident,
} from "./incidents.store.ts";

const IncidentParams = z.object({ id: z.uuid() });
const IncidentQuery = z.object({ county: CountyCode.optional() });

export function incidentRoutes(context: ServiceContext, parts: ActivationParts) {
  const { db } = context.database;
  const loadIncident = async (id: string) => {
    const incident = await findIncident(db, id);
    if (!incident) throw new NotFoundError("No such incident.");
    return incident;
  };
  /** The county's incidents are its own; a neighbour called across the border reads that one too. */
  const assertIncidentScope = async (principal: Principal, entry: PolicyEntry, incident: Incident) => {
    if (incident.countyCode !== principal.countyCode) {
      if (await isCalledAcrossBorder(db, incident.id, principal.organisationId)) return;
    }
    assertScope(principal, entry, incident);
  };
  return new Hono<AuthEnv>()
    .post(
      "/",
      route("incident.open", {
        summary: "Open an incident (what, where, when, which municipalities)",
        response: { status: 201, schema: Incident },
      }),
      validate("json", CreateIncidentBody),
      async (c) => {
        const principal = principalOf(c);
        const body = c.req.valid("json");
        const organisationId = actingOrganisation(principal, body.organisationId);
        if (body.countyCode !== undefined && body.countyCode !== principal.countyCode) {
          throw new ForbiddenError(
            `You act in county ${principal.countyCode}, not ${body.countyCode}.`,
            "other-county",
          );
        }
        const incident = await openIncident(db, context.outbox, body, {
          organisationId,
          countyCode: principal.countyCode,
        });
        return c.json(incident, 201, { Location: `/incidents/${incident.id}` });
      },
    )
    .get(
      "/",
      route("incident.list", { summary: "Incidents of the caller's county", response: z.array(Incident) }),
      validate("query", IncidentQuery),
      async (c) => {
        const principal = principalOf(c);
        // The principal's county unless told otherwise; another county's incidents are not theirs to see.
        const county = c.req.valid("query").county ?? principal.countyCode;
        if (county !== principal.countyCode) {
          throw new ForbiddenError(
            `You may list the incidents of county ${principal.countyCode} only.`,
            "other-county",
          );
        }
        const own = await listIncidents(db, { countyCode: county });
        const called = await incidentsCalledAcrossBorder(db, principal.organisationId, county);
        return c.json([...called, ...own].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
      },
    )
    .get(
      "/:id",
      route("incident.read", { summary: "One incident", response: Incident }),
      validate("param", IncidentParams),
      async (c) => {
        const incident = await loadIncident(c.req.valid("param").id);
        await assertIncidentScope(principalOf(c), policy.entries["incident.read"], incident);
        return c.json(incident);
      },
    )
    .patch(
      "/:id",
      route("incident.update", {
        summary: "Correct an incident (place, extraordinary event, crisis management activated)",
        response: Incident,
      }),
      validate("param", IncidentParams),
      validate("json", UpdateIncidentBody),
      async (c) => {
        const { id } = c.req.valid("param");
        assertScope(principalOf(c), policy.entries["incident.update"], await loadIncident(id));
        return c.json(await updateIncident(db, context.outbox, id, c.req.valid("json")));
      },
    )
    .post(
      "/:id/close",
      route("incident.close", { summary: "Close an incident", response: Incident }),
      validate("param", IncidentParams),
      async (c) => {
        const { id } = c.req.valid("param");
        assertScope(principalOf(c), policy.entries["incident.close"], await loadIncident(id));
        return c.json(await closeIncident(db, context.outbox, id, parts.env.EVALUATION_DUE_DAYS));
      },
    )
    .get(
      "/:id/activations",
      route("incident.activations", {
        summary: "The activations of an incident",
        response: z.array(Activation),
        personalData: true,
      }),
      validate("param", IncidentParams),
      async (c) => {
        const principal = principalOf(c);
        const { id } = c.req.valid("param");
        await assertIncidentScope(principal, policy.entries["incident.activations"], await loadIncident(id));
        // The linked activations of every organisation (POSOM of several municipalities, PKL) with
        // their counts; who was called, by name, only for the organisation's own leads (audited).
        const views = await db.transaction(async (tx) => {
          const all = await listActivations(tx, id);
          const shown: Activation[] = all.map((a) =>
            activationView(
              principal,
              isLead(principal) && a.organisationId === principal.organisationId ? a : { ...a, callOuts: [] },
            ),
          );
          await auditAccess(tx, principal, "read", shown.flatMap(peopleShownIn));
          return shown;
        });
        return c.json(views);
      },
    );
}
