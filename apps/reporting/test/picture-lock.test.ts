import { waitFor } from "@krisstod/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PICTURE_CONSUMER } from "../src/picture/projection.ts";
import { incident, openIncident, type Reporting, startReporting } from "./support.ts";

/**
 * The picture is kept by one replica at a time: the one whose session holds the picture's advisory
 * lock (runtime's ExclusiveConsumer). When the database ends that session (a restart, a failover,
 * an administrator), the replica must notice, take the lock again in a new session and go on
 * projecting — not stand still with the events piling up.
 */
describe("the picture's lock session ended by the database", () => {
  let r: Reporting;
  let admin: postgres.Sql;
  const key = `exclusive-consumer:${PICTURE_CONSUMER}`;
  /** The backend holding the picture's lock, if any. */
  const holder = async () => {
    const [row] = await admin<{ pid: number }[]>`
      select pid from pg_locks
      where locktype = 'advisory' and granted and objsubid = 1
        and database = (select oid from pg_database where datname = current_database())
        and objid::bigint = (hashtext(${key})::bigint & 4294967295)`;
    return row?.pid;
  };

  beforeAll(async () => {
    r = await startReporting();
    admin = postgres(r.ns.databaseUrl, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await admin?.end();
    await r?.stop();
  });

  it("takes the lock again in a new session and the picture goes on", async () => {
    await openIncident(r.publisher, r.service.url, incident(), r.as.observer);
    const before = await waitFor(holder, { message: "nobody holds the picture's lock" });
    await admin`select pg_terminate_backend(${before})`;

    const after = await waitFor(
      async () => {
        const pid = await holder();
        return pid !== undefined && pid !== before && pid;
      },
      { timeoutMs: 15_000, message: "the lock was not taken again" },
    );
    expect(after).not.toBe(before);
    // A change after the session ended reaches the picture.
    await openIncident(r.publisher, r.service.url, incident({ title: "Efter omstarten" }), r.as.observer);
  });
});
