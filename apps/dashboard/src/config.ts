import { z } from "zod";

// An empty variable means "not set", as it does for the shell that exported it.
const optional = z.preprocess((value) => (value === "" ? undefined : value), z.string().optional());

/** Build-time settings of the browser bundle (only `VITE_*` variables reach it). */
const clientEnv = z.object({
  /** Tile URL template, e.g. https://tile.example.org/{z}/{x}/{y}.png; no tiles when unset. */
  VITE_TILE_URL: optional,
  VITE_TILE_ATTRIBUTION: optional,
});

export const config = clientEnv.parse(import.meta.env);
