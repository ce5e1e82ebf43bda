import { type AuditTables, appendAudit } from "@krisstod/audit";
import { type AuthEnv, declareRoute, requirePrincipal } from "@krisstod/auth";
import { CountyCode, CountySettingsView, countyBoardOf, type Principal } from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { type FieldError, ForbiddenError, InvalidError, validate } from "@krisstod/http";
import { eq, sql } from "drizzle-orm";
import { jsonb, type PgSchema, text, timestamp } from "drizzle-orm/pg-core";
import { Hono } from "hono";
import { z } from "zod";

/**
 * Per-county settings of the rules a service enforces (the numbers the guidelines do not give; see
 * `county-settings.ts` in contracts). One row per county that changed anything: only the values it
 * set, so a changed default reaches every county that kept it.
 */
export function countySettingsTable(schema: PgSchema<string>) {
  return schema.table("county_settings", {
    countyCode: text("county_code").primaryKey(),
    values: jsonb("values").$type<Record<string, number>>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    updatedBy: text("updated_by").notNull(),
  });
}
export type CountySettingsTable = ReturnType<typeof countySettingsTable>;

type NumberShape = Record<string, z.ZodNumber>;

export interface CountySettingsOptions<Shape extends NumberShape> {
  service: CountySettingsView["service"];
  table: CountySettingsTable;
  schema: z.ZodObject<Shape>;
  /** The defaults (the service's environment may set them for the whole deployment). */
  defaults: z.output<z.ZodObject<Shape>>;
  audit: AuditTables;
  /** Checks across settings (e.g. weights that must sum to 100); each error names its field. */
  check?: (values: z.output<z.ZodObject<Shape>>) => FieldError[];
  /** What changes with the settings, in the same transaction (e.g. readiness scored anew). */
  afterChange?: (tx: Transaction, countyCode: string, values: z.output<z.ZodObject<Shape>>) => Promise<void>;
}

export interface CountySettings<Values> {
  /** The county's values: what it set, the defaults for the rest. */
  get(executor: Database | Transaction, countyCode: string): Promise<Values>;
  /**
   * `GET /:countyCode` (anyone of the county) and `PUT /:countyCode` (Länsstyrelsen's org-admin of
   * that county; a body of the settings to change). Mount at `/county-settings`, with the actions
   * `county-settings.read` and `county-settings.change` in the service's policy.
   */
  routes(db: Database): CountySettingsRoutes;
}

export function countySettings<Shape extends NumberShape>(
  options: CountySettingsOptions<Shape>,
): CountySettings<z.output<z.ZodObject<Shape>>> {
  type Values = z.output<z.ZodObject<Shape>>;
  const { table, schema, defaults } = options;
  const keys = Object.keys(schema.shape);
  const partial = schema.partial();

  const readRow = async (executor: Database | Transaction, countyCode: string) => {
    const [row] = await executor.select().from(table).where(eq(table.countyCode, countyCode)).limit(1);
    return row;
  };
  // A stored value that no longer fits the schema (bounds tightened since) falls back to the default.
  const defaultValues = defaults as Record<string, number>;
  const merge = (stored: Record<string, number> | undefined): Record<string, number> => {
    const own = partial.safeParse(stored ?? {});
    const kept = own.success ? (own.data as Record<string, number | undefined>) : {};
    return { ...defaultValues, ...definedOnly(kept) };
  };
  const get = async (executor: Database | Transaction, countyCode: string) =>
    merge((await readRow(executor, countyCode))?.values) as Values;

  const view = async (db: Database, countyCode: string): Promise<CountySettingsView> => {
    const row = await readRow(db, countyCode);
    const values = merge(row?.values);
    return {
      service: options.service,
      countyCode,
      settings: keys.map((key) => ({
        key,
        value: values[key] ?? 0,
        default: defaultValues[key] ?? 0,
        source: "local" as const,
      })),
      updatedAt: row?.updatedAt.toISOString() ?? null,
      updatedBy: row?.updatedBy ?? null,
    };
  };

  const change = async (
    db: Database,
    principal: Principal,
    countyCode: string,
    body: Record<string, unknown>,
  ) => {
    const unknown = Object.keys(body).filter((key) => !keys.includes(key));
    if (unknown.length > 0) {
      throw new InvalidError(
        `Unknown setting: ${unknown.join(", ")}.`,
        unknown.map((field) => ({ field, message: "is not a setting of this service" })),
      );
    }
    if (Object.keys(body).length === 0) {
      throw new InvalidError("No setting given.", [{ field: "body", message: "names no setting" }]);
    }
    const parsed = partial.safeParse(body);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({
        field: issue.path.map(String).join(".") || "body",
        message: issue.message,
      }));
      throw new InvalidError(`Invalid setting: ${errors.map((e) => e.field).join(", ")}.`, errors);
    }
    const changes = definedOnly(parsed.data as Record<string, number | undefined>);
    await db.transaction(async (tx) => {
      // One change at a time per county: the row (or its absence) is read under a lock.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`county-settings:${countyCode}`}))`);
      const row = await readRow(tx, countyCode);
      const before = merge(row?.values);
      const stored = { ...(row?.values ?? {}), ...changes } as Record<string, number>;
      const after = merge(stored);
      const problems = options.check?.(after as Values) ?? [];
      if (problems.length > 0) {
        throw new InvalidError(`Invalid settings: ${problems.map((p) => p.field).join(", ")}.`, problems);
      }
      const now = new Date();
      await tx
        .insert(table)
        .values({ countyCode, values: stored, updatedAt: now, updatedBy: principal.name })
        .onConflictDoUpdate({
          target: table.countyCode,
          set: { values: stored, updatedAt: now, updatedBy: principal.name },
        });
      // Who changed what, from what to what: in the county board's trail, which its admin reviews.
      const changed = Object.keys(changes).filter((key) => before[key] !== after[key]);
      await appendAudit(
        tx,
        options.audit,
        changed.map((key) => ({
          actor: { userId: principal.userId, organisationId: principal.organisationId },
          action: "write" as const,
          subject: {
            kind: "county-setting",
            id: `${countyCode}:${key}`,
            organisationId: countyBoardOf(countyCode),
          },
          reason: `${key}: ${before[key]} → ${after[key]}`,
        })),
      );
      await options.afterChange?.(tx, countyCode, after as Values);
    });
  };

  const routes = (db: Database) =>
    countySettingsRoutes({
      view: (countyCode) => view(db, countyCode),
      change: (principal, countyCode, body) => change(db, principal, countyCode, body),
    });

  return { get, routes };
}

const CountyParam = z.object({ countyCode: CountyCode });

function ownCounty(principal: Principal, countyCode: string): void {
  if (principal.countyCode !== countyCode) {
    throw new ForbiddenError("Another county's settings are its own.", "other-county");
  }
}

/** What the routes do with one service's settings, bound to its database. */
interface SettingsStore {
  view(countyCode: string): Promise<CountySettingsView>;
  change(principal: Principal, countyCode: string, body: Record<string, unknown>): Promise<void>;
}

/** The routes every service with settings mounts alike; their type is the typed client's (`hc`). */
function countySettingsRoutes(store: SettingsStore) {
  return new Hono<AuthEnv>()
    .get(
      "/:countyCode",
      declareRoute("county-settings.read", {
        summary: "The county's settings of this service's rules: value, default, and that each is local",
        response: CountySettingsView,
      }),
      validate("param", CountyParam),
      async (c) => {
        const { countyCode } = c.req.valid("param");
        ownCounty(requirePrincipal(c), countyCode);
        return c.json(await store.view(countyCode));
      },
    )
    .put(
      "/:countyCode",
      declareRoute("county-settings.change", {
        summary: "Change some of the county's settings (Länsstyrelsen's org-admin of the county)",
        response: CountySettingsView,
      }),
      validate("param", CountyParam),
      validate("json", z.record(z.string(), z.unknown())),
      async (c) => {
        const { countyCode } = c.req.valid("param");
        const principal = requirePrincipal(c);
        ownCounty(principal, countyCode);
        if (principal.organisationId !== countyBoardOf(countyCode)) {
          throw new ForbiddenError(
            "A county's settings are set by its county board (Länsstyrelsen).",
            "county-board-only",
          );
        }
        await store.change(principal, countyCode, c.req.valid("json"));
        return c.json(await store.view(countyCode));
      },
    );
}

/** The county-settings routes of a service (`GET`/`PUT /:countyCode`), for a typed client. */
export type CountySettingsRoutes = ReturnType<typeof countySettingsRoutes>;

function definedOnly(values: Record<string, number | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = value;
  return out;
}
