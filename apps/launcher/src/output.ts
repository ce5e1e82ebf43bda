import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { SERVICE_NAMES } from "@krisstod/contracts";

// When whatever reads our output goes away (a pipe to `tee` or `head` closed by Ctrl-C), writing
// fails with EPIPE; that must not kill the process that still has to stop the servers.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});

const COLOURS = [36, 33, 35, 32, 34, 91, 96, 93];
const useColour = process.stdout.isTTY === true && !process.env.NO_COLOR;
let nextColour = 0;

/** Writes lines to the terminal, each prefixed with the name of the process that said it. */
export interface PrefixedOutput {
  line(text: string): void;
  /** Splits a stream into lines and writes each with the prefix. */
  pipe(stream: Readable | null | undefined): void;
  /** Splits a chunk that may hold several lines (or none complete, which is then buffered). */
  chunk(text: string): void;
}

/** Width of the name column: the longest name of a process we start. */
const NAME_WIDTH = Math.max("dashboard".length, ...SERVICE_NAMES.map((name) => name.length));

export function prefixedOutput(name: string): PrefixedOutput {
  const colour = COLOURS[nextColour++ % COLOURS.length] ?? 36;
  const label = name.padEnd(NAME_WIDTH);
  const prefix = useColour ? `\u001b[${colour}m${label}\u001b[0m │ ` : `${label} │ `;
  const line = (text: string) => {
    process.stdout.write(`${prefix}${text.replace(/\s+$/, "")}\n`);
  };
  let pending = "";
  return {
    line,
    pipe(stream) {
      if (!stream) return;
      createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on("line", line);
    },
    chunk(text) {
      const parts = (pending + text).split(/\r?\n/);
      pending = parts.pop() ?? "";
      for (const part of parts) if (part.trim() !== "") line(part);
    },
  };
}

/** The launcher's own messages. */
export const say = prefixedOutput("launcher");
