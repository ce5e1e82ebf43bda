import PDFDocument from "pdfkit";
import { swedishDateTime } from "./swedish.ts";

/**
 * Server-side PDFs with pdfkit's built-in Helvetica: nothing to download or embed, works offline.
 * Its WinAnsi encoding covers Swedish (å ä ö é) and the rest of Latin-1; characters outside it are
 * transliterated by {@link winAnsi} (ł → l) or shown as "?" rather than as garbage.
 */
export type Pdf = PDFKit.PDFDocument;

const MARGIN = 56;
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
const TRANSLITERATE: Record<string, string> = { ł: "l", Ł: "L", đ: "d", Đ: "D", ı: "i", ħ: "h", ŋ: "ng" };

function encodable(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (
    code === 10 || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)
  );
}

/** Text as Helvetica can show it: line breaks kept, tabs as spaces, other letters transliterated. */
export function winAnsi(text: string): string {
  let out = "";
  for (const ch of text.replace(/\r\n?/g, "\n").replace(/\t/g, "    ")) {
    if (encodable(ch)) {
      out += ch;
      continue;
    }
    const base = TRANSLITERATE[ch] ?? ch.normalize("NFD").replace(/\p{M}/gu, "");
    out += base !== "" && [...base].every(encodable) ? base : "?";
  }
  return out;
}

/** Renders a document into a buffer; page footers ("Sida 1 av 3", creation time) are added last. */
export async function renderPdf(
  meta: { title: string; subject?: string; generatedAt: Date },
  draw: (doc: Pdf) => void,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    lang: "sv-SE",
    info: {
      Title: winAnsi(meta.title),
      ...(meta.subject ? { Subject: winAnsi(meta.subject) } : {}),
      Creator: "Krisstöd",
      CreationDate: meta.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.font("Helvetica");
  draw(doc);
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would otherwise start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font("Helvetica")
      .fontSize(8)
      .fillColor("#555555")
      .text(
        winAnsi(
          `${meta.title} · skapad i Krisstöd ${swedishDateTime(meta.generatedAt)} · sida ${i + 1} av ${count}`,
        ),
        MARGIN,
        doc.page.height - MARGIN + 16,
        { width: doc.page.width - 2 * MARGIN, align: "center", lineBreak: false },
      );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return ended;
}

export function heading(doc: Pdf, text: string, size = 18): void {
  doc.moveDown(size >= 16 ? 0 : 0.6);
  doc.font("Helvetica-Bold").fontSize(size).fillColor("#000000").text(winAnsi(text), MARGIN);
  doc.moveDown(0.3);
  doc.font("Helvetica").fontSize(10);
}

export function paragraph(doc: Pdf, text: string, options: { muted?: boolean; bold?: boolean } = {}): void {
  doc
    .font(options.bold ? "Helvetica-Bold" : "Helvetica")
    .fontSize(10)
    .fillColor(options.muted ? "#555555" : "#000000")
    .text(winAnsi(text), MARGIN, undefined, { align: "left" });
  doc.fillColor("#000000");
}

/** Label–value lines ("Version: 2"), the label in bold. */
export function facts(doc: Pdf, rows: readonly [label: string, value: string][]): void {
  doc.fontSize(10).fillColor("#000000");
  for (const [label, value] of rows) {
    doc.font("Helvetica-Bold").text(winAnsi(`${label}: `), MARGIN, undefined, { continued: true });
    doc.font("Helvetica").text(winAnsi(value));
  }
  doc.moveDown(0.5);
}
