import { createTestNamespace } from "@krisstod/testing";
import { sql } from "drizzle-orm";
import { integer, pgSchema, serial, text } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, type DatabaseHandle, insertJsonRows } from "../src/index.ts";

const schema = pgSchema("json_rows_test");
const notes = schema.table("notes", {
  seq: serial("seq").primaryKey(),
  authorName: text("author_name").notNull(),
  body: text("body").notNull(),
  weight: integer("weight").notNull().default(1),
});
const tags = schema.table("tags", {
  seq: serial("seq").primaryKey(),
  label: text("label").notNull(),
});

/**
 * The many-row INSERT every service's outbox and the call-outs write through: rows in array order,
 * left-out columns at their defaults, its statement text reused per table and column list.
 */
describe("insertJsonRows (real PostgreSQL)", () => {
  let database: DatabaseHandle;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    database = connectDatabase(ns.databaseUrl, { max: 2 });
    await database.sql.unsafe(`
      create schema json_rows_test;
      create table json_rows_test.notes (seq serial primary key, author_name text not null,
        body text not null, weight integer not null default 1);
      create table json_rows_test.tags (seq serial primary key, label text not null);`);
  });
  afterAll(() => database.close());

  const read = () =>
    database.db.select().from(notes).orderBy(notes.seq) as Promise<(typeof notes.$inferSelect)[]>;

  it("writes the rows in order, each column set and table with its own statement", async () => {
    await database.db.transaction(async (tx) => {
      await insertJsonRows(tx, notes, [
        { authorName: "Anna", body: "första" },
        { authorName: "Bo", body: 'andra $1 ::json\' "citat"' },
      ]);
      await insertJsonRows(tx, tags, [{ label: "a" }, { label: "b" }]);
      await insertJsonRows(tx, notes, [{ authorName: "Cecilia", body: "tredje", weight: 5 }]);
      await insertJsonRows(tx, notes, [{ authorName: "Dan", body: "fjärde" }]);
      await insertJsonRows(tx, notes, []);
    });
    expect((await read()).map(({ authorName, body, weight }) => [authorName, body, weight])).toEqual([
      ["Anna", "första", 1],
      ["Bo", 'andra $1 ::json\' "citat"', 1],
      ["Cecilia", "tredje", 5],
      ["Dan", "fjärde", 1],
    ]);
    const labels = await database.db.execute(sql`select label from json_rows_test.tags order by seq`);
    expect(labels.map((row) => row.label)).toEqual(["a", "b"]);
  });

  it("refuses a key that is not a column, and writes nothing", async () => {
    const before = (await read()).length;
    await expect(
      database.db.transaction((tx) =>
        insertJsonRows(tx, notes, [{ authorName: "E", body: "x", nope: 1 } as never]),
      ),
    ).rejects.toThrow(/nope is not a column/);
    expect(await read()).toHaveLength(before);
  });

  it("runs each insert as a statement prepared once per connection", async () => {
    // Unprepared, postgres.js asks for the parameter types before every run: two round trips and
    // a parse per statement (bench/PROFILES.md, round nine). One connection: a transaction.
    const prepared = await database.db.transaction(async (tx) => {
      for (const authorName of ["F", "G", "H"]) {
        await insertJsonRows(tx, notes, [{ authorName, body: "x" }]);
      }
      return tx.execute(
        sql`select statement from pg_prepared_statements where not from_sql order by prepare_time`,
      );
    });
    const texts = prepared.map((row) => String(row.statement));
    // Three runs each, one statement each (the connection may hold others' too: distinct texts).
    const inserts = texts.filter((text) => /"notes" \("author_name", "body"\) select/.test(text));
    expect(inserts).toHaveLength(1);
    expect(new Set(texts).size).toBe(texts.length);
  });
});
