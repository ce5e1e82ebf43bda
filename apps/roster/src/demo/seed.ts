import type { RosterRole } from "@krisstod/contracts";
import { findDemoPerson } from "@krisstod/contracts/demo";
import type { Transaction } from "@krisstod/db";
import type { ServiceContext } from "@krisstod/runtime";
import { formatISO, subDays, subMonths } from "date-fns";
import { eq, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { profileItems } from "../competence/profiles.ts";
import {
  actionPlans,
  authorisedFunctions,
  callListEntries,
  neighbours,
  organisations,
  people,
  trainingAttendees,
  trainings,
} from "../db/schema.ts";
import { functionId } from "../organisations/organisations.store.ts";
import { refreshReadiness } from "../readiness/readiness.store.ts";
import {
  type DemoProfile,
  demoOrganisations,
  demoProfiles,
  familyNames,
  givenNames,
  languagesSpoken,
  managementSeats,
  pklManagementSeats,
  pklWorkplaces,
  workplaces,
} from "./halland.ts";

/** A small deterministic generator, so every start invents the same people. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Halland's organisations, neighbours, authorised functions and invented rosters. Idempotent:
 * organisations are inserted if missing, and a municipality that already has people is left as it is.
 */
export async function seedDemoData(context: ServiceContext): Promise<void> {
  const { db } = context.database;
  await db.transaction(async (tx) => {
    await tx
      .insert(organisations)
      .values(
        demoOrganisations.map((o) => ({
          id: o.id,
          name: o.name,
          kind: o.kind,
          countyCode: o.countyCode,
          municipalityCode: o.municipalityCode ?? null,
          lat: o.position.lat,
          lon: o.position.lon,
          alarmNote: o.alarmNote ?? null,
          managementComposition: o.managementComposition ?? [],
        })),
      )
      .onConflictDoNothing();
    for (const o of demoOrganisations) {
      const links = (o.neighbours ?? []).map((neighbourId, rank) => ({
        organisationId: o.id,
        neighbourId,
        rank,
      }));
      if (links.length > 0) await tx.insert(neighbours).values(links).onConflictDoNothing();
      const functions = (o.functions ?? []).map((f, rank) => ({
        organisationId: o.id,
        id: functionId(typeof f === "string" ? f : f.title),
        title: typeof f === "string" ? f : f.title,
        rank,
        standsInFor: typeof f === "string" || !f.standsInFor ? null : functionId(f.standsInFor),
        onlyDuring: typeof f === "string" ? null : (f.onlyDuring ?? null),
        groups: typeof f === "string" ? null : (f.groups ?? null),
      }));
      if (functions.length > 0) await tx.insert(authorisedFunctions).values(functions).onConflictDoNothing();
      if (o.actionPlan) {
        await tx
          .insert(actionPlans)
          .values({ organisationId: o.id, steps: o.actionPlan, reviewedAt: new Date(), reviewedBy: "demo" })
          .onConflictDoNothing();
      }
    }
  });
  let index = 0;
  for (const o of demoOrganisations) {
    index += 1;
    const profile = demoProfiles[o.id];
    if (!profile) continue;
    await db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(people)
        .where(eq(people.organisationId, o.id));
      if ((existing?.n ?? 0) > 0) return;
      await seedRoster(tx, o, profile, index);
      await refreshReadiness(tx, context.outbox, o.id);
    });
  }
  context.logger.info("roster demo data in place");
}

async function seedRoster(
  tx: Transaction,
  o: (typeof demoOrganisations)[number],
  profile: DemoProfile,
  index: number,
) {
  const random = generator(Number(o.municipalityCode ?? index));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const now = new Date();
  let phoneCounter = 0;
  const person = (
    role: RosterRole,
    seat: { workplace: string; employer: string },
    extra: Partial<typeof people.$inferInsert> = {},
  ) => {
    phoneCounter += 1;
    const given = pick(givenNames);
    const family = pick(familyNames);
    const employer = seat.employer === "own" ? o.name : seat.employer;
    return {
      id: uuidv7(),
      organisationId: o.id,
      givenName: given,
      familyName: family,
      role,
      workplace: seat.workplace,
      employer,
      // Invented mobile numbers: +46 70 <municipality code> <running number>.
      phones: [`+4670${(o.municipalityCode ?? "0000").slice(1)}${String(phoneCounter).padStart(4, "0")}`],
      primaryPhone: `+4670${(o.municipalityCode ?? "0000").slice(1)}${String(phoneCounter).padStart(4, "0")}`,
      email: `${slug(given)}.${slug(family)}${phoneCounter}@example.se`,
      languages: pick(languagesSpoken),
      // Other employers have approved, except the odd one still waiting.
      managerApproval: employer === o.name ? null : random() > 0.1,
      active: random() > 0.05,
      ...extra,
    };
  };

  // The development issuer's demo users (`<organisation>.<role>`) are people in this roster, with
  // the same name (one list, @krisstod/contracts/demo), so a signed-in support person can mark
  // themselves unavailable and a decision is recorded under the signed-in person's name.
  const userId = (role: string) => {
    const id = `${o.id}.${role}`;
    const demo = findDemoPerson(id);
    return {
      userId: id,
      active: true,
      ...(demo ? { givenName: demo.givenName, familyName: demo.familyName } : {}),
    };
  };
  const isRegion = o.kind === "region";
  const management = (isRegion ? pklManagementSeats : managementSeats)
    .slice(0, profile.managementMembers)
    .map((seat, i) =>
      person(i === 0 && profile.coordinator ? "coordinator" : "management", seat, {
        active: true,
        ...(i === 0 ? userId(isRegion ? "pkl-lead" : "posom-lead") : i === 1 ? userId("ledningsgrupp") : {}),
      }),
    );
  const seats = (isRegion ? pklWorkplaces : workplaces).slice(0, profile.workplaces);
  const fallback = { workplace: "Socialtjänsten", employer: "own" };
  const support = Array.from({ length: profile.supportPersons }, (_, i) =>
    // With two workplaces the demo is deliberately lopsided: most come from one.
    person(
      isRegion ? "pkl" : "support-person",
      (profile.workplaces <= 2 && i % 5 !== 0 ? seats[0] : seats[i % seats.length]) ?? fallback,
      // The centre staff's demo user is a support person too: shifts at a centre name roster
      // people, and the debrief offer for a shift reaches them under their own login.
      i === 0 ? userId("support-person") : i === 1 ? userId("centre-staff") : {},
    ),
  );
  const functionRows = await tx
    .select()
    .from(authorisedFunctions)
    .where(eq(authorisedFunctions.organisationId, o.id));
  const activators = functionRows.slice(0, 2).map((f, i) =>
    person(
      "activator",
      { workplace: isRegion ? "Ledningen" : "Kommunledningen", employer: "own" },
      {
        activatorFunctionId: f.id,
        managerApproval: null,
        // The region's second function is its TIB (Halland: PKL "i samråd med tjänsteman i
        // beredskap (TIB)"): the demo's region-tib user holds it.
        ...(i === 0 ? userId("activator") : isRegion ? userId("region-tib") : { active: true }),
      },
    ),
  );
  const all = [...management, ...support, ...activators];
  await tx.insert(people).values(all);
  await tx.insert(callListEntries).values([
    ...management.map((p, i) => ({
      organisationId: o.id,
      group: "management",
      personId: p.id,
      position: i + 1,
    })),
    ...support.map((p, i) => ({
      organisationId: o.id,
      group: isRegion ? "pkl" : "support-persons",
      personId: p.id,
      position: i + 1,
    })),
  ]);
  if (profile.reviewedMonthsAgo !== null) {
    await tx
      .update(organisations)
      .set({ callListReviewedAt: subMonths(now, profile.reviewedMonthsAgo) })
      .where(eq(organisations.id, o.id));
  }

  const day = (date: Date) => formatISO(date, { representation: "date" });
  const supportCovers = profileItems
    .filter((i) => i.profile === "support-person")
    .map((i) => ({ item: i.id, level: i.required }));
  const managementCovers = profileItems
    .filter((i) => i.profile === "management")
    .slice(0, profile.managementItems)
    .map((i) => ({ item: i.id, level: i.required }));
  const recent = {
    id: uuidv7(),
    organisationId: o.id,
    title: "Krisstöd – regional heldag POSOM och PKL",
    kind: "full-day",
    date: day(subMonths(now, 7)),
    organiser: "POSOM- och PKL-nätverket i Halland",
    covers: supportCovers,
  };
  const old = {
    id: uuidv7(),
    organisationId: o.id,
    title: "Introduktion för nya stödpersoner",
    kind: "introduction",
    date: day(subMonths(now, 34)),
    organiser: o.name,
    covers: supportCovers.slice(0, 3),
  };
  const lead = {
    id: uuidv7(),
    organisationId: o.id,
    title: "Stabsmetodik och ledning av krisstödsinsats",
    kind: "exercise",
    date: day(subDays(now, 120)),
    organiser: "Länsstyrelsen Hallands län",
    covers: managementCovers,
  };
  const planned = {
    id: uuidv7(),
    organisationId: o.id,
    title: "Övning stödcentrum",
    kind: "exercise",
    date: day(subDays(now, -60)),
    organiser: o.name,
    covers: [],
  };
  await tx.insert(trainings).values([recent, old, lead, planned]);
  const group = [...management, ...support];
  const trainedCount = Math.round(group.length * profile.trainedShare);
  await tx
    .insert(trainingAttendees)
    .values([
      ...group.slice(0, trainedCount).map((p) => ({ trainingId: recent.id, personId: p.id })),
      ...group.map((p) => ({ trainingId: old.id, personId: p.id })),
      ...management.map((p) => ({ trainingId: lead.id, personId: p.id })),
    ]);
}

function slug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}
