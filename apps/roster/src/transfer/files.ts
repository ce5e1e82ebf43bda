import { PassThrough, Readable } from "node:stream";
import { setImmediate } from "node:timers/promises";
import { csvText, fromSpreadsheetSafe } from "@krisstod/http";
import { CsvError, parse } from "csv-parse";
import ExcelJS from "exceljs";
import { unzipSync } from "fflate";
import { columns, type RawRecord } from "./format.ts";
import type { ImportLimits } from "./limits.ts";

export type FileFormat = "csv" | "xlsx";

export const contentTypes: Record<FileFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

const SHEET = "Larmlista";

/**
 * The longest cell read (the contract allows 200 at most): far beyond it, so that an over-long
 * name is reported by line and column with its length, and still a bound on what one record holds.
 */
const MAX_CELL_CHARS = 250_000;

export class UnreadableFileError extends Error {}
/** The file is larger than the configured maximum (413). */
export class FileTooLargeError extends Error {}
/** The file has more rows than the configured maximum (400 naming `rows`). */
export class TooManyRowsError extends Error {}

/**
 * The file's records one at a time, read from the request body as it arrives: the byte count is
 * checked while streaming (so a large upload without Content-Length stops at the limit), and the
 * reader stops at `maxRows` + header + 1 rather than parsing on. Nothing but the current chunk and
 * the caller's validated rows is held, and the event loop is free between chunks, so the health
 * check answers throughout. When the caller stops early the rest of the body is read and dropped
 * (bounded by the body limit), so the client gets the answer instead of a reset connection.
 */
export async function* readRecords(
  format: FileFormat,
  body: ReadableStream<Uint8Array> | null,
  limits: ImportLimits,
): AsyncGenerator<RawRecord> {
  const feed = new PassThrough();
  let stopped = false;
  const pump = (async () => {
    let seen = 0;
    try {
      for await (const chunk of body ?? []) {
        seen += chunk.byteLength;
        if (stopped) continue; // draining
        if (seen > limits.maxBytes) {
          stopped = true;
          feed.destroy(new FileTooLargeError(`the file is larger than ${limits.maxBytes} bytes`));
          continue;
        }
        if (!feed.write(chunk)) {
          await new Promise((resolve) => {
            feed.once("drain", resolve);
            feed.once("close", resolve);
          });
        }
      }
      feed.end();
    } catch (error) {
      // The body itself failed (e.g. the service's body limit): the reader gets that error.
      feed.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  const records = format === "csv" ? readCsv(feed) : readXlsx(feed);
  let count = 0;
  try {
    for await (const record of records) {
      count++;
      // The header plus maxRows people; one more is enough to know the file is too long.
      if (count > limits.maxRows + 1)
        throw new TooManyRowsError(`the file has more than ${limits.maxRows} rows`);
      // Records of a buffered body follow one another in microtasks only; a macrotask turn now
      // and then lets the service answer other requests (its health check) meanwhile.
      if (count % 100 === 0) await setImmediate();
      yield record;
    }
  } finally {
    stopped = true;
    feed.destroy();
    await pump;
  }
}

async function* readCsv(source: Readable): AsyncGenerator<RawRecord> {
  const parser = parse({
    delimiter: ";",
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    // One record's characters: beyond this the file is unreadable, not held.
    max_record_size: MAX_CELL_CHARS * 2,
  });
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    // With `info: true` every record comes as { record, info }.
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // Our export neutralises cells against formulas ("'+4670…"); reading it back undoes that.
      yield { line: item.info.lines, cells: item.record.map(fromSpreadsheetSafe) };
    }
  } catch (error) {
    // e.g. an unclosed quote or an over-long record: csv-parse names the line.
    if (error instanceof CsvError) throw new UnreadableFileError(error.message);
    throw error;
  } finally {
    parser.destroy();
  }
}

async function* readXlsx(source: Readable): AsyncGenerator<RawRecord> {
  // A workbook is a zip whose directory sits at its end, so it is read whole (at most maxBytes).
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  assertNoZipBomb(bytes);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: "cache",
    worksheets: "emit",
    styles: "ignore",
    hyperlinks: "ignore",
    entries: "emit",
  });
  try {
    for await (const sheet of reader) {
      // The first sheet only, as the export writes it.
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const cells: string[] = [];
        const width = Math.max(columns.length, row.cellCount);
        for (let i = 1; i <= width; i++) cells.push(cellText(row.getCell(i)));
        if (cells.some((c) => c.trim() !== "")) yield { line: row.number, cells };
      }
      return;
    }
  } catch {
    throw new UnreadableFileError("the file is not an .xlsx workbook");
  }
}

/**
 * A workbook of a few MB can unpack to gigabytes (a "zip bomb"): the sizes its directory declares
 * are summed before anything is inflated, and more than 20× the file (plus 1 MiB) is refused.
 */
function assertNoZipBomb(bytes: Uint8Array): void {
  let unpacked = 0;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        unpacked += file.originalSize;
        return false; // inflate nothing here
      },
    });
  } catch {
    throw new UnreadableFileError("the file is not an .xlsx workbook");
  }
  if (unpacked > 20 * bytes.byteLength + 1024 * 1024) {
    throw new FileTooLargeError("the workbook unpacks to too much data");
  }
}

function cellText(cell: ExcelJS.Cell): string {
  const text = cell.text ?? "";
  return text.length > MAX_CELL_CHARS ? text.slice(0, MAX_CELL_CHARS + 1) : text;
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
