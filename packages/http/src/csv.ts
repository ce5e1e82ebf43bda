import { stringify } from "csv-stringify/sync";

/**
 * A cell a spreadsheet would run as a formula or a DDE command: OWASP's list of leading
 * characters (=, +, -, @, tab, carriage return).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Neutralises one text cell against CSV injection by prefixing an apostrophe, which Excel and
 * LibreOffice show as plain text (`=HYPERLINK(...)` stays text in the officer's spreadsheet).
 * Numbers are written as numbers and are left alone.
 */
export function spreadsheetSafe(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * Undoes {@link spreadsheetSafe} for a cell read back from a file we wrote, so export → import
 * round-trips (a phone number "+4670…" is exported as "'+4670…").
 */
export function fromSpreadsheetSafe(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

export type CsvCell = string | number | null | undefined;

/**
 * The one CSV writer of every export: Swedish Excel's dialect (UTF-8 with a byte-order mark,
 * semicolons, CRLF) and every text cell neutralised. Write no CSV any other way.
 */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(
    rows.map((row) => row.map((cell) => (typeof cell === "string" ? spreadsheetSafe(cell) : cell))),
    { bom: true, delimiter: ";", record_delimiter: "windows" },
  );
}
