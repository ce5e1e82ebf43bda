import { createTestNamespace, within } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, type DatabaseHandle } from "../src/index.ts";

/**
 * A reserved connection (the exclusive consumer's lock, a start-up lock, an arrival with a
 * guardian) whose server session ends — the database restarted, an administrator ended it — is
 * released by its holder after the failure. The pool must go on: with postgres.js 3.4.9 as
 * published, the released connection was put back as open without a socket, and the next query
 * or reservation handed to it failed or never answered (porsager/postgres#1199; patched in
 * patches/postgres+3.4.9.patch).
 */
describe("a reserved connection whose session ended", () => {
  let database: DatabaseHandle;
  let admin: DatabaseHandle;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    database = connectDatabase(ns.databaseUrl, { max: 3 });
    admin = connectDatabase(ns.databaseUrl, { max: 1 });
  });
  afterAll(async () => {
    await database?.close();
    await admin?.close();
  });

  it("once released, leaves the pool answering queries and reservations", async () => {
    for (let round = 0; round < 3; round++) {
      const reserved = await database.sql.reserve();
      const [session] = await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`;
      await admin.sql`select pg_terminate_backend(${session?.pid ?? 0})`;
      // Until the pool has seen the session end, a query on it fails either way.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await expect(within(reserved`select 1`, 5_000, "the query on the ended session")).rejects.toThrow(
        /CONNECTION_CLOSED/,
      );
      reserved.release();

      const [pooled] = await within(database.sql<{ one: number }[]>`select 1 as one`, 5_000, "a pool query");
      expect(pooled?.one).toBe(1);
      const again = await within(database.sql.reserve(), 5_000, "a new reservation");
      try {
        const [row] = await within(
          again<{ pid: number }[]>`select pg_backend_pid() as pid`,
          5_000,
          "its query",
        );
        expect(row?.pid).not.toBe(session?.pid);
      } finally {
        again.release();
      }
    }
  });
});
