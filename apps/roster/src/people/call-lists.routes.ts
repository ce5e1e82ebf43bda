import type { AuthEnv } from "@krisstod/auth";
import {
  CallList,
  CallListBody,
  ImportReport,
  Organisation,
  OrganisationId,
  RosterGroup,
} from "@krisstod/contracts";
import { InvalidError, PayloadTooLargeError, UnprocessableError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { auditPeople, NAMES_ONLY } from "../audit.ts";
import { OrganisationParams } from "../organisations/organisations.routes.ts";
import { requireOrganisation } from "../organisations/organisations.store.ts";
import { canSeeContacts, route } from "../policy.ts";
import { actingOn, orgResource } from "../scope.ts";
import {
  contentTypes,
  type FileFormat,
  FileTooLargeError,
  TooManyRowsError,
  UnreadableFileError,
} from "../transfer/files.ts";
import type { ImportLimits } from "../transfer/limits.ts";
import { exportCallLists, importCallLists } from "../transfer/transfer.store.ts";
import { callList, markReviewed, setCallList } from "./call-lists.store.ts";
import { toPerson } from "./people.store.ts";

const GroupParams = z.object({ id: OrganisationId, group: RosterGroup });
const Format = z.enum(["csv", "xlsx"]);
const ImportQuery = z.object({
  format: Format.optional(),
  dryRun: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
});

function formatOf(query: FileFormat | undefined, contentType: string | undefined): FileFormat {
  if (query) return query;
  if (contentType?.startsWith(contentTypes.xlsx)) return "xlsx";
  if (contentType?.startsWith("text/csv")) return "csv";
  throw new InvalidError("Say which format the file is in.", [
    { field: "format", message: "use ?format=csv or ?format=xlsx, or Content-Type text/csv or .xlsx" },
  ]);
}

/** The reader's refusals as the client's problem: 413 for size, 400 naming `rows` or `body`. */
function asProblem(error: unknown, limits: ImportLimits): unknown {
  if (error instanceof FileTooLargeError) {
    return new PayloadTooLargeError(`The file is larger than the allowed ${limits.maxBytes} bytes.`, [
      { field: "body", message: `must be at most ${limits.maxBytes} bytes` },
    ]);
  }
  if (error instanceof TooManyRowsError) {
    return new InvalidError(`The file has more than the allowed ${limits.maxRows} rows.`, [
      { field: "rows", message: `at most ${limits.maxRows} rows below the header` },
    ]);
  }
  if (error instanceof UnreadableFileError) {
    return new InvalidError(`The file cannot be read: ${error.message}`, [
      { field: "body", message: error.message },
    ]);
  }
  return error;
}

export function callListRoutes(context: ServiceContext, limits: ImportLimits) {
  const { db } = context.database;
  const { outbox } = context;
  return new Hono<AuthEnv>()
    .get(
      "/:id/call-lists/export",
      route("call-lists.export", {
        summary: "Export the call lists (larmlistor) as CSV or a spreadsheet",
        response: { media: "text/csv" },
        personalData: true,
      }),
      validate("param", OrganisationParams),
      validate("query", z.object({ format: Format.default("csv") })),
      async (c) => {
        const organisation = await requireOrganisation(db, c.req.valid("param").id);
        const principal = actingOn(c, "call-lists.export", orgResource(organisation));
        const format = c.req.valid("query").format;
        const bytes = await db.transaction(async (tx) => {
          const file = await exportCallLists(tx, organisation.id, format);
          await auditPeople(tx, principal, "export", file.people);
          return file.bytes;
        });
        return c.body(new Uint8Array(bytes), 200, {
          "Content-Type": contentTypes[format],
          "Content-Disposition": `attachment; filename="larmlista-${organisation.id}.${format}"`,
        });
      },
    )
    .post(
      "/:id/call-lists/import",
      route("call-lists.import", {
        summary: "Import call lists from a file (dryRun=true: only the report)",
        response: ImportReport,
        personalData: true,
        requestMedia: ["text/csv", contentTypes.xlsx],
      }),
      validate("param", OrganisationParams),
      validate("query", ImportQuery),
      async (c) => {
        const organisation = await requireOrganisation(db, c.req.valid("param").id);
        const principal = actingOn(c, "call-lists.import", orgResource(organisation));
        const { format: asked, dryRun } = c.req.valid("query");
        const format = formatOf(asked, c.req.header("Content-Type"));
        let report: Awaited<ReturnType<typeof importCallLists>>;
        try {
          // The body streams into the reader: never held whole, stopped at the first limit.
          report = await importCallLists(
            db,
            outbox,
            principal,
            organisation,
            format,
            c.req.raw.body,
            limits,
            dryRun,
          );
        } catch (error) {
          throw asProblem(error, limits);
        }
        if (!dryRun && !report.valid) {
          throw new UnprocessableError(
            `${report.errors.length} problems in the file; nothing was imported. Run with dryRun=true for the report.`,
            report.errors.map((e) => ({ field: `line ${e.line}: ${e.column}`, message: e.reason })),
          );
        }
        return c.json(report);
      },
    )
    .get(
      "/:id/call-lists/:group",
      route("call-lists.read", {
        summary: "One group's call list in calling order",
        response: CallList,
        personalData: true,
      }),
      validate("param", GroupParams),
      async (c) => {
        const { id, group } = c.req.valid("param");
        const organisation = await requireOrganisation(db, id);
        const principal = actingOn(c, "call-lists.read", orgResource(organisation));
        const contacts = canSeeContacts(principal, { organisationId: organisation.id });
        const rows = await db.transaction(async (tx) => {
          const found = await callList(tx, organisation.id, group);
          const people = found.map((r) => r.person);
          await auditPeople(tx, principal, "read", people, contacts ? null : NAMES_ONLY);
          return found;
        });
        return c.json({
          organisationId: organisation.id,
          group,
          reviewedAt: organisation.callListReviewedAt,
          entries: rows.map((r) => ({ position: r.position, person: toPerson(r.person, contacts) })),
        } satisfies CallList);
      },
    )
    .put(
      "/:id/call-lists/:group",
      route("call-lists.write", {
        summary: "Set one group's call list and its order",
        response: CallList,
        personalData: true,
      }),
      validate("param", GroupParams),
      validate("json", CallListBody),
      async (c) => {
        const { id, group } = c.req.valid("param");
        const organisation = await requireOrganisation(db, id);
        const principal = actingOn(c, "call-lists.write", orgResource(organisation));
        const contacts = canSeeContacts(principal, { organisationId: organisation.id });
        // The answer shows everyone on the list: one audit row each, in the writing transaction.
        const rows = await setCallList(
          db,
          outbox,
          organisation,
          group,
          c.req.valid("json").personIds,
          (tx, set) =>
            auditPeople(
              tx,
              principal,
              "write",
              set.map((r) => r.person),
              contacts ? "call list" : `call list; ${NAMES_ONLY}`,
            ),
        );
        return c.json({
          organisationId: organisation.id,
          group,
          reviewedAt: organisation.callListReviewedAt,
          entries: rows.map((r) => ({ position: r.position, person: toPerson(r.person, contacts) })),
        } satisfies CallList);
      },
    )
    .post(
      "/:id/call-lists/review",
      route("call-lists.write", {
        summary: "Record that the call lists were reviewed and are current",
        response: Organisation,
      }),
      validate("param", OrganisationParams),
      async (c) => {
        const organisation = await requireOrganisation(db, c.req.valid("param").id);
        actingOn(c, "call-lists.write", orgResource(organisation));
        await markReviewed(db, outbox, organisation);
        return c.json(await requireOrganisation(db, organisation.id));
      },
    );
}
