#!/usr/bin/env node
// Configuration check for production infrastructure (DESIGN.md, "Decisions that hold everywhere"):
//  - every NATS server config under infra/ enables JetStream with `sync_interval: always`, because
//    the default fsync interval can lose acknowledged writes on power loss;
//  - every service in the compose files that talks to NATS sets NATS_STREAM_REPLICAS to 3 or more,
//    and there are at least that many NATS servers to hold the replicas;
//  - any other NATS_STREAM_REPLICAS under infra/ (a Kubernetes ConfigMap or env entry) is 3 or more;
//  - every NATS server there runs an exact release (x.y.z, no floating tag) of 2.10 or later (2.9
//    does not know sync_interval) with one of the checked configs;
//  - every NATS server config has authorization (one user per service, each with permissions, the
//    passwords taken from the environment as $VARIABLE, never written into the file), and TLS for
//    clients and for the cluster's routes.
// Usage: node scripts/check-infra.mjs [--root <dir>]. Prints each problem; exits 1 if any.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, parseAllDocuments } from "yaml";

const MIN_REPLICAS = 3;
const rootFlag = process.argv.indexOf("--root");
const root = resolve(
  rootFlag > 0 ? process.argv[rootFlag + 1] : join(dirname(fileURLToPath(import.meta.url)), ".."),
);

const problems = [];
// Server configs (those that `listen`); files they include (authorization.conf) are checked with them.
const natsConfigs = files(join(root, "infra")).filter(
  (file) =>
    file.endsWith(".conf") &&
    /nats/i.test(file) &&
    /^\s*listen\s*[:=]?/m.test(stripComments(readFileSync(file, "utf8"))),
);
if (natsConfigs.length === 0) problems.push("infra/: no NATS server configuration (*.conf) found");
const goodConfigs = new Set();
for (const file of natsConfigs) {
  const found = [...checkNatsConfig(readFileSync(file, "utf8")), ...checkNatsSecurity(withIncludes(file))];
  for (const problem of found) problems.push(`${rel(file)}: ${problem}`);
  if (found.length === 0) goodConfigs.add(rel(file));
}

const composeFiles = [
  ...["docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml"].map((name) =>
    join(root, name),
  ),
  ...files(join(root, "infra")).filter((file) => /(^|\/)(docker-)?compose[^/]*\.ya?ml$/.test(file)),
].filter((file) => existsSync(file));
for (const file of composeFiles) {
  for (const problem of checkCompose(parse(readFileSync(file, "utf8"), { merge: true }) ?? {})) {
    problems.push(`${rel(file)}: ${problem}`);
  }
}

// Other manifests under infra/ (Kubernetes and the like): every NATS_STREAM_REPLICAS they set, and
// the release of every nats container.
const manifests = files(join(root, "infra")).filter(
  (file) => /\.ya?ml$/.test(file) && !composeFiles.includes(file),
);
for (const file of manifests) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"));
  if (documents.some((document) => document.errors.length > 0)) {
    console.log(`skipped ${rel(file)}: not plain YAML`);
    continue;
  }
  for (const document of documents) {
    for (const image of natsImages(document.toJS({ merge: true }))) {
      for (const problem of checkNatsImage("nats container", image))
        problems.push(`${rel(file)}: ${problem}`);
    }
    for (const value of replicaSettings(document.toJS({ merge: true }))) {
      const replicas = Number(withDefaults(value));
      if (!Number.isInteger(replicas) || replicas < MIN_REPLICAS) {
        problems.push(
          `${rel(file)}: NATS_STREAM_REPLICAS=${value}, production needs ${MIN_REPLICAS} or more`,
        );
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`Infrastructure configuration check failed:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(
  `Infrastructure configuration ok (${natsConfigs.length} NATS config(s), ${composeFiles.length} compose file(s)).`,
);

/**
 * NATS configs are not YAML or JSON but the server's own format: `key: value`, `key = value` or
 * `key value`, blocks in braces, comments with # or //. We need only the jetstream block, so this
 * strips comments and reads that one block; it does not try to be a full parser.
 */
function checkNatsConfig(text) {
  const source = stripComments(text);
  const start = /(?:^|[\s{])jetstream\s*[:=]?\s*\{/i.exec(source);
  if (!start)
    return ["no `jetstream { … }` block: JetStream must be configured here, with sync_interval: always"];
  const open = start.index + start[0].length;
  let depth = 1;
  let end = open;
  for (; end < source.length && depth > 0; end++) {
    if (source[end] === "{") depth++;
    else if (source[end] === "}") depth--;
  }
  const block = source.slice(open, end - 1);
  const topLevel = block.replace(/\{[^{}]*\}/g, ""); // keys of nested blocks are not ours
  const sync = /(?:^|\s)(?:sync_interval|sync)\s*[:=]?\s*["']?([\w.]+)["']?/i.exec(topLevel);
  if (!sync)
    return [
      "jetstream has no `sync_interval: always` (the default fsync interval can lose acknowledged writes)",
    ];
  if (sync[1]?.toLowerCase() !== "always") return [`jetstream sync_interval is ${sync[1]}, must be always`];
  return [];
}

/** An exact release of nats-server 2.10 or later: `nats:2.15.1-alpine` yes, `nats:2.10-alpine` no. */
function checkNatsImage(name, image) {
  const tag = image.split(":")[1] ?? "latest";
  const version = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag);
  if (version && (Number(version[1]) < 2 || (Number(version[1]) === 2 && Number(version[2]) < 10))) {
    return [`${name}: image ${image} is older than nats 2.10, which sync_interval needs`];
  }
  if (!version || version[3] === undefined) {
    return [`${name}: image ${image} is not an exact release; pin one such as nats:2.15.1-alpine`];
  }
  return [];
}

/** Images of containers named or based on nats in a Kubernetes object. */
function natsImages(node) {
  if (Array.isArray(node)) return node.flatMap(natsImages);
  if (node === null || typeof node !== "object") return [];
  const own =
    typeof node.image === "string" && /^(docker\.io\/)?(library\/)?nats(:|$)/.test(node.image)
      ? [node.image]
      : [];
  return [...own, ...Object.values(node).flatMap(natsImages)];
}

/** The config's text with its `include`d files (relative to it) put in place. */
function withIncludes(file) {
  return stripComments(readFileSync(file, "utf8")).replace(
    /^\s*include\s+["']?([^"'\s]+)["']?\s*$/gm,
    (_, included) => {
      const path = join(dirname(file), included);
      return existsSync(path) ? stripComments(readFileSync(path, "utf8")) : `# missing include ${included}`;
    },
  );
}

/** The top-level `name { … }` blocks of a NATS config, by name (lower case). */
function topLevelBlocks(source) {
  const blocks = {};
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === "{") depth++;
    else if (char === "}") depth--;
    else if (depth === 0) {
      const open = /^([A-Za-z_]+)\s*[:=]?\s*\{/.exec(source.slice(i));
      if (open && (i === 0 || /\s/.test(source[i - 1]))) {
        const start = i + open[0].length;
        let inner = 1;
        let end = start;
        for (; end < source.length && inner > 0; end++) {
          if (source[end] === "{") inner++;
          else if (source[end] === "}") inner--;
        }
        blocks[open[1].toLowerCase()] = source.slice(start, end - 1);
        i = end - 1;
      }
    }
  }
  return blocks;
}

/** Authorization with per-service users and permissions, passwords from the environment; TLS. */
function checkNatsSecurity(source) {
  const found = [];
  const blocks = topLevelBlocks(source);
  const auth = blocks.authorization;
  if (!auth) {
    found.push(
      "no `authorization { users: … }` (directly or included): anyone who reaches NATS could publish",
    );
  } else {
    const passwords = [...auth.matchAll(/(?:^|\s)password\s*[:=]\s*("[^"]*"|'[^']*'|\S+)/g)].map((m) => m[1]);
    const users = [...auth.matchAll(/(?:^|\s)user\s*[:=]/g)].length;
    const permissions = [...auth.matchAll(/(?:^|\s)permissions\s*[:=]?\s*\{/g)].length;
    if (users === 0) found.push("authorization has no users");
    if (permissions < users) found.push("authorization: every user needs its own permissions");
    for (const password of passwords) {
      if (!/^\$[A-Z][A-Z0-9_]*$/.test(password)) {
        found.push(
          "authorization: a password is written into the file; take it from the environment ($VARIABLE)",
        );
        break;
      }
    }
  }
  const tls = blocks.tls;
  if (!tls || !/cert_file/.test(tls) || !/key_file/.test(tls)) {
    found.push("no top-level `tls { cert_file … key_file … }`: clients must connect over TLS");
  }
  const cluster = blocks.cluster;
  if (cluster && !/(?:^|\s)tls\s*[:=]?\s*\{/.test(cluster)) {
    found.push("cluster has no `tls { … }`: routes between the nodes must use TLS");
  }
  return found;
}

function stripComments(text) {
  return text
    .split("\n")
    .map((line) => {
      let quote = "";
      for (let i = 0; i < line.length; i++) {
        const char = line[i];
        if (quote) {
          if (char === quote) quote = "";
        } else if (char === '"' || char === "'") quote = char;
        else if (char === "#" || (char === "/" && line[i + 1] === "/")) return line.slice(0, i);
      }
      return line;
    })
    .join("\n");
}

/** `${NATS_IMAGE:-nats:2.15.1-alpine}` → the image compose uses when the variable is not set. */
function imageByDefault(image) {
  return String(image ?? "").replace(/\$\{\w+:-([^}]*)\}/g, "$1");
}

function checkCompose(compose) {
  const found = [];
  const services = Object.entries(compose.services ?? {});
  const natsServers = services.filter(([, service]) =>
    /^(docker\.io\/)?(library\/)?nats(:|$)/.test(imageByDefault(service.image)),
  );
  for (const [name, service] of natsServers) {
    found.push(...checkNatsImage(name, imageByDefault(service.image)));
    const command = Array.isArray(service.command)
      ? service.command.map(String)
      : String(service.command ?? "").split(/\s+/);
    const flag = command.findIndex((arg) => arg === "-c" || arg === "--config");
    const configPath = flag >= 0 ? command[flag + 1] : undefined;
    const mount = (service.volumes ?? [])
      .map((volume) => (typeof volume === "string" ? volume.split(":") : [volume.source, volume.target]))
      .find(([, target]) => target === configPath);
    const mounted = mount?.[0] ? posix.normalize(mount[0]) : undefined;
    if (!configPath || !mounted || !goodConfigs.has(mounted)) {
      found.push(
        `${name}: must run with -c <a checked config from infra/> mounted into the container (has ${configPath ?? "no -c"}${mounted ? ` from ${mounted}` : ""})`,
      );
    }
  }
  for (const [name, service] of services) {
    const env = environment(service.environment);
    if (!("NATS_URL" in env)) continue;
    const raw = env.NATS_STREAM_REPLICAS;
    const replicas = Number(withDefaults(raw ?? ""));
    if (raw === undefined)
      found.push(
        `${name}: NATS_STREAM_REPLICAS is not set (services default to 1); production needs ${MIN_REPLICAS}`,
      );
    else if (!Number.isInteger(replicas))
      found.push(`${name}: NATS_STREAM_REPLICAS=${raw} cannot be checked; give a number`);
    else if (replicas < MIN_REPLICAS)
      found.push(`${name}: NATS_STREAM_REPLICAS=${replicas} is below ${MIN_REPLICAS}`);
    else if (replicas > natsServers.length)
      found.push(
        `${name}: NATS_STREAM_REPLICAS=${replicas} but only ${natsServers.length} NATS server(s) to hold the replicas`,
      );
  }
  return found;
}

/** Compose environment: a map, or a list of KEY=VALUE. */
function environment(value) {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((entry) => {
        const [key, ...rest] = String(entry).split("=");
        return [key, rest.join("=")];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(value ?? {}).map(([key, v]) => [key, v === null ? "" : String(v)]),
  );
}

/** Values of NATS_STREAM_REPLICAS anywhere in a document: a `KEY: value` map or a `{name, value}` env entry. */
function replicaSettings(node) {
  if (Array.isArray(node)) return node.flatMap(replicaSettings);
  if (node === null || typeof node !== "object") return [];
  const own = [];
  if ("NATS_STREAM_REPLICAS" in node) own.push(String(node.NATS_STREAM_REPLICAS));
  if (node.name === "NATS_STREAM_REPLICAS" && "value" in node) own.push(String(node.value));
  return [...own, ...Object.values(node).flatMap(replicaSettings)];
}

/** `${VAR:-3}` is checked as its default, 3: what a deployment gets unless it sets VAR. */
function withDefaults(value) {
  return value.replace(/\$\{\w+:?-([^}]*)\}/g, "$1");
}

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

function rel(file) {
  return relative(root, file).split("\\").join("/");
}
