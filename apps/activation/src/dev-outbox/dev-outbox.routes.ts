import type { AuthEnv } from "@krisstod/auth";
import { DevOutboxMessage } from "@krisstod/contracts";
import { validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { and, desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { auditAccess } from "../audit.ts";
import { activations, devOutbox } from "../db/schema.ts";
import { principalOf, route } from "../policy.ts";

const Query = z.object({
  activationId: z.uuid().optional(),
  personId: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * What the development outbox "sent", newest first, for the dashboard to list with clickable
 * links. The messages hold phone numbers and e-mail addresses, so a lead sees only the messages of
 * their own organisation's activations, and every message shown is audited.
 */
export function devOutboxRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AuthEnv>().get(
    "/",
    route("dev-outbox.list", {
      summary: "Messages the development outbox would have sent (SMS, e-mail)",
      response: z.array(DevOutboxMessage),
      personalData: true,
    }),
    validate("query", Query),
    async (c) => {
      const principal = principalOf(c);
      const query = c.req.valid("query");
      const body = await db.transaction(async (tx) => {
        const rows = await tx
          .select({ message: devOutbox, incidentId: activations.incidentId })
          .from(devOutbox)
          .innerJoin(activations, eq(activations.id, devOutbox.activationId))
          .where(
            and(
              eq(activations.organisationId, principal.organisationId),
              query.activationId ? eq(devOutbox.activationId, query.activationId) : undefined,
              query.personId ? eq(devOutbox.personId, query.personId) : undefined,
            ),
          )
          .orderBy(desc(devOutbox.deliveredAt), desc(devOutbox.messageId))
          .limit(query.limit);
        await auditAccess(
          tx,
          principal,
          "read",
          rows.map(({ message, incidentId }) => ({
            kind: "call-out-message" as const,
            id: message.messageId,
            organisationId: principal.organisationId,
            incidentId,
          })),
        );
        return rows.map(
          ({ message: row }): DevOutboxMessage => ({
            messageId: row.messageId,
            // The inner join above keeps only messages of an activation of the organisation.
            activationId: row.activationId ?? "",
            personId: row.personId,
            channel: row.channel as DevOutboxMessage["channel"],
            to: row.to,
            subject: row.subject,
            body: row.body,
            answerLink: row.answerLink,
            deliveredAt: row.deliveredAt.toISOString(),
          }),
        );
      });
      return c.json(body);
    },
  );
}
