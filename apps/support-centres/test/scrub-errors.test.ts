import { ConflictError } from "@krisstod/http";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { scrubErrors } from "../src/http/scrub-errors.ts";

describe("errors in personal-data paths", () => {
  it("keep names and identity numbers out of what gets logged", async () => {
    const cause = Object.assign(new Error("duplicate key: Key (personnummer)=(198507091232) exists"), {
      code: "23505",
    });
    const failing = () =>
      scrubErrors("recordArrival", async () => {
        throw new DrizzleQueryError(
          "insert into visitor_personal_data …",
          ["Anna Lindqvist", "198507091232"],
          cause,
        );
      });
    const error = await failing().catch((e: unknown) => e);
    const everything = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
    expect(everything).not.toContain("Lindqvist");
    expect(everything).not.toContain("198507091232");
    expect(String(error)).toContain("SQLSTATE 23505");
    expect((error as Error & { cause?: unknown }).cause).toBeUndefined();
  });

  it("let errors meant for the caller through unchanged", async () => {
    const conflict = new ConflictError("This visitor has already left.");
    await expect(scrubErrors("recordDeparture", () => Promise.reject(conflict))).rejects.toBe(conflict);
  });
});
