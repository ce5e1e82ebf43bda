import type { Transaction } from "@krisstod/db";
import { ConflictError, UnauthorizedError } from "@krisstod/http";
import type { PgSchema } from "drizzle-orm/pg-core";
import { text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createSigner, createVerifier, TokenError } from "fast-jwt";
import { v7 as uuidv7 } from "uuid";
import { z } from "zod";

/**
 * Call-out answer links: a support person answers from a text message without an account. The
 * link carries a compact HS256 JWT that names the call-out and the person, expires, and has a
 * `jti` the consuming service records on use so it works once.
 */
export interface AnswerLinkClaims {
  callOutId: string;
  personId: string;
  /** The token's unique id; record it with `consumeAnswerLink` in the transaction that stores the answer. */
  jti: string;
  expiresAt: Date;
}

export type AnswerLinkFailure = "invalid" | "expired" | "other-call-out";

/** A link that is not good for this call-out (401), with the reason the answer page can show. */
export class AnswerLinkError extends UnauthorizedError {
  constructor(
    readonly reason: AnswerLinkFailure,
    detail: string,
  ) {
    super(detail);
  }
}
/** The link has been used already (409). */
export class AnswerLinkUsedError extends ConflictError {
  constructor() {
    super("This answer link has already been used.");
  }
}

export interface AnswerLinkSigner {
  sign(input: { callOutId: string; personId: string; expiresAt: Date }): Promise<string>;
  /** Verifies signature and expiry and that the link belongs to `callOutId`. */
  verify(token: string, callOutId: string): Promise<AnswerLinkClaims>;
}

// Fixed issuer/audience keep these tokens from being mistaken for any other HS256 token signed with
// the same secret, and access tokens (asymmetric) can never pass here.
const ISSUER = "krisstod";
const AUDIENCE = "krisstod:answer-link";
const TYPE = "answer-link+jwt";
const Claims = z.object({
  sub: z.string().min(1),
  cid: z.string().min(1),
  jti: z.string().min(1),
  exp: z.number(),
});

/**
 * Signs and checks with fast-jwt, which uses node:crypto's HMAC synchronously: a call-out of 2,000
 * people signs 2,000 links in its requests and every answer checks one, and jose (the access
 * tokens' library, WebCrypto only since v6) took 50–140 µs of CPU per signature and 130–200 µs per
 * check against fast-jwt's 12 and 17 µs (bench/PROFILES.md). The tokens are the same standard HS256
 * JWTs either way, so links signed before keep working.
 */
export function createAnswerLinkSigner(secret: string | Uint8Array): AnswerLinkSigner {
  const key = Buffer.from(typeof secret === "string" ? new TextEncoder().encode(secret) : secret);
  if (key.byteLength < 32) throw new Error("An answer-link secret needs at least 32 bytes.");
  const signToken = createSigner({
    key,
    algorithm: "HS256",
    header: { alg: "HS256", typ: TYPE },
    iss: ISSUER,
    aud: AUDIENCE,
  });
  const verifyToken = createVerifier({
    key,
    algorithms: ["HS256"],
    allowedIss: ISSUER,
    allowedAud: AUDIENCE,
    requiredClaims: ["exp", "jti", "sub"],
    complete: true,
    // Each link is checked about once; a cache would only hold memory.
    cache: false,
  });
  return {
    sign: async ({ callOutId, personId, expiresAt }) =>
      signToken({
        cid: callOutId,
        sub: personId,
        jti: uuidv7(),
        exp: Math.floor(expiresAt.getTime() / 1000),
      }),
    async verify(token, callOutId) {
      let decoded: { header: Record<string, unknown>; payload: unknown };
      try {
        decoded = verifyToken(token);
      } catch (error) {
        if (error instanceof TokenError && error.code === TokenError.codes.expired) {
          throw new AnswerLinkError("expired", "This answer link has expired.");
        }
        throw new AnswerLinkError("invalid", "This answer link is not valid.");
      }
      // Only our own kind of token: the type in its header as signed.
      if (decoded.header.typ !== TYPE) throw new AnswerLinkError("invalid", "This answer link is not valid.");
      const payload = decoded.payload;
      const iat = (payload as { iat?: unknown }).iat;
      // As for access tokens: a link "issued" in the future (beyond the clock skew) is not ours.
      if (iat !== undefined && (typeof iat !== "number" || iat > Date.now() / 1000 + 30)) {
        throw new AnswerLinkError("invalid", "This answer link is not valid.");
      }
      const claims = Claims.safeParse(payload);
      if (!claims.success) throw new AnswerLinkError("invalid", "This answer link is not valid.");
      if (claims.data.cid !== callOutId) {
        throw new AnswerLinkError("other-call-out", "This answer link belongs to another call-out.");
      }
      return {
        callOutId: claims.data.cid,
        personId: claims.data.sub,
        jti: claims.data.jti,
        expiresAt: new Date(claims.data.exp * 1000),
      };
    },
  };
}

/**
 * The table of used answer links a consuming service keeps in its own schema (spread into its
 * drizzle schema so drizzle-kit generates the migration). Rows can be pruned after `expires_at`.
 */
export function answerLinkTables(schema: PgSchema<string>) {
  const usedAnswerLinks = schema.table("used_answer_links", {
    jti: uuid("jti").primaryKey(),
    callOutId: text("call_out_id").notNull(),
    personId: text("person_id").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }).notNull().defaultNow(),
  });
  return { usedAnswerLinks };
}
export type AnswerLinkTables = ReturnType<typeof answerLinkTables>;

/**
 * Marks a verified link used, in the transaction that records the answer: if that transaction rolls
 * back the link stays usable; if another request used it first, throws AnswerLinkUsedError (409).
 */
export async function consumeAnswerLink(
  tx: Transaction,
  tables: AnswerLinkTables,
  claims: AnswerLinkClaims,
): Promise<void> {
  const inserted = await tx
    .insert(tables.usedAnswerLinks)
    .values({
      jti: claims.jti,
      callOutId: claims.callOutId,
      personId: claims.personId,
      expiresAt: claims.expiresAt,
    })
    .onConflictDoNothing()
    .returning({ jti: tables.usedAnswerLinks.jti });
  if (inserted.length === 0) throw new AnswerLinkUsedError();
}
