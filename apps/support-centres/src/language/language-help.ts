import { appendAudit } from "@krisstod/audit";
import { type LanguageHelp, normaliseLanguage, type Principal, speaksLanguage } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { ConflictError } from "@krisstod/http";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { audit, shifts, visitorPersonalData } from "../db/schema.ts";
import { scrubErrors } from "../http/scrub-errors.ts";
import { actorOf, findOwnVisitor } from "../visitors/visitors.store.ts";
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
      await appendAudit(tx, audit, {
        actor: actorOf(principal),
        action: "read",
        subject: { kind: "visitor", id: visitor.id, organisationId: visitor.receivingOrganisationId },
        incidentId: visitor.incidentId,
        reason: "language help",
      });
      return { visitor, recorded: personal?.language ?? null };
    }),
  );
  if (!recorded) throw new ConflictError("No language is recorded for this visitor.");
  const language = normaliseLanguage(recorded);
  const languageName = swedishNames.of(language) ?? language;

  const staff = await db
    .select()
    .from(shifts)
    .where(and(eq(shifts.centreId, centreId), isNotNull(shifts.checkedInAt), isNull(shifts.checkedOutAt)));
  const known =
    staff.length === 0 ? [] : (await roster.languagesOf([...new Set(staff.map((s) => s.personId))])).people;
  const languagesOf = new Map(known.map((p) => [p.personId, p.languages]));
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

  // Nobody here speaks it: the receiving organisation's own people who do, to be called in.
  const answer = await roster.speakers({
    organisationId: visitor.receivingOrganisationId,
    language,
    requestedBy: actorOf(principal),
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
