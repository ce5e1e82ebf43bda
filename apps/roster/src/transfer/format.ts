import { CreatePersonBody, callListGroupOf, type RosterGroup, type RosterRole } from "@krisstod/contracts";
import type { z } from "zod";
import { normalisePhone } from "../phones.ts";

/**
 * The call-list file (larmlista) as POSOM leads keep it in a spreadsheet: one person a row, the
 * ledningsgrupp first, then support persons, then PKL, each in calling order. Swedish headers,
 * because people edit the file by hand. CSV is semicolon-separated UTF-8 with BOM (what Swedish
 * Excel reads and writes); .xlsx has the same columns on its first sheet.
 */
export const columns = [
  "roll",
  "förnamn",
  "efternamn",
  "arbetsplats",
  "arbetsgivare",
  "telefon",
  "telefon2",
  "epost",
  "språk",
  "chefsgodkännande",
  "aktiv",
] as const;
export type Column = (typeof columns)[number];

export const roleLabels: Record<Exclude<RosterRole, "activator">, string> = {
  coordinator: "samordnare",
  management: "ledningsgrupp",
  "support-person": "stödperson",
  pkl: "pkl",
};

export const groupOrder: readonly RosterGroup[] = ["management", "support-persons", "pkl"];

export interface RosterFileRow {
  line: number;
  role: Exclude<RosterRole, "activator">;
  givenName: string;
  familyName: string;
  workplace: string;
  employer: string;
  phones: string[];
  email: string | null;
  languages: string[];
  managerApproval: boolean | null;
  active: boolean;
}

export interface RowError {
  line: number;
  column: Column | "fil";
  reason: string;
}

/** A raw record as read from a file: its line number and cells in column order. */
export interface RawRecord {
  line: number;
  cells: string[];
}

const language = /^[a-z]{2,3}$/;

/** The contract's field rules (lengths included), so a file cannot store what the API refuses. */
const fieldRules = {
  förnamn: CreatePersonBody.shape.givenName,
  efternamn: CreatePersonBody.shape.familyName,
  arbetsplats: CreatePersonBody.shape.workplace,
  arbetsgivare: CreatePersonBody.shape.employer,
  epost: CreatePersonBody.shape.email,
} satisfies Partial<Record<Column, z.ZodType>>;

/** Why a cell breaks its contract rule, in Swedish, or undefined when it keeps it. */
function ruleBroken(column: keyof typeof fieldRules, value: string): string | undefined {
  const result = fieldRules[column].safeParse(column === "epost" && value === "" ? null : value);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  if (issue?.code === "too_big") return `högst ${String(issue.maximum)} tecken (${value.length})`;
  if (issue?.code === "too_small") return "saknas";
  if (column === "epost") return `"${value.slice(0, 100)}" är ingen e-postadress`;
  return issue?.message ?? "ogiltigt värde";
}

function yesNo(value: string, allowEmpty: boolean): boolean | null | "invalid" {
  const v = value.trim().toLowerCase();
  if (v === "ja") return true;
  if (v === "nej") return false;
  if (v === "" && allowEmpty) return null;
  return "invalid";
}

export interface RowValidator {
  /** Checks the next record (the first is the header); false once nothing more can be accepted. */
  accept(record: RawRecord): boolean;
  result(): { rows: RosterFileRow[]; errors: RowError[] };
}

/**
 * Checks a file's records as they stream in: the header first, then each row against the
 * contract, keeping only the good rows and the errors (by line and column).
 */
export function rowValidator(): RowValidator {
  const errors: RowError[] = [];
  const rows: RosterFileRow[] = [];
  const phoneLines = new Map<string, number>();
  const roleByLabel = new Map(Object.entries(roleLabels).map(([role, label]) => [label, role]));
  let header: "expected" | "good" | "bad" = "expected";

  function acceptHeader(record: RawRecord): boolean {
    const names = record.cells.map((c) => c.trim().toLowerCase());
    if (names.length !== columns.length || columns.some((c, i) => names[i] !== c)) {
      header = "bad";
      errors.push({ line: record.line, column: "fil", reason: `rubrikraden ska vara: ${columns.join(";")}` });
      return false;
    }
    header = "good";
    return true;
  }

  function acceptRow(record: RawRecord): void {
    const cell = (column: Column) => (record.cells[columns.indexOf(column)] ?? "").trim();
    const rowErrors: RowError[] = [];
    const fail = (column: Column, reason: string) => rowErrors.push({ line: record.line, column, reason });
    if (
      record.cells.length > columns.length &&
      record.cells.slice(columns.length).some((c) => c.trim() !== "")
    ) {
      fail("aktiv", `raden har ${record.cells.length} kolumner, ${columns.length} väntades`);
    }
    const role = roleByLabel.get(cell("roll").toLowerCase()) as RosterFileRow["role"] | undefined;
    if (!role)
      fail(
        "roll",
        `"${cell("roll").slice(0, 100)}" är ingen roll; använd ${Object.values(roleLabels).join(", ")}`,
      );
    for (const column of ["förnamn", "efternamn", "arbetsplats", "arbetsgivare", "epost"] as const) {
      const broken = ruleBroken(column, cell(column));
      if (broken) fail(column, broken);
    }
    const phones: string[] = [];
    for (const column of ["telefon", "telefon2"] as const) {
      if (column === "telefon2" && cell(column) === "") continue;
      const phone = normalisePhone(cell(column).slice(0, 100));
      if (!phone.ok) {
        fail(column, phone.reason);
        continue;
      }
      const earlier = phoneLines.get(phone.e164);
      if (earlier !== undefined && column === "telefon") fail(column, `samma nummer som på rad ${earlier}`);
      else if (column === "telefon") phoneLines.set(phone.e164, record.line);
      if (!phones.includes(phone.e164)) phones.push(phone.e164);
    }
    const languages = cell("språk")
      .split(",")
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean);
    const badLanguage = languages.find((l) => !language.test(l));
    if (badLanguage)
      fail("språk", `"${badLanguage.slice(0, 100)}" är ingen språkkod (ISO 639-1, t.ex. sv, en, ar)`);
    else if (languages.length > 20) fail("språk", "högst 20 språk");
    const approval = yesNo(cell("chefsgodkännande"), true);
    if (approval === "invalid") fail("chefsgodkännande", 'ska vara "ja", "nej" eller tomt');
    const active = yesNo(cell("aktiv"), false);
    if (active === "invalid" || active === null) fail("aktiv", 'ska vara "ja" eller "nej"');
    if (rowErrors.length > 0 || !role || approval === "invalid" || typeof active !== "boolean") {
      errors.push(...rowErrors);
      return;
    }
    const mail = cell("epost");
    rows.push({
      line: record.line,
      role,
      givenName: cell("förnamn"),
      familyName: cell("efternamn"),
      workplace: cell("arbetsplats"),
      employer: cell("arbetsgivare"),
      phones,
      email: mail || null,
      languages,
      managerApproval: approval,
      active,
    });
  }

  return {
    accept(record) {
      if (header === "expected") return acceptHeader(record);
      if (header === "bad") return false;
      acceptRow(record);
      return true;
    },
    result() {
      if (header === "expected") errors.push({ line: 1, column: "fil", reason: "filen är tom" });
      return { rows, errors };
    },
  };
}

/** Checks the header and every row; returns the good rows and every error, by line and column. */
export function validateRecords(records: Iterable<RawRecord>): {
  rows: RosterFileRow[];
  errors: RowError[];
} {
  const validator = rowValidator();
  for (const record of records) if (!validator.accept(record)) break;
  return validator.result();
}

/** The cells of one person in file order, as export writes them. */
export function toCells(person: Omit<RosterFileRow, "line">): string[] {
  const yesNoCell = (v: boolean | null) => (v === null ? "" : v ? "ja" : "nej");
  return [
    roleLabels[person.role],
    person.givenName,
    person.familyName,
    person.workplace,
    person.employer,
    person.phones[0] ?? "",
    person.phones[1] ?? "",
    person.email ?? "",
    person.languages.join(","),
    yesNoCell(person.managerApproval),
    yesNoCell(person.active),
  ];
}

export function groupOfRow(row: { role: RosterFileRow["role"] }): RosterGroup {
  const group = callListGroupOf[row.role];
  if (!group) throw new Error(`role ${row.role} has no call list`);
  return group;
}
