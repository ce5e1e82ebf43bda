import type { DevOutboxMessage } from "@krisstod/contracts";
import { type AppEnv, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { and, desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { devOutbox } from "../db/schema.ts";

const Query = z.object({
  activationId: z.uuid().optional(),
  personId: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** What the development outbox "sent", newest first, for the dashboard to list with clickable links. */
export function devOutboxRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AppEnv>().get("/", validate("query", Query), async (c) => {
    const query = c.req.valid("query");
    const rows = await db
      .select()
      .from(devOutbox)
      .where(
        and(
          query.activationId ? eq(devOutbox.activationId, query.activationId) : undefined,
          query.personId ? eq(devOutbox.personId, query.personId) : undefined,
        ),
      )
      .orderBy(desc(devOutbox.deliveredAt), desc(devOutbox.messageId))
      .limit(query.limit);
    const body: DevOutboxMessage[] = rows.map((row) => ({
      messageId: row.messageId,
      activationId: row.activationId,
      personId: row.personId,
      channel: row.channel as DevOutboxMessage["channel"],
      to: row.to,
      subject: row.subject,
      body: row.body,
      answerLink: row.answerLink,
      deliveredAt: row.deliveredAt.toISOString(),
    }));
    c.header("Cache-Control", "no-store");
    return c.json(body);
  });
}
