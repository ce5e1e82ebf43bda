// Renders every Kustomize overlay in infra/k8s/overlays with `kubectl kustomize` (or a standalone
// `kustomize`) and validates each rendered object against the Kubernetes JSON schemas that
// kubernetes-models ships (CloudNativePG's Cluster schema from @kubernetes-models/cloudnative-pg, the
// Prometheus Operator's PodMonitor and PrometheusRule from @kubernetes-models/prometheus-operator):
// types, required fields, enums and formats. Not checked by these schemas: unknown fields (the
// Kubernetes schemas allow them; a server with strict field validation refuses them). Then what a
// schema cannot know: replicas, probes, non-root, R3 with fsync, secrets by reference only.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { NATIONAL_REPORTING, SERVICES as SERVICE_LIST, SERVICE_NAMES, subjects } from "@krisstod/contracts";
import { AUTHORIZATION_FILES } from "@krisstod/local-infra";
import { describe, expect, it } from "vitest";
import { type K8sObject, overlays, renderOverlay as render, renderer as tool } from "./k8s-render.ts";
import { repoRoot } from "./support.ts";

type Container = {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  resources?: { requests?: unknown; limits?: unknown };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean };
  env?: { name: string; value?: string; valueFrom?: unknown }[];
};
type PodSpec = { securityContext?: { runAsNonRoot?: boolean }; containers: Container[] };
// The shared K8sObject leaves spec untyped; these checks name the fields they read.
type Typed<Spec> = Omit<K8sObject, "spec"> & { spec: Spec };
type Workload = Typed<{ replicas: number; template: { spec: PodSpec } }>;

const require = createRequire(import.meta.url);

/**
 * The kubernetes-models class for an object's apiVersion and kind (required at run time, so the
 * test's bundler does not try to resolve every kind up front).
 */
function modelFor(object: K8sObject): new (data: unknown) => { validate(): void } {
  const [group, version] = object.apiVersion.includes("/")
    ? object.apiVersion.split("/")
    : [undefined, object.apiVersion];
  const path =
    group === "postgresql.cnpg.io"
      ? `@kubernetes-models/cloudnative-pg/${group}/${version}/${object.kind}`
      : group === "monitoring.coreos.com"
        ? `@kubernetes-models/prometheus-operator/${group}/${version}/${object.kind}`
        : `kubernetes-models/${group ? `${group}/` : ""}${version}/${object.kind}`;
  return (require(path) as Record<string, new (data: unknown) => { validate(): void }>)[object.kind] as never;
}

async function schemaErrors(object: K8sObject): Promise<string | undefined> {
  const Model = modelFor(object);
  try {
    new Model(object).validate();
    return undefined;
  } catch (error) {
    return `${object.kind}/${object.metadata.name}: ${(error as Error).message}`;
  }
}

const SERVICES: readonly string[] = SERVICE_NAMES;

describe.skipIf(!tool)("Kubernetes overlays (rendered with kubectl kustomize)", () => {
  it("has the two overlays", () => {
    expect(overlays.sort()).toEqual(["county-halland", "national"]);
  });

  it("catches a schema violation, so a pass means something", async () => {
    const objects = render("county-halland");
    const deployment = objects.find((o) => o.kind === "Deployment") as Workload;
    const broken = { ...deployment, spec: { ...deployment.spec, replicas: "two" } } as unknown as K8sObject;
    expect(await schemaErrors(broken)).toMatch(/replicas must be integer/);
    const cluster = objects.find((o) => o.kind === "Cluster") as K8sObject;
    const noInstances = { ...cluster, spec: { ...cluster.spec, instances: undefined } } as K8sObject;
    expect(await schemaErrors(JSON.parse(JSON.stringify(noInstances)))).toMatch(/instances/);
  });

  describe.each(overlays)("overlay %s", (overlay) => {
    const objects = tool ? render(overlay) : [];
    const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
    const named = <T extends K8sObject>(kind: string, name: string) =>
      objects.find((o) => o.kind === kind && o.metadata.name === name) as T;

    it("validates every rendered object against its schema", async () => {
      expect(objects.length).toBeGreaterThan(20);
      const errors = (await Promise.all(objects.map(schemaErrors))).filter(Boolean);
      expect(errors).toEqual([]);
      const namespaced = objects.filter((o) => o.kind !== "Namespace");
      expect(new Set(namespaced.map((o) => o.metadata.namespace)).size).toBe(1);
    });

    it("runs every service and the dashboard with 2+ replicas, probes, resources and no root", () => {
      for (const name of [...SERVICES, "dashboard"]) {
        const deployment = named<Workload>("Deployment", name);
        expect(deployment, name).toBeDefined();
        expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
        const pod = deployment.spec.template.spec;
        expect(pod.securityContext?.runAsNonRoot).toBe(true);
        const [container] = pod.containers;
        expect(container?.image).not.toMatch(/:dev$|:latest$/);
        expect(container?.resources?.requests).toBeDefined();
        expect(container?.resources?.limits).toBeDefined();
        expect(container?.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
        });
        if (SERVICES.includes(name)) {
          expect(container?.readinessProbe?.httpGet?.path).toBe("/readyz");
          expect(container?.livenessProbe?.httpGet?.path).toBe("/healthz");
        }
      }
    });

    it("serves each service on its port from the one list of services, to the dashboard's proxy too", () => {
      const dashboardEnv = named<Workload>("Deployment", "dashboard").spec.template.spec.containers[0]?.env;
      for (const { name, port, env } of SERVICE_LIST) {
        const container = named<Workload>("Deployment", name).spec.template.spec.containers[0];
        expect(container?.ports?.find((p) => p.name === "http")?.containerPort, name).toBe(port);
        expect(container?.env?.find((e) => e.name === "PORT")?.value, name).toBe(String(port));
        const ports = named<K8sObject>("Service", name).spec.ports as { port: number }[];
        expect(
          ports.map((p) => p.port),
          name,
        ).toEqual([port]);
        expect(dashboardEnv?.find((e) => e.name === `${env}_URL`)?.value).toBe(`http://${name}:${port}`);
        const job = named<Workload>("Job", `${name}-migrate`).spec.template.spec.containers[0];
        expect(job?.env?.find((e) => e.name === "PORT")?.value, `${name}-migrate`).toBe(String(port));
      }
    });

    it("serves the national picture only at the hub, reporting in the national mode without a database", () => {
      const dashboardEnv = named<Workload>("Deployment", "dashboard").spec.template.spec.containers[0]?.env;
      const national = byKind("Deployment").filter(
        (o) =>
          (o as Workload).spec.template.spec.containers[0]?.env?.find((e) => e.name === "REPORTING_MODE")
            ?.value === "national",
      ) as Workload[];
      expect(national.map((d) => d.metadata.name)).toEqual(
        overlay === "national" ? ["reporting-national"] : [],
      );
      const url = dashboardEnv?.find((e) => e.name === "NATIONAL_URL")?.value;
      for (const deployment of national) {
        const name = deployment.metadata.name;
        const container = deployment.spec.template.spec.containers[0];
        const port = container?.ports?.find((p) => p.name === "http")?.containerPort;
        // The port npm start runs it on too (@krisstod/contracts NATIONAL_REPORTING).
        expect(port).toBe(NATIONAL_REPORTING.port);
        expect(container?.env?.find((e) => e.name === "PORT")?.value).toBe(String(port));
        expect(
          (named<K8sObject>("Service", name).spec.ports as { port: number }[]).map((p) => p.port),
        ).toEqual([port]);
        expect(url).toBe(`http://${name}:${port}`);
        const env = container?.env ?? [];
        expect(env.map((e) => e.name)).not.toContain("DATABASE_URL");
        expect(env.find((e) => e.name === "NATS_USER")?.value).toBe("national-reporting");
        expect(env.find((e) => e.name === "NATS_PASSWORD")).toMatchObject({
          valueFrom: { secretKeyRef: { name: "krisstod-nats", key: "NATS_NATIONAL_REPORTING_PASSWORD" } },
        });
        // Before it starts, the hub's streams are made from infra/nats's definitions (#23): no
        // operator at a `nats` prompt. Its own NATS user, which may only keep those two streams.
        const pod = deployment.spec.template.spec as PodSpec & {
          initContainers?: (Container & { volumeMounts?: { name: string; mountPath: string }[] })[];
          volumes?: { name: string; configMap?: { name: string } }[];
        };
        const setup = pod.initContainers?.find((c) => c.name === "hub-streams");
        const setupEnv = (key: string) => setup?.env?.find((e) => e.name === key);
        expect(setup?.image).toBe(container?.image);
        expect(setupEnv("REPORTING_MODE")?.value).toBe("hub-setup");
        expect(setupEnv("NATS_USER")?.value).toBe("national-setup");
        expect(setupEnv("NATS_PASSWORD")).toMatchObject({
          valueFrom: { secretKeyRef: { name: "krisstod-nats", key: "NATS_NATIONAL_SETUP_PASSWORD" } },
        });
        const mount = setup?.volumeMounts?.find((m) => m.name === "hub-streams")?.mountPath;
        const configMap = pod.volumes?.find((v) => v.name === "hub-streams")?.configMap?.name ?? "";
        const files = named<K8sObject>("ConfigMap", configMap).data ?? {};
        expect(setupEnv("HUB_STREAM_FILES")?.value?.split(",")).toEqual(
          ["national-sources.json", "national-aid.json"].map((f) => `${mount}/${f}`),
        );
        for (const file of ["national-sources.json", "national-aid.json"]) {
          expect(JSON.parse(files[file] ?? "null"), file).toEqual(
            JSON.parse(readFileSync(join(repoRoot, "infra/nats", file), "utf8")),
          );
        }
        const users = readFileSync(join(repoRoot, "infra/k8s/overlays/national/authorization.conf"), "utf8");
        const setupUser = users.slice(users.indexOf('user: "national-setup"'));
        expect(setupUser).toContain("password: $NATS_NATIONAL_SETUP_PASSWORD");
        expect(/publish: \{ allow: (\[[^\]]*\])/.exec(setupUser)?.[1]).toBe(
          JSON.stringify(
            ["$JS.API.INFO"].concat(
              ...["KS_NATIONAL", "KS_AID"].map((s) =>
                ["INFO", "CREATE", "UPDATE"].map((op) => `$JS.API.STREAM.${op}.${s}`),
              ),
            ),
          ).replaceAll(",", ", "),
        );
      }
      if (national.length === 0) expect(url).toBeUndefined();
    });

    it("keeps secrets out of the manifests: only references to Secrets", () => {
      expect(byKind("Secret")).toEqual([]);
      for (const name of SERVICES) {
        // The URLs name the service's own roles; the passwords come in from their Secrets. The
        // Deployment logs in as the service only; its migrate Job as the service and the migrator.
        const role = `ks_${name.replace("-", "_")}`;
        const login = ["DATABASE_URL", role, "DB_PASSWORD"] as const;
        const migrator = ["MIGRATION_DATABASE_URL", `${role}_migrator`, "DB_MIGRATOR_PASSWORD"] as const;
        for (const [kind, workload, logins] of [
          ["Deployment", name, [login]],
          ["Job", `${name}-migrate`, [login, migrator]],
        ] as const) {
          const env = named<Workload>(kind, workload).spec.template.spec.containers[0]?.env ?? [];
          for (const variable of env) {
            if (/SECRET|PASSWORD|SMTP_URL/.test(variable.name)) expect(variable.value).toBeUndefined();
          }
          for (const [variable, user, password] of logins) {
            expect(env.find((e) => e.name === variable)?.value).toBe(
              `postgres://${user}:$(${password})@krisstod-db-rw:5432/krisstod`,
            );
            expect(env.find((e) => e.name === password)).toMatchObject({
              valueFrom: {
                secretKeyRef: { name: `krisstod-db-${user.replaceAll("_", "-")}`, key: "password" },
              },
            });
          }
        }
      }
    });

    it("gives every service's two roles to CloudNativePG to manage, with passwords from Secrets", () => {
      const cluster = named<K8sObject>("Cluster", "krisstod-db");
      const spec = cluster.spec as {
        managed: { roles: { name: string; passwordSecret: { name: string } }[] };
        bootstrap: { initdb: { postInitApplicationSQL: string[] } };
      };
      const managed = spec.managed.roles;
      const expected = SERVICES.flatMap((name) => {
        const role = `ks_${name.replace("-", "_")}`;
        return [role, `${role}_migrator`];
      });
      expect(managed.map((r) => r.name).sort()).toEqual([...expected].sort());
      for (const role of managed) {
        expect(role).toMatchObject({ login: true, superuser: false, createrole: false, createdb: false });
        expect(role.passwordSecret.name).toBe(`krisstod-db-${role.name.replaceAll("_", "-")}`);
      }
      const initdb = spec.bootstrap.initdb;
      expect(initdb.postInitApplicationSQL.join("\n")).toContain(
        `GRANT CREATE ON DATABASE krisstod TO ${expected.filter((r) => r.endsWith("_migrator")).join(", ")}`,
      );
    });

    it("runs NATS as three JetStream nodes with fsync on every write and streams at R3", () => {
      const nats = named<Workload>("StatefulSet", "nats");
      expect(nats.spec.replicas).toBe(3);
      const config = byKind("ConfigMap").find((o) => o.metadata.name.startsWith("nats-config"));
      const conf = config?.data?.["nats-server.conf"] ?? "";
      expect(conf).toMatch(/^\s*sync_interval:\s*always\s*$/m);
      expect(named<K8sObject>("ConfigMap", "krisstod-config").data?.NATS_STREAM_REPLICAS).toBe("3");
      const image = nats.spec.template.spec.containers[0]?.image ?? "";
      expect(image).toMatch(/^nats:2\.(1\d|[2-9]\d)/);
    });

    it("has PostgreSQL through CloudNativePG with a replica, a NetworkPolicy and an Ingress", () => {
      const cluster = named<K8sObject & { spec: { instances: number } }>("Cluster", "krisstod-db");
      expect(cluster.spec.instances).toBeGreaterThanOrEqual(2);
      const policies = byKind("NetworkPolicy").map((o) => o.metadata.name);
      expect(policies).toEqual(expect.arrayContaining(["default-deny-ingress", "services-from-dashboard"]));
      const [ingress] = byKind("Ingress") as Typed<{
        rules: { http: { paths: { backend: { service: { name: string } } }[] } }[];
      }>[];
      expect(ingress?.spec.rules.flatMap((r) => r.http.paths.map((p) => p.backend.service.name))).toEqual([
        "dashboard",
      ]);
      // Not tied to one controller (ingress-nginx is no longer maintained): no class, no annotations.
      const { annotations = {} } = (ingress?.metadata ?? {}) as { annotations?: Record<string, string> };
      expect(Object.keys(annotations).filter((key) => /nginx|traefik|haproxy/.test(key))).toEqual([]);
      expect((ingress?.spec as { ingressClassName?: string } | undefined)?.ingressClassName).toBeUndefined();
    });
  });

  it("keeps each overlay's NATS config in step with its source in infra/nats", () => {
    const body = (path: string) =>
      readFileSync(join(repoRoot, path), "utf8")
        .split("\n")
        .filter((line) => !line.startsWith("#"))
        .join("\n")
        .replace(/nats:\/\/nats-[\w.-]+:6222/g, "ROUTE");
    expect(body("infra/k8s/overlays/county-halland/nats-server.conf")).toBe(
      body("infra/nats/county-leaf.conf"),
    );
    expect(body("infra/k8s/overlays/national/nats-server.conf")).toBe(body("infra/nats/national-hub.conf"));
  });

  it("gives each county its own subject namespace: its config, its NATS users, the hub's sources", () => {
    // On a leaf link the counties' subject spaces meet: with one namespace for all, a county's event
    // stream would also store the other counties' events (test/faults/national-leaf.test.ts runs
    // each county in its own namespace the same way).
    const json = (path: string) => JSON.parse(readFileSync(join(repoRoot, path), "utf8"));
    const national = json("infra/nats/national-sources.json") as {
      sources: { name: string; filter_subject: string; external: { api: string } }[];
    };
    const namespaces = national.sources.map((source) => {
      const [, domain] = /^\$JS\.(\w+)\.API$/.exec(source.external.api) ?? [];
      const [, ns, county] = /^(\w+)\.events\.(\d{2})\.>$/.exec(source.filter_subject) ?? [];
      expect(source.name, domain).toBe(subjects.eventStream(ns as string));
      expect(source.filter_subject).toBe(subjects.countyEvents(ns as string, county as never));
      return { domain, ns, county };
    });
    expect(namespaces.map((n) => n.ns)).toEqual(namespaces.map((n) => `ks${n.county}`));
    expect(new Set(namespaces.map((n) => n.ns)).size).toBe(namespaces.length);

    const halland = namespaces.find((n) => n.domain === "halland")?.ns as string;
    const config = render("county-halland").find(
      (o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("krisstod-config"),
    );
    expect(config?.data?.NATS_NAMESPACE).toBe(halland);
    expect(AUTHORIZATION_FILES.filter((f) => f.file.includes("halland")).map((f) => f.namespace)).toEqual([
      halland,
      halland,
    ]);
    // The county's leaf config includes the authorization generated for that namespace.
    for (const conf of [
      "infra/nats/county-leaf.conf",
      "infra/k8s/overlays/county-halland/nats-server.conf",
    ]) {
      const [, included] = /^include "([^"]+)"$/m.exec(readFileSync(join(repoRoot, conf), "utf8")) ?? [];
      const file = join(conf, "..", included as string);
      expect(AUTHORIZATION_FILES.find((f) => f.file === file)?.namespace, conf).toBe(halland);
    }
    expect(json("infra/nats/event-stream-backup.json").mirror.name).toBe(subjects.eventStream(halland));

    // Mutual aid across counties (#23): the hub's exchange stream sources each county's outbound
    // stream, only what it sends as itself; the county's activation service names that stream and
    // the hub's domain, and sends as its own county.
    const aid = json("infra/nats/national-aid.json") as typeof national & {
      name: string;
      num_replicas: number;
    };
    expect(aid.num_replicas).toBe(3);
    expect(aid.sources.map((s) => [s.name, s.filter_subject, s.external.api])).toEqual(
      namespaces.map((n) => [
        subjects.aidOutStream(n.ns as string),
        subjects.aidFrom(n.ns as string, n.county as string),
        `$JS.${n.domain}.API`,
      ]),
    );
    const hubDomain = /domain:\s*(\w+)/.exec(
      readFileSync(join(repoRoot, "infra/nats/national-hub.conf"), "utf8"),
    )?.[1];
    expect(config?.data).toMatchObject({
      COUNTY_CODE: namespaces.find((n) => n.domain === "halland")?.county,
      MUTUAL_AID_HUB_DOMAIN: hubDomain,
      MUTUAL_AID_HUB_STREAM: aid.name,
    });
    expect(aid.name).toBe(subjects.aidExchangeStream("ks"));
    const hallandUsers = readFileSync(
      join(repoRoot, "infra/k8s/overlays/county-halland/authorization-halland.conf"),
      "utf8",
    );
    expect(hallandUsers).toContain(`"${halland}.aid.13.*.mutual-aid.>"`);
  });
});

it.runIf(!tool)("renders the Kubernetes overlays (skipped: no kubectl or kustomize on PATH)", () => {
  // Install one: any kubectl 1.22 or later (its embedded kustomize must know `labels`), or a
  // standalone kustomize 4.1+.
});
