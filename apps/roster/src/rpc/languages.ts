import { RpcRefusedError, serveRpc } from "@krisstod/bus";
import {
  LanguagesOfRequest,
  type LanguagesOfResponse,
  normaliseLanguage,
  type RosterRole,
  rosterRpc,
  SpeakersRequest,
  type SpeakersResponse,
  speaksLanguage,
  subjects,
} from "@krisstod/contracts";
import type { ServiceContext } from "@krisstod/runtime";
import { and, asc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { auditContacts } from "../audit.ts";
import { people, unavailability } from "../db/schema.ts";
import { requireOrganisation } from "../organisations/organisations.store.ts";
import { rpcCaller } from "./caller.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Language help for the support centres: who in an organisation speaks a visitor's language (with
 * phones, audited), and which languages given people (staff on shift) speak (no contact details).
 */
export function startLanguageRpc(context: ServiceContext): () => Promise<void> {
  const { db } = context.database;
  const ns = context.env.NATS_NAMESPACE;
  const speakers = serveRpc({
    nc: context.nc,
    subject: subjects.rpc(ns, "roster", rosterRpc.speakers),
    queue: "roster",
    request: SpeakersRequest,
    logger: context.logger,
    caller: rpcCaller(context),
    handle: async (request, caller): Promise<SpeakersResponse> => {
      // Contact details go to the organisation's own members only (its leads and centre staff,
      // as the asking service has checked); anyone else is refused, never given an empty list.
      if (caller.organisationId !== request.organisationId) {
        throw new RpcRefusedError(
          `speakers: ${caller.userId} of ${caller.organisationId} asked for ${request.organisationId}'s people`,
        );
      }
      const organisation = await requireOrganisation(db, request.organisationId);
      const language = normaliseLanguage(request.language);
      const now = new Date();
      return db.transaction(async (tx) => {
        // Languages are compared canonically ("ara" = "ar", "prs" = "fa"), so filter here, not in SQL.
        const candidates = await tx
          .select()
          .from(people)
          .where(
            and(
              eq(people.organisationId, organisation.id),
              eq(people.active, true),
              sql`cardinality(${people.languages}) > 0`,
            ),
          )
          .orderBy(asc(people.familyName), asc(people.givenName));
        const found = candidates.filter((p) => speaksLanguage(p.languages, language));
        const away =
          found.length === 0
            ? []
            : await tx
                .select({ personId: unavailability.personId })
                .from(unavailability)
                .where(
                  and(
                    inArray(
                      unavailability.personId,
                      found.map((p) => p.id),
                    ),
                    lte(unavailability.fromAt, now),
                    gt(unavailability.toAt, now),
                  ),
                );
        const unavailable = new Set(away.map((a) => a.personId));
        await auditContacts(tx, caller, "read", found, request.reason);
        const list = found.map((p) => ({
          personId: p.id,
          name: `${p.givenName} ${p.familyName}`,
          role: p.role as RosterRole,
          phones: p.phones,
          available: !unavailable.has(p.id),
        }));
        return {
          organisationId: organisation.id,
          language,
          people: [...list.filter((p) => p.available), ...list.filter((p) => !p.available)],
        };
      });
    },
  });
  const languagesOf = serveRpc({
    nc: context.nc,
    subject: subjects.rpc(ns, "roster", rosterRpc.languagesOf),
    queue: "roster",
    request: LanguagesOfRequest,
    logger: context.logger,
    handle: async (request): Promise<LanguagesOfResponse> => {
      // Shift person ids are free text elsewhere; only roster ids (uuids) can be known here.
      const ids = [...new Set(request.personIds.filter((id) => UUID.test(id)))];
      if (ids.length === 0) return { people: [] };
      const rows = await db
        .select({ personId: people.id, organisationId: people.organisationId, languages: people.languages })
        .from(people)
        .where(inArray(people.id, ids));
      return { people: rows };
    },
  });
  return async () => {
    await speakers.drain();
    await languagesOf.drain();
  };
}
