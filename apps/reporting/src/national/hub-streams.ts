import { readFileSync } from "node:fs";
import type { Logger } from "@krisstod/logging";
import {
  type JetStreamManager,
  jetstreamManager,
  type StreamConfig,
  type StreamSource,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { z } from "zod";

/**
 * The hub's own streams (#23), kept as their checked-in definitions say: the national stream
 * (infra/nats/national-sources.json) and the mutual-aid exchange (national-aid.json), each with no
 * subjects, sourcing every county's stream across its JetStream domain. Made declarative so that a
 * deployment of the hub needs no operator at a `nats` prompt: the national picture's init container
 * (REPORTING_MODE=hub-setup) runs this at every start.
 */

/** What a definition file must hold; the rest of it (retention, limits) goes to JetStream as written. */
const HubStreamFile = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_-]+$/),
    subjects: z.array(z.string()).max(0, "a hub stream has no subjects of its own: it only sources"),
    sources: z
      .array(
        z.object({
          name: z.string().min(1),
          filter_subject: z.string().min(1, "each source is filtered to its county's own subjects"),
          external: z.object({ api: z.string().min(1), deliver: z.string() }),
        }),
      )
      .min(1),
  })
  .loose();

export function readHubStreamFile(path: string): Partial<StreamConfig> & { name: string } {
  return HubStreamFile.parse(JSON.parse(readFileSync(path, "utf8"))) as Partial<StreamConfig> & {
    name: string;
  };
}

export type HubStreamOutcome = "created" | "updated" | "unchanged";

/** The sources as JetStream compares them: name, filter and the domain's API, in order. */
const sourcesKey = (sources: StreamSource[] | undefined) =>
  JSON.stringify((sources ?? []).map((s) => [s.name, s.filter_subject ?? "", s.external?.api ?? ""]));

/**
 * Creates each stream that is missing, and gives one that exists the sources its definition lists
 * (a county added or its filter changed); anything else of an existing stream is left as it is,
 * since changing its storage or replicas is an operator's decision (docs/operations.md). Running
 * it again changes nothing.
 */
export async function ensureHubStreams(
  nc: NatsConnection,
  definitions: (Partial<StreamConfig> & { name: string })[],
  logger: Logger,
): Promise<Record<string, HubStreamOutcome>> {
  const jsm = await jetstreamManager(nc);
  const outcome: Record<string, HubStreamOutcome> = {};
  for (const wanted of definitions) {
    outcome[wanted.name] = await ensureOne(jsm, wanted);
    logger.info({ stream: wanted.name, outcome: outcome[wanted.name] }, "hub stream");
  }
  return outcome;
}

async function ensureOne(
  jsm: JetStreamManager,
  wanted: Partial<StreamConfig> & { name: string },
): Promise<HubStreamOutcome> {
  const info = () =>
    jsm.streams.info(wanted.name).catch((error: unknown) => {
      if (error instanceof Error && /stream not found/i.test(error.message)) return undefined;
      throw error;
    });
  let existing = await info();
  if (!existing) {
    try {
      await jsm.streams.add(wanted);
      return "created";
    } catch (error) {
      // Another replica's init container made it meanwhile (JetStream refuses a second create
      // only if the configs differ, e.g. during a rollout): handled as one that was there.
      existing = await info();
      if (!existing) throw error;
    }
  }
  if (sourcesKey(existing.config.sources) === sourcesKey(wanted.sources)) return "unchanged";
  await jsm.streams.update(wanted.name, { ...existing.config, sources: wanted.sources ?? [] });
  return "updated";
}
