/** A text area's lines as a list: each line trimmed, blank lines left out (one step or name per line). */
export const linesOf = (text: string): string[] =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
