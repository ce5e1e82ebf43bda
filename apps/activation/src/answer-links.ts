import { ConflictError, UnauthorizedError } from "@krisstod/http";
import { errors, jwtVerify, SignJWT } from "jose";
import { v7 as uuidv7 } from "uuid";
import { z } from "zod";

/**
 * Signed, expiring answer links (HS256 JWT with a `jti` recorded on use). Same interface and token
 * format as `@krisstod/auth`'s answer-links module, which is not exported yet; once it is, this file
 * is replaced by an import of `createAnswerLinkSigner` and `consumeAnswerLink` from there.
 */
export interface AnswerLinkClaims {
  callOutId: string;
  personId: string;
  jti: string;
  expiresAt: Date;
}

export type AnswerLinkFailure = "invalid" | "expired" | "other-call-out";

export class AnswerLinkError extends UnauthorizedError {
  constructor(
    readonly reason: AnswerLinkFailure,
    detail: string,
  ) {
    super(detail);
  }
}

export class AnswerLinkUsedError extends ConflictError {
  constructor() {
    super("This answer link has already been used.");
  }
}

export interface AnswerLinkSigner {
  sign(input: { callOutId: string; personId: string; expiresAt: Date }): Promise<string>;
  verify(token: string, callOutId: string): Promise<AnswerLinkClaims>;
}

const ISSUER = "krisstod";
const AUDIENCE = "krisstod:answer-link";
const Claims = z.object({
  sub: z.string().min(1),
  cid: z.string().min(1),
  jti: z.string().min(1),
  exp: z.number(),
});

export function createAnswerLinkSigner(secret: string): AnswerLinkSigner {
  const key = new TextEncoder().encode(secret);
  if (key.byteLength < 32) throw new Error("An answer-link secret needs at least 32 bytes.");
  return {
    sign: ({ callOutId, personId, expiresAt }) =>
      new SignJWT({ cid: callOutId })
        .setProtectedHeader({ alg: "HS256", typ: "answer-link+jwt" })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(personId)
        .setJti(uuidv7())
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key),
    async verify(token, callOutId) {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ["HS256"],
          typ: "answer-link+jwt",
          requiredClaims: ["exp", "jti", "sub"],
        }));
      } catch (error) {
        if (error instanceof errors.JWTExpired)
          throw new AnswerLinkError("expired", "This answer link has expired.");
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
