import { appendAudit } from "@krisstod/audit";
import {
  type LanguageHelp,
  type LanguageNeeds,
  normaliseLanguage,
  type Principal,
  speaksLanguage,
} from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { ConflictError, NotFoundError, scrubErrors } from "@krisstod/http";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { audit, centres, shifts, visitorPersonalData, visitors } from "../db/schema.ts";
import { visitorAccess } from "../visitors/audit-visitors.ts";
import { findOwnVisitor, visitorOf } from "../visitors/visitors.store.ts";
import type { RosterLanguages } from "./roster-languages.ts";

const swedishNames = new Intl.DisplayNames(["sv"], { type: "language", fallback: "code" });

/**
 * Who can speak a visitor's language: staff on shift at the centre (checked in, not out) whose
 * roster languages include it; if none, the receiving organisation's people who speak it (asked
 * of the roster, which audits that contact read); if nobody, an interpreter is needed. Reading the
 * visitor's language is a read of personal data: audited here, in the transaction that reads it.
 */
export async function languageHelp(
  db: Database,
  roster: RosterLanguages,
  principal: Principal,
  centreId: string,
  visitorId: string,
): Promise<LanguageHelp> {
  const { visitor, recorded } = await scrubErrors("languageHelp", () =>
    db.transaction(async (tx) => {
      const visitor = await findOwnVisitor(tx, principal, centreId, visitorId);
      const [personal] = await tx
        .select({ language: visitorPersonalData.language })
        .from(visitorPersonalData)
        .where(eq(visitorPersonalData.visitorId, visitor.id))
        .limit(1);
      await appendAudit(tx, audit, visitorAccess(principal, "read", [visitorOf(visitor)], "language help"));
      return { visitor, recorded: personal?.language ?? null };
    }),
  );
  if (!recorded) throw new ConflictError("No language is recorded for this visitor.");
  const language = normaliseLanguage(recorded);
  const languageName = swedishNames.of(language) ?? language;

  const { staff, languagesOf } = await staffOnShift(db, roster, principal, centreId);
  const onShift = staff
    .filter((s) => speaksLanguage(languagesOf.get(s.personId) ?? [], language))
    .map((s) => ({
      shiftId: s.id,
      personId: s.personId,
      personName: s.personName,
      homeOrganisationId: s.homeOrganisationId,
      viaMutualAid: s.viaMutualAid,
    }));
  if (onShift.length > 0) {
    return {
      visitorId: visitor.id,
      language,
      languageName,
      onShift,
      organisationSpeakers: [],
      interpreterNeeded: false,
      note: `${onShift.length === 1 ? "En" : onShift.length} i tjänst på centret talar ${languageName}.`,
    };
  }

  // Nobody here speaks it: the receiving organisation's own people who do, to be called in. Roster
  // answers on behalf of the signed-in user (the request carries their access token).
  const answer = await roster.speakers(principal, {
    organisationId: visitor.receivingOrganisationId,
    language,
    reason: `language help at support centre ${centreId}`,
  });
  const organisationSpeakers = answer.people.map(({ personId, name, phones, available }) => ({
    personId,
    name,
    phones,
    available,
  }));
  const interpreterNeeded = organisationSpeakers.length === 0;
  return {
    visitorId: visitor.id,
    language,
    languageName,
    onShift: [],
    organisationSpeakers,
    interpreterNeeded,
    note: interpreterNeeded
      ? `Ingen i tjänst eller i organisationen talar ${languageName}: boka tolk.`
      : `Ingen i tjänst talar ${languageName}; ${organisationSpeakers.length} i organisationen gör det och kan kallas in.`,
  };
}

/** Checked-in, not yet checked-out staff at the centre, and the languages roster knows they speak. */
async function staffOnShift(db: Database, roster: RosterLanguages, principal: Principal, centreId: string) {
  const staff = await db
    .select()
    .from(shifts)
    .where(and(eq(shifts.centreId, centreId), isNotNull(shifts.checkedInAt), isNull(shifts.checkedOutAt)));
  const known =
    staff.length === 0
      ? []
      : (await roster.languagesOf(principal, [...new Set(staff.map((s) => s.personId))])).people;
  const languagesOf = new Map(known.map((p) => [p.personId, p.languages]));
  return { staff, languagesOf };
}

/**
 * The languages the organisation's visitors still at the centre need (Swedish aside), with how many
 * visitors and how many staff on shift speak each, so the centre sees at once where an interpreter
 * or a colleague who speaks it is missing. Each visitor whose language was read is audited.
 */
export async function languageNeeds(
  db: Database,
  roster: RosterLanguages,
  principal: Principal,
  centreId: string,
): Promise<LanguageNeeds> {
  const present = await scrubErrors("languageNeeds", () =>
    db.transaction(async (tx) => {
      const [centre] = await tx.select({ id: centres.id }).from(centres).where(eq(centres.id, centreId));
      if (!centre) throw new NotFoundError("No such support centre.");
      const rows = await tx
        .select({ id: visitors.id, incidentId: visitors.incidentId, language: visitorPersonalData.language })
        .from(visitors)
        .innerJoin(visitorPersonalData, eq(visitorPersonalData.visitorId, visitors.id))
        .where(
          and(
            eq(visitors.centreId, centreId),
            eq(visitors.receivingOrganisationId, principal.organisationId),
            isNull(visitors.departedAt),
            isNotNull(visitorPersonalData.language),
          ),
        );
      if (rows.length > 0) {
        await appendAudit(tx, audit, visitorAccess(principal, "read", rows, "language needs"));
      }
      return rows;
    }),
  );
  const visitorsByLanguage = new Map<string, number>();
  for (const { language } of present) {
    const code = normaliseLanguage(language ?? "");
    if (code === "" || code === "sv") continue;
    visitorsByLanguage.set(code, (visitorsByLanguage.get(code) ?? 0) + 1);
  }
  const { staff, languagesOf } =
    visitorsByLanguage.size === 0
      ? { staff: [], languagesOf: new Map<string, string[]>() }
      : await staffOnShift(db, roster, principal, centreId);
  const needs = [...visitorsByLanguage].map(([language, visitorsPresent]) => ({
    language,
    languageName: swedishNames.of(language) ?? language,
    visitorsPresent,
    speakersOnShift: new Set(
      staff.filter((s) => speaksLanguage(languagesOf.get(s.personId) ?? [], language)).map((s) => s.personId),
    ).size,
  }));
  needs.sort(
    (a, b) => b.visitorsPresent - a.visitorsPresent || a.languageName.localeCompare(b.languageName, "sv"),
  );
  return { centreId, needs };
}
