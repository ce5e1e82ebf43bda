import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { natsConnectOptions } from "@krisstod/bus";
import { createTestNamespace, type TestNamespace } from "@krisstod/testing";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hubSetupEnvFrom } from "../src/national/env.ts";
import { runHubSetupOnce } from "../src/national/setup.ts";

/**
 * The hub set-up (REPORTING_MODE=hub-setup) against real NATS, logged in as the national-setup user
 * with its production permissions: it makes the hub's two streams from the checked-in definition
 * files, changes nothing when run again, gives an existing stream a county's new source, and
 * refuses a definition that would give a hub stream subjects of its own. The files are
 * infra/nats's, renamed for this test's namespace and with one replica (one test server).
 */
const repo = join(import.meta.dirname, "../../..");
const definition = (file: string) => JSON.parse(readFileSync(join(repo, "infra/nats", file), "utf8"));

describe("the hub's streams made from their definitions", () => {
  let ns: TestNamespace;
  let dir: string;
  const names = { national: "", aid: "" };
  const files = { national: "", aid: "" };

  beforeAll(async () => {
    ns = await createTestNamespace();
    dir = mkdtempSync(join(tmpdir(), "krisstod-hub-"));
    const token = ns.natsNamespace.toUpperCase();
    names.national = `${token}_NATIONAL`;
    names.aid = `${token}_AID`;
    files.national = join(dir, "national-sources.json");
    files.aid = join(dir, "national-aid.json");
    const write = (file: string, json: Record<string, unknown>) => writeFileSync(file, JSON.stringify(json));
    write(files.national, { ...definition("national-sources.json"), name: names.national, num_replicas: 1 });
    write(files.aid, { ...definition("national-aid.json"), name: names.aid, num_replicas: 1 });
  });
  afterAll(async () => {
    const nc = await connect(natsConnectOptions(ns.natsUrl));
    const jsm = await jetstreamManager(nc);
    for (const name of Object.values(names)) await jsm.streams.delete(name).catch(() => {});
    await nc.close();
    await ns?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const setUp = (paths: string[]) => {
    const env = ns.serviceEnv();
    return runHubSetupOnce(
      hubSetupEnvFrom({
        NATS_URL: env.NATS_URL,
        NATS_PASSWORD: env.NATS_PASSWORD,
        HUB_STREAM_FILES: paths.join(","),
        LOG_LEVEL: "silent",
      }),
    );
  };
  const info = async (name: string) => {
    const nc = await connect(natsConnectOptions(ns.natsUrl));
    try {
      return await (await jetstreamManager(nc)).streams.info(name);
    } finally {
      await nc.close();
    }
  };

  it("creates both streams as their files say, and changes nothing the second time", async () => {
    // Two replicas' init containers starting together: neither fails (JetStream takes the same
    // stream created twice as one), and each stream is there once.
    const both = await Promise.all([1, 2].map(() => setUp([files.national, files.aid])));
    for (const outcome of both) {
      for (const name of [names.national, names.aid])
        expect(["created", "unchanged"]).toContain(outcome[name]);
    }
    const aid = await info(names.aid);
    expect(aid.config.subjects ?? []).toEqual([]);
    expect(aid.config.storage).toBe("file");
    expect(aid.config.duplicate_window).toBe(86_400_000_000_000);
    expect(aid.config.sources?.map((s) => [s.name, s.filter_subject, s.external?.api])).toEqual([
      ["KS13_AID_OUT", "ks13.aid.13.>", "$JS.halland.API"],
      ["KS12_AID_OUT", "ks12.aid.12.>", "$JS.skane.API"],
    ]);
    expect((await info(names.national)).config.sources?.map((s) => s.filter_subject)).toEqual([
      "ks13.events.13.>",
      "ks12.events.12.>",
    ]);
    expect(await setUp([files.national, files.aid])).toEqual({
      [names.national]: "unchanged",
      [names.aid]: "unchanged",
    });
  });

  it("gives an existing stream a county added to its file", async () => {
    const withKronoberg = JSON.parse(readFileSync(files.aid, "utf8"));
    withKronoberg.sources.push({
      name: "KS07_AID_OUT",
      external: { api: "$JS.kronoberg.API", deliver: "national.kronoberg.aid" },
      filter_subject: "ks07.aid.07.>",
    });
    writeFileSync(files.aid, JSON.stringify(withKronoberg));
    expect(await setUp([files.aid])).toEqual({ [names.aid]: "updated" });
    expect((await info(names.aid)).config.sources?.map((s) => s.name)).toEqual([
      "KS13_AID_OUT",
      "KS12_AID_OUT",
      "KS07_AID_OUT",
    ]);
  });

  it("refuses a definition with subjects of its own or an unfiltered source, before changing anything", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({ ...definition("national-aid.json"), name: names.aid, subjects: ["ks.>"] }),
    );
    await expect(setUp([files.national, bad])).rejects.toThrow(/subjects/);
    const unfiltered = definition("national-sources.json");
    delete unfiltered.sources[0].filter_subject;
    writeFileSync(bad, JSON.stringify({ ...unfiltered, name: names.national }));
    await expect(setUp([bad])).rejects.toThrow(/filter/);
    expect((await info(names.aid)).config.sources).toHaveLength(3);
  });
});
