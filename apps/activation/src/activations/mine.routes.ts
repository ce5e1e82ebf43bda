import type { AuthEnv } from "@krisstod/auth";
import {
  type ActivationStatus,
  type DebriefOfferVia,
  type MyAssignment,
  MyAssignments,
  MyDebriefOffers,
  MyDecisions,
  type RosterGroup,
} from "@krisstod/contracts";
import type { ServiceContext } from "@krisstod/runtime";
import { and, desc, eq, inArray } from "drizzle-orm";
import { Hono } from "hono";
import { auditAccess } from "../audit.ts";
import { activations, aidRequests, callOuts, debriefOffers, incidents } from "../db/schema.ts";
import type { ActivationParts } from "../parts.ts";
import { principalOf, route } from "../policy.ts";
import { mayActivate } from "./activations.store.ts";
import { assignmentFrom } from "./answers.ts";
import { tookPart } from "./callout.ts";
import { isRegion } from "./organisations.ts";

/** At most this many assignments are listed, newest first. */
const LIMIT = 50;

/**
 * The signed-in person's own accepted call-outs ("Mitt uppdrag"), each with where to go. The access
 * token names a login subject, not a roster person: roster is asked who that subject is in the
 * organisation (the same question a decision asks). Nothing about anybody else is listed.
 */
export function myRoutes(context: ServiceContext, parts: ActivationParts) {
  const { db } = context.database;
  return new Hono<AuthEnv>()
    .get(
      "/decisions",
      route("decision.mine", { summary: "Activations the signed-in person decided", response: MyDecisions }),
      async (c) => {
        // Which groups the signed-in person may activate for their organisation, by the same rule a
        // decision is held to (resolveDecider): an authorised function of the organisation decides
        // any of its groups; a member of its ledningsgrupp decides the support persons. The
        // dashboard offers the activation form on this; the decision itself is checked again.
        const principal = principalOf(c);
        const organisationId = principal.organisationId;
        const who = await parts.roster.authorisedActivators(principal, organisationId, principal.userId);
        const me = who.signedIn;
        const all: RosterGroup[] = isRegion(organisationId) ? ["pkl"] : ["management", "support-persons"];
        const held = me ? who.persons.filter((p) => p.personId === me.personId) : [];
        // The groups the person's functions activate (Laholm 3.1: some the ledningsgrupp only)…
        const groups = new Set(
          all.filter((group) => held.some((p) => mayActivate(who.functions, p.functionId, group))),
        );
        // …and, on the ledningsgrupp's own list, the support persons (its own decision).
        if (me && !isRegion(organisationId) && !groups.has("support-persons")) {
          const management = await parts.roster.callList(principal, organisationId, "management");
          if (management.entries.some((e) => e.personId === me.personId)) groups.add("support-persons");
        }
        return c.json({
          organisationId,
          groups: all.filter((g) => groups.has(g)),
        } satisfies MyDecisions);
      },
    )
    .get(
      "/assignments",
      route("assignment.mine", {
        summary: "The signed-in person's call-outs and where to go",
        response: MyAssignments,
        personalData: true,
      }),
      async (c) => {
        const principal = principalOf(c);
        const who = await parts.roster.authorisedActivators(
          principal,
          principal.organisationId,
          principal.userId,
        );
        const personId = who.signedIn?.personId;
        if (!personId) return c.json({ inRoster: false, assignments: [] } satisfies MyAssignments);
        const assignments = await db.transaction(async (tx) => {
          const rows = await tx
            .select({ callOut: callOuts, activation: activations, incident: incidents })
            .from(callOuts)
            .innerJoin(activations, eq(activations.id, callOuts.activationId))
            .innerJoin(incidents, eq(incidents.id, activations.incidentId))
            .where(
              and(
                eq(callOuts.personId, personId),
                // On duty, or relieved of it (still theirs: where they were, the outcome after).
                inArray(callOuts.status, tookPart),
                eq(activations.organisationId, principal.organisationId),
              ),
            )
            .orderBy(desc(callOuts.answeredAt))
            .limit(LIMIT);
          // The person's own call-out records, read by them: audited like any read of them.
          await auditAccess(
            tx,
            principal,
            "read",
            rows.map(({ activation }) => ({
              kind: "call-out" as const,
              id: personId,
              organisationId: activation.organisationId,
              incidentId: activation.incidentId,
            })),
            "own assignments",
          );
          return rows.map(
            ({ callOut, activation, incident }): MyAssignment => ({
              ...assignmentFrom(activation, incident, callOut.task),
              activationStatus: activation.status as ActivationStatus,
              acceptedAt: callOut.answeredAt?.toISOString() ?? null,
              etaMinutes: callOut.etaMinutes,
              closedAt: activation.closedAt?.toISOString() ?? null,
              relievedAt: callOut.relievedAt?.toISOString() ?? null,
              gathering: callOut.reliefGathering,
            }),
          );
        });
        return c.json({ inRoster: true, assignments } satisfies MyAssignments);
      },
    )
    .get(
      "/debrief-offers",
      route("debrief-offer.mine", {
        summary: "The signed-in person's debrief offers (stödsamtal)",
        response: MyDebriefOffers,
        personalData: true,
      }),
      async (c) => {
        // Laholm 3.7: "Efter att en POSOM-insats avslutats ska alla som deltagit i arbetet erbjudas
        // stödsamtal." The signed-in person's own offers, whichever organisation made them (a
        // neighbour's when they were sent under mutual aid).
        const principal = principalOf(c);
        const who = await parts.roster.authorisedActivators(
          principal,
          principal.organisationId,
          principal.userId,
        );
        const personId = who.signedIn?.personId;
        if (!personId) return c.json({ inRoster: false, offers: [] } satisfies MyDebriefOffers);
        const offers = await db.transaction(async (tx) => {
          const rows = await tx
            .select({ offer: debriefOffers, incident: incidents, remote: aidRequests })
            .from(debriefOffers)
            // Sent to another county's deployment: its incident is not held here, its request is.
            .leftJoin(incidents, eq(incidents.id, debriefOffers.incidentId))
            .leftJoin(aidRequests, eq(aidRequests.id, debriefOffers.aidRequestId))
            .where(
              and(
                eq(debriefOffers.personId, personId),
                eq(debriefOffers.homeOrganisationId, principal.organisationId),
              ),
            )
            .orderBy(desc(debriefOffers.offeredAt))
            .limit(LIMIT);
          await auditAccess(
            tx,
            principal,
            "read",
            rows.map(({ offer }) => ({
              kind: "debrief-offer" as const,
              id: personId,
              organisationId: offer.homeOrganisationId,
              incidentId: offer.incidentId,
            })),
            "own debrief offers",
          );
          return rows.map(({ offer, incident, remote }) => ({
            offerId: offer.id,
            activationId: offer.activationId,
            aidRequestId: offer.aidRequestId,
            organisationId: offer.organisationId,
            incident: { id: offer.incidentId, title: incident?.title ?? remote?.place ?? "" },
            exercise: incident?.exercise ?? false,
            via: offer.via as DebriefOfferVia,
            offeredAt: offer.offeredAt.toISOString(),
            sentBy: offer.messagesWrittenAt ? (offer.sentBy as ("sms" | "email")[]) : null,
          }));
        });
        return c.json({ inRoster: true, offers } satisfies MyDebriefOffers);
      },
    );
}
