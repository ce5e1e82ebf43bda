import { type AuthEnv, requirePrincipal } from "@krisstod/auth";
import {
  CreatePersonBody,
  Person,
  PersonCompetence,
  RosterRole,
  UnavailabilityBody,
  UnavailabilityPeriod,
  UpdatePersonBody,
} from "@krisstod/contracts";
import { ForbiddenError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { auditPeople, NAMES_ONLY } from "../audit.ts";
import { activeHosts, deployedTo, hostReason } from "../deployments/deployments.store.ts";
import { OrganisationParams } from "../organisations/organisations.routes.ts";
import { requireOrganisation } from "../organisations/organisations.store.ts";
import { canSeeContacts, keepsRoster, mayReadPerson, route } from "../policy.ts";
import { actingOn, orgResource } from "../scope.ts";
import { competenceOf } from "../trainings/trainings.store.ts";
import { addUnavailability, listUnavailability, removeUnavailability } from "./availability.store.ts";
import {
  createPerson,
  listPeople,
  type PersonRow,
  requirePerson,
  toPerson,
  updatePerson,
} from "./people.store.ts";

const PersonParams = z.object({ id: z.uuid() });
const PeriodParams = z.object({ id: z.uuid(), periodId: z.uuid() });

export function organisationPeopleRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AuthEnv>()
    .get(
      "/:id/people",
      route("people.read", {
        summary: "The organisation's roster: ledningsgrupp, support persons, PKL",
        response: z.array(Person),
        personalData: true,
      }),
      validate("param", OrganisationParams),
      validate("query", z.object({ role: RosterRole.optional() })),
      async (c) => {
        const organisation = await requireOrganisation(db, c.req.valid("param").id);
        const principal = actingOn(c, "people.read", orgResource(organisation));
        const contacts = canSeeContacts(principal, { organisationId: organisation.id });
        const rows = await db.transaction(async (tx) => {
          const found = await listPeople(tx, organisation.id, { role: c.req.valid("query").role });
          await auditPeople(tx, principal, "read", found, contacts ? null : NAMES_ONLY);
          return found;
        });
        return c.json(rows.map((row) => toPerson(row, contacts)));
      },
    )
    .get(
      "/:id/deployed-people",
      route("deployed-people.read", {
        summary: "People deployed to the organisation under mutual aid, with contacts",
        response: z.array(Person),
        personalData: true,
      }),
      validate("param", OrganisationParams),
      async (c) => {
        const organisation = await requireOrganisation(db, c.req.valid("param").id);
        const principal = actingOn(c, "deployed-people.read", orgResource(organisation));
        const found = await db.transaction(async (tx) => {
          const deployed = await deployedTo(tx, organisation.id);
          for (const { person, requestId } of deployed) {
            await auditPeople(tx, principal, "read", [person], `mutual aid ${requestId}`);
          }
          return deployed;
        });
        return c.json(
          found.map(({ person }) => toPerson(person, canSeeContacts(principal, person, [organisation.id]))),
        );
      },
    )
    .post(
      "/:id/people",
      route("people.write", {
        summary: "Add a person to the roster",
        response: { status: 201, schema: Person },
        personalData: true,
      }),
      validate("param", OrganisationParams),
      validate("json", CreatePersonBody),
      async (c) => {
        const organisation = await requireOrganisation(db, c.req.valid("param").id);
        const principal = actingOn(c, "people.write", orgResource(organisation));
        const row = await createPerson(db, context.outbox, principal, organisation, c.req.valid("json"));
        return c.json(toPerson(row, canSeeContacts(principal, row)), 201, {
          Location: `/people/${row.id}`,
        });
      },
    );
}

export function peopleRoutes(context: ServiceContext) {
  const { db } = context.database;
  const { outbox } = context;
  const load = async (c: Context<AuthEnv>, id: string, action: "people.read" | "people.write") => {
    const person = await requirePerson(db, id);
    const organisation = await requireOrganisation(db, person.organisationId);
    const principal = actingOn(c, action, orgResource(organisation));
    return { person, organisation, principal };
  };
  /** A support person acts on their own record only; keepers of the roster on anyone's in it. */
  const loadForAvailability = async (
    c: Context<AuthEnv>,
    id: string,
    action: "availability.read" | "availability.write",
  ) => {
    const person = await requirePerson(db, id);
    const organisation = await requireOrganisation(db, person.organisationId);
    const principal = actingOn(c, action, orgResource(organisation));
    const self = person.userId !== null && person.userId === principal.userId;
    const groupRole = principal.roles.some((r) => r !== "support-person");
    if (!self && !(action === "availability.read" ? groupRole : keepsRoster(principal, organisation.id))) {
      throw new ForbiddenError("You may only change your own availability.");
    }
    return { person, organisation };
  };
  const view = (c: Context<AuthEnv>, person: PersonRow) =>
    toPerson(person, canSeeContacts(requirePrincipal(c), person));
  return new Hono<AuthEnv>()
    .get(
      "/:id",
      route("person.read", {
        summary: "One person's record (an audited read)",
        response: Person,
        personalData: true,
      }),
      validate("param", PersonParams),
      async (c) => {
        const principal = requirePrincipal(c);
        // The deployment is checked in the transaction that reads and audits, so a release that
        // commits first closes the access.
        const { person, contacts } = await db.transaction(async (tx) => {
          const found = await requirePerson(tx, c.req.valid("param").id);
          const hosts = (await activeHosts(tx, [found])).get(found.id) ?? [];
          const hostIds = hosts.map((h) => h.organisationId);
          if (!mayReadPerson(principal, found, hostIds)) {
            throw new ForbiddenError("This person belongs to an organisation outside your scope.");
          }
          const shown = canSeeContacts(principal, found, hostIds);
          const reason = hostReason(hosts, principal.organisationId) ?? (shown ? null : NAMES_ONLY);
          await auditPeople(tx, principal, "read", [found], reason);
          return { person: found, contacts: shown };
        });
        return c.json(toPerson(person, contacts));
      },
    )
    .patch(
      "/:id",
      route("people.write", { summary: "Change a person's record", response: Person, personalData: true }),
      validate("param", PersonParams),
      validate("json", UpdatePersonBody),
      async (c) => {
        const { person, organisation, principal } = await load(c, c.req.valid("param").id, "people.write");
        const updated = await updatePerson(
          db,
          outbox,
          principal,
          organisation.countyCode,
          person,
          c.req.valid("json"),
        );
        return c.json(view(c, updated));
      },
    )
    .get(
      "/:id/competence",
      route("people.read", {
        summary: "A person's competences against the county's profiles",
        response: PersonCompetence,
      }),
      validate("param", PersonParams),
      async (c) => {
        const { person, principal } = await load(c, c.req.valid("param").id, "people.read");
        return c.json(
          await db.transaction(async (tx) => {
            await auditPeople(tx, principal, "read", [person], "competence");
            return competenceOf(tx, person);
          }),
        );
      },
    )
    .get(
      "/:id/unavailability",
      route("availability.read", {
        summary: "Periods a person cannot be called (holiday, sick)",
        response: z.array(UnavailabilityPeriod),
      }),
      validate("param", PersonParams),
      async (c) => {
        const { person } = await loadForAvailability(c, c.req.valid("param").id, "availability.read");
        return c.json(
          await db.transaction(async (tx) => {
            await auditPeople(tx, requirePrincipal(c), "read", [person], "unavailability");
            return listUnavailability(tx, person.id);
          }),
        );
      },
    )
    .post(
      "/:id/unavailability",
      route("availability.write", {
        summary: "Record a period a person cannot be called",
        response: { status: 201, schema: UnavailabilityPeriod },
      }),
      validate("param", PersonParams),
      validate("json", UnavailabilityBody),
      async (c) => {
        const { person, organisation } = await loadForAvailability(
          c,
          c.req.valid("param").id,
          "availability.write",
        );
        const period = await addUnavailability(
          db,
          outbox,
          person,
          organisation.countyCode,
          c.req.valid("json"),
        );
        return c.json(period, 201);
      },
    )
    .delete(
      "/:id/unavailability/:periodId",
      route("availability.write", {
        summary: "Remove a period of unavailability",
        response: { status: 204 },
      }),
      validate("param", PeriodParams),
      async (c) => {
        const { id, periodId } = c.req.valid("param");
        const { person, organisation } = await loadForAvailability(c, id, "availability.write");
        await removeUnavailability(db, outbox, person, organisation.countyCode, periodId);
        return c.body(null, 204);
      },
    );
}
