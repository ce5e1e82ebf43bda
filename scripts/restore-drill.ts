// Restore drills (docs/operations.md, "Restore drills"). Run with `npm run drill -- <command>`:
//
//   local                                 the drills CI runs, on this machine (embedded PostgreSQL and
//                                         a nats-server child): prints their figures
//   postgres <overlay> [--target-time T]  CloudNativePG: prints a Cluster `krisstod-db-drill` that
//            [--apply] [--keep]           recovers from the overlay's object store (to T, or to the
//                                         end of the archive); --apply creates it in the overlay's
//                                         namespace, waits until it serves, reports how long that
//                                         took and the newest event it holds, then deletes it
//   jetstream --nats <url> --mirror <name> [--api <prefix>] [--namespace ks]
//                                         restores the namespace's event stream from its backup mirror
//                                         into the server at --nats (a drill server, or the county's
//                                         own after the stream was lost: it refuses an existing stream)
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, stripVTControlCharacters } from "node:util";
import { parseAllDocuments, stringify } from "yaml";

const root = join(fileURLToPath(import.meta.url), "..", "..");

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  // biome-ignore lint/suspicious/noExplicitAny: rendered manifests, read field by field
  spec?: any;
};

/** The rendered objects of an overlay (kubectl kustomize). */
export function renderOverlay(overlay: string): Manifest[] {
  const result = spawnSync("kubectl", ["kustomize", overlay], {
    encoding: "utf8",
    maxBuffer: 32 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`kubectl kustomize ${overlay} failed: ${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((o): o is Manifest => o !== null);
}

/**
 * The drill's Cluster: one instance bootstrapped by `recovery` from the origin's base backups and
 * WAL archive (CloudNativePG's barman object store), to `targetTime` or the end of the archive.
 * It has no `backup` of its own, so it never archives into the origin's path.
 */
export function recoveryCluster(
  objects: Manifest[],
  options: { targetTime?: string; name?: string } = {},
): Manifest {
  const origin = objects.find((o) => o.kind === "Cluster" && o.metadata.name === "krisstod-db");
  const store = origin?.spec?.backup?.barmanObjectStore;
  if (!origin || !store)
    throw new Error("the overlay has no Cluster krisstod-db with a barmanObjectStore backup");
  const { backup: _backup, bootstrap: _bootstrap, managed: _managed, ...spec } = origin.spec;
  // One instance, so no synchronous replica to wait for.
  const { synchronous: _synchronous, ...postgresql } = spec.postgresql ?? {};
  return {
    apiVersion: origin.apiVersion,
    kind: "Cluster",
    metadata: { name: options.name ?? "krisstod-db-drill", namespace: origin.metadata.namespace },
    spec: {
      ...spec,
      postgresql,
      instances: 1,
      bootstrap: {
        recovery: {
          source: "origin",
          database: "krisstod",
          owner: "krisstod",
          ...(options.targetTime ? { recoveryTarget: { targetTime: options.targetTime } } : {}),
        },
      },
      externalClusters: [
        { name: "origin", barmanObjectStore: { ...store, serverName: origin.metadata.name } },
      ],
    },
  };
}

function kubectl(...args: string[]): string {
  const result = spawnSync("kubectl", args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

async function postgresDrill(
  overlay: string,
  flags: { targetTime?: string; apply?: boolean; keep?: boolean },
) {
  const cluster = recoveryCluster(renderOverlay(overlay), flags);
  const manifest = stringify(cluster);
  if (!flags.apply) {
    process.stdout.write(manifest);
    return;
  }
  const ns = cluster.metadata.namespace ?? "default";
  const started = Date.now();
  spawnSync("kubectl", ["apply", "-f", "-"], { input: manifest, stdio: ["pipe", "inherit", "inherit"] });
  try {
    kubectl("wait", "-n", ns, "--for=condition=Ready", `cluster/${cluster.metadata.name}`, "--timeout=4h");
    const seconds = Math.round((Date.now() - started) / 1000);
    const newest = kubectl(
      "exec",
      "-n",
      ns,
      `${cluster.metadata.name}-1`,
      "--",
      "psql",
      "-At",
      "-d",
      "krisstod",
      "-c",
      "select max(created_at) from activation.outbox",
    ).trim();
    console.log(
      `restore drill (CloudNativePG): ${cluster.metadata.name} served after ${seconds} s; newest activation event ${newest}`,
    );
  } finally {
    if (!flags.keep) kubectl("delete", "-n", ns, `cluster/${cluster.metadata.name}`, "--wait=false");
  }
}

async function jetstreamDrill(flags: { nats: string; mirror: string; api?: string; namespace: string }) {
  const { natsConnectOptions, restoreEventStreamFromMirror } = await import("@krisstod/bus");
  const { connect } = await import("@nats-io/transport-node");
  // Credentials in the URL (nats://user:password@host:4222), as the tests' URLs carry them.
  const nc = await connect({ ...natsConnectOptions(flags.nats), name: "restore-drill" });
  try {
    const started = Date.now();
    const restored = await restoreEventStreamFromMirror(nc, {
      namespace: flags.namespace,
      replicas: 3,
      mirror: { name: flags.mirror, ...(flags.api ? { external: { api: flags.api } } : {}) },
    });
    console.log(
      `restore drill (JetStream from mirror): ${restored.messages} events restored in ${Date.now() - started} ms`,
    );
  } finally {
    await nc.close();
  }
}

function localDrills() {
  const result = spawnSync(
    join(root, "node_modules/.bin/vitest"),
    [
      "run",
      "test/deploy/pitr-restore.test.ts",
      "test/deploy/jetstream-restore.test.ts",
      "test/deploy/backup-restore.test.ts",
    ],
    { cwd: root, encoding: "utf8" },
  );
  const output = `${result.stdout}${result.stderr}`;
  for (const line of stripVTControlCharacters(output).split("\n")) {
    if (line.startsWith("restore drill")) console.log(line);
  }
  if (result.status !== 0) {
    process.stderr.write(output);
    process.exit(result.status ?? 1);
  }
}

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "target-time": { type: "string" },
      apply: { type: "boolean" },
      keep: { type: "boolean" },
      nats: { type: "string" },
      mirror: { type: "string" },
      api: { type: "string" },
      namespace: { type: "string", default: "ks" },
    },
  });
  const [command, overlay] = positionals;
  if (command === "local") return localDrills();
  if (command === "postgres" && overlay) {
    return postgresDrill(overlay, {
      targetTime: values["target-time"],
      apply: values.apply,
      keep: values.keep,
    });
  }
  if (command === "jetstream" && values.nats && values.mirror) {
    return jetstreamDrill({
      nats: values.nats,
      mirror: values.mirror,
      api: values.api,
      namespace: values.namespace,
    });
  }
  console.error(
    "usage: npm run drill -- local | postgres <overlay> [--target-time T] [--apply] [--keep] | jetstream --nats <url> --mirror <name> [--api <prefix>] [--namespace ks]",
  );
  process.exit(64);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
