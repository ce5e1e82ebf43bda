import { csvText, fromSpreadsheetSafe } from "@krisstod/http";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { columns, type RawRecord } from "./format.ts";

export type FileFormat = "csv" | "xlsx";

export const contentTypes: Record<FileFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

const SHEET = "Larmlista";

export class UnreadableFileError extends Error {}

export async function readRecords(format: FileFormat, bytes: Uint8Array): Promise<RawRecord[]> {
  return format === "csv" ? readCsv(bytes) : readXlsx(bytes);
}

function readCsv(bytes: Uint8Array): RawRecord[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` every record comes as { record, info }; the overloads do not say so.
    records = parse(Buffer.from(bytes), {
      delimiter: ";",
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (error) {
    // e.g. an unclosed quote: csv-parse names the line.
    throw new UnreadableFileError(error instanceof Error ? error.message : "the CSV cannot be read");
  }
  // Our export neutralises cells against formulas ("'+4670…"); reading it back undoes that.
  return records.map((r) => ({ line: r.info.lines, cells: r.record.map(fromSpreadsheetSafe) }));
}

async function readXlsx(bytes: Uint8Array): Promise<RawRecord[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings want its own Buffer type; the bytes are a Node Buffer either way.
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch {
    throw new UnreadableFileError("the file is not an .xlsx workbook");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const records: RawRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    const width = Math.max(columns.length, row.cellCount);
    for (let i = 1; i <= width; i++) cells.push(row.getCell(i).text ?? "");
    if (cells.some((c) => c.trim() !== "")) records.push({ line: rowNumber, cells });
  });
  return records;
}

export async function writeFile(format: FileFormat, rows: string[][]): Promise<Uint8Array> {
  const all = [[...columns], ...rows];
  if (format === "csv") {
    return Buffer.from(csvText(all), "utf8");
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(SHEET);
  for (const row of all) {
    // Text cells only: a phone number or "ja" must come back exactly as written.
    const added = sheet.addRow(row);
    added.eachCell((cell) => {
      cell.numFmt = "@";
    });
  }
  sheet.getRow(1).font = { bold: true };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
