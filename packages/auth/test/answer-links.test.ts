import { connectDatabase, type DatabaseHandle } from "@krisstod/db";
import { createTestNamespace } from "@krisstod/testing";
import { pgSchema } from "drizzle-orm/pg-core";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnswerLinkError,
  AnswerLinkUsedError,
  answerLinkTables,
  consumeAnswerLink,
  createAnswerLinkSigner,
} from "../src/index.ts";

const secret = "0123456789abcdef0123456789abcdef-test";
const signer = createAnswerLinkSigner(secret);
const callOutId = "0198a000-0000-7000-8000-000000000001";
const otherCallOut = "0198a000-0000-7000-8000-000000000002";
const inAnHour = () => new Date(Date.now() + 3_600_000);

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("answer links", () => {
  it("verify returns who answers which call-out", async () => {
    const token = await signer.sign({ callOutId, personId: "person-1", expiresAt: inAnHour() });
    const claims = await signer.verify(token, callOutId);
    expect(claims).toMatchObject({ callOutId, personId: "person-1" });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("each link has its own jti", async () => {
    const a = await signer.verify(
      await signer.sign({ callOutId, personId: "p", expiresAt: inAnHour() }),
      callOutId,
    );
    const b = await signer.verify(
      await signer.sign({ callOutId, personId: "p", expiresAt: inAnHour() }),
      callOutId,
    );
    expect(a.jti).not.toBe(b.jti);
  });

  it("is bound to one call-out", async () => {
    const token = await signer.sign({ callOutId, personId: "person-1", expiresAt: inAnHour() });
    const error = await failure(signer.verify(token, otherCallOut));
    expect(error).toBeInstanceOf(AnswerLinkError);
    expect(error).toMatchObject({ reason: "other-call-out", status: 401 });
  });

  it("expires", async () => {
    const token = await signer.sign({
      callOutId,
      personId: "person-1",
      expiresAt: new Date(Date.now() - 1_000),
    });
    expect(await failure(signer.verify(token, callOutId))).toMatchObject({ reason: "expired", status: 401 });
  });

  it("is refused when signed with another secret or altered", async () => {
    const foreign = createAnswerLinkSigner("another-secret-of-at-least-32-bytes!!");
    const token = await foreign.sign({ callOutId, personId: "person-1", expiresAt: inAnHour() });
    expect(await failure(signer.verify(token, callOutId))).toMatchObject({ reason: "invalid" });
    const good = await signer.sign({ callOutId, personId: "person-1", expiresAt: inAnHour() });
    const [h, p, s] = good.split(".");
    const payload = JSON.parse(Buffer.from(p ?? "", "base64url").toString());
    const altered = Buffer.from(JSON.stringify({ ...payload, sub: "person-2" })).toString("base64url");
    expect(await failure(signer.verify(`${h}.${altered}.${s}`, callOutId))).toMatchObject({
      reason: "invalid",
    });
  });

  // Links already sent when the signer changed library (jose before) must keep working, and a
  // token of another kind signed with the same secret must not pass.
  const joseSigned = ({ typ = "answer-link+jwt", audience = "krisstod:answer-link" } = {}) =>
    new SignJWT({ cid: callOutId })
      .setProtectedHeader({ alg: "HS256", typ })
      .setIssuer("krisstod")
      .setAudience(audience)
      .setSubject("person-9")
      .setJti("0198a000-0000-7000-8000-0000000000aa")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(secret));

  it("accepts a link signed before by jose", async () => {
    const claims = await signer.verify(await joseSigned(), callOutId);
    expect(claims).toMatchObject({
      callOutId,
      personId: "person-9",
      jti: "0198a000-0000-7000-8000-0000000000aa",
    });
  });

  it("refuses a token of another type, unsigned or for another audience", async () => {
    expect(await failure(signer.verify(await joseSigned({ typ: "JWT" }), callOutId))).toMatchObject({
      reason: "invalid",
    });
    const good = await signer.sign({ callOutId, personId: "person-1", expiresAt: inAnHour() });
    const [, p] = good.split(".");
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none", typ: "answer-link+jwt" })).toString("base64url")}.${p}.`;
    expect(await failure(signer.verify(unsigned, callOutId))).toMatchObject({ reason: "invalid" });
    const otherAudience = await joseSigned({ audience: "krisstod:something-else" });
    expect(await failure(signer.verify(otherAudience, callOutId))).toMatchObject({ reason: "invalid" });
  });

  it("refuses a short secret", () => {
    expect(() => createAnswerLinkSigner("short")).toThrow(/32 bytes/);
  });
});

describe("single use (real PostgreSQL)", () => {
  const schema = pgSchema("callouts_test");
  const tables = answerLinkTables(schema);
  let database: DatabaseHandle;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    database = connectDatabase(ns.databaseUrl, { max: 4 });
    // A service gets this table from its drizzle-kit migration; the test creates it by hand.
    await database.sql.unsafe(`
      create schema callouts_test;
      create table callouts_test.used_answer_links (
        jti uuid primary key, call_out_id text not null, person_id text not null,
        expires_at timestamptz not null, used_at timestamptz not null default now());`);
  });
  afterAll(() => database.close());

  it("a link works once; a second use is a conflict", async () => {
    const claims = await signer.verify(
      await signer.sign({ callOutId, personId: "person-1", expiresAt: inAnHour() }),
      callOutId,
    );
    await database.db.transaction((tx) => consumeAnswerLink(tx, tables, claims));
    const error = await failure(database.db.transaction((tx) => consumeAnswerLink(tx, tables, claims)));
    expect(error).toBeInstanceOf(AnswerLinkUsedError);
    expect(error).toMatchObject({ status: 409 });
  });

  it("a use whose transaction rolls back leaves the link usable", async () => {
    const claims = await signer.verify(
      await signer.sign({ callOutId, personId: "person-2", expiresAt: inAnHour() }),
      callOutId,
    );
    await failure(
      database.db.transaction(async (tx) => {
        await consumeAnswerLink(tx, tables, claims);
        throw new Error("recording the answer failed");
      }),
    );
    await database.db.transaction((tx) => consumeAnswerLink(tx, tables, claims));
  });

  it("two concurrent uses: exactly one wins", async () => {
    const claims = await signer.verify(
      await signer.sign({ callOutId, personId: "person-3", expiresAt: inAnHour() }),
      callOutId,
    );
    const results = await Promise.allSettled([
      database.db.transaction((tx) => consumeAnswerLink(tx, tables, claims)),
      database.db.transaction((tx) => consumeAnswerLink(tx, tables, claims)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  });
});
