// Monitoring as an operator receives it: the rendered overlays' PodMonitors against the ports the
// pods really declare, the alert rules (each expression parsed by Prometheus' own PromQL grammar,
// naming only metrics that exist, linking to an entry of docs/operations.md), and the Grafana
// dashboard (every query parses and names a metric the services export).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { METRICS_PORT, SERVICE_NAMES } from "@krisstod/contracts";
import { createServiceMetrics, metricNames } from "@krisstod/metrics";
import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { type K8sObject, overlays, renderer, renderOverlay } from "./k8s-render.ts";
import { repoRoot } from "./support.ts";

type Container = {
  name: string;
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string }[];
};
type Workload = K8sObject & {
  spec: { template: { metadata: { labels: Record<string, string> }; spec: { containers: Container[] } } };
};
type Rule = {
  alert: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};

const SERVICES: readonly string[] = SERVICE_NAMES;

/** The metric names a PromQL expression selects; throws on a syntax error. */
function metricsIn(expr: string): string[] {
  const tree = parser.parse(expr);
  const names: string[] = [];
  let error: number | undefined;
  tree.iterate({
    enter(node) {
      if (node.type.isError) error ??= node.from;
      if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector")
        names.push(expr.slice(node.from, node.to));
    },
  });
  if (error !== undefined) throw new Error(`PromQL syntax error at ${error}: ${expr}`);
  return names;
}

/**
 * What the services export: the catalogue of their own metrics (test/e2e/observability.test.ts shows
 * the running services export each), a histogram's series, and prom-client's process metrics.
 */
function exportedMetrics(): Set<string> {
  const names = new Set<string>(Object.values(metricNames));
  for (const suffix of ["_bucket", "_count", "_sum"]) names.add(`${metricNames.httpDuration}${suffix}`);
  const { registry } = createServiceMetrics();
  for (const metric of registry.getMetricsAsArray()) {
    names.add(metric.name);
    if (String(metric.type) === "histogram")
      for (const s of ["_bucket", "_count", "_sum"]) names.add(`${metric.name}${s}`);
  }
  return names;
}

/** GitHub's anchors of the document's headings. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading] of markdown.matchAll(/^#{1,6}\s+(.+)$/gm)) {
    anchors.add(
      (heading as string)
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-"),
    );
  }
  return anchors;
}

describe("PromQL checking, so a pass means something", () => {
  it("finds the metrics of an expression and refuses a broken one", () => {
    expect(metricsIn('sum by (a) (rate(x_total{b="c"}[5m])) / on() up')).toEqual(["x_total", "up"]);
    expect(() => metricsIn("sum(rate(x_total[5m])")).toThrow(/syntax error/);
    expect(exportedMetrics().has("krisstod_no_such_metric")).toBe(false);
    expect(exportedMetrics().has("process_resident_memory_bytes")).toBe(true);
  });
});

describe("the Grafana dashboard", () => {
  const dashboard = JSON.parse(
    readFileSync(join(repoRoot, "infra/k8s/base/monitoring/grafana-dashboard.json"), "utf8"),
  ) as {
    uid: string;
    panels: { title: string; targets: { expr: string }[] }[];
    templating: { list: { query: string | { query: string } }[] };
  };

  it("shows every service of the one list, and only those", () => {
    const exprs = dashboard.panels.flatMap((panel) => panel.targets.map((t) => t.expr));
    const containerSets = exprs.flatMap((expr) =>
      [...expr.matchAll(/container=~"([^"]+)"/g)].map((m) => m[1]),
    );
    expect(containerSets.length).toBeGreaterThan(0);
    for (const set of containerSets) expect(set?.split("|").sort()).toEqual([...SERVICE_NAMES].sort());
  });

  it("queries only metrics the services export, in queries that parse", () => {
    const exported = exportedMetrics();
    const exprs = dashboard.panels.flatMap((panel) => panel.targets.map((t) => t.expr));
    expect(exprs.length).toBeGreaterThanOrEqual(10);
    const unknown = exprs.flatMap(metricsIn).filter((name) => !exported.has(name));
    expect(unknown).toEqual([]);
    // Every own metric is on the dashboard somewhere (a histogram through its buckets).
    const shown = new Set(exprs.flatMap(metricsIn).map((name) => name.replace(/_bucket$/, "")));
    expect(Object.values(metricNames).filter((name) => !shown.has(name))).toEqual([]);
  });

  it("offers the namespaces that have our metrics", () => {
    const queries = dashboard.templating.list.map((v) =>
      typeof v.query === "string" ? v.query : v.query.query,
    );
    expect(queries).toContain(`label_values(${metricNames.httpRequests}, namespace)`);
  });
});

describe.skipIf(!renderer)("monitoring in the rendered overlays", () => {
  const operations = readFileSync(join(repoRoot, "docs/operations.md"), "utf8");

  describe.each(overlays)("overlay %s", (overlay) => {
    const objects = renderer ? renderOverlay(overlay) : [];
    const named = <T extends K8sObject>(kind: string, name: string) =>
      objects.find((o) => o.kind === kind && o.metadata.name === name) as T;

    it("scrapes every service on its metrics port, which the service listens on", () => {
      const monitor = named<K8sObject>("PodMonitor", "krisstod-services");
      const endpoints = monitor.spec.podMetricsEndpoints as { port: string }[];
      expect(endpoints.map((e) => e.port)).toEqual(["metrics"]);
      for (const service of SERVICES) {
        const workload = named<Workload>("Deployment", service);
        const labels = workload.spec.template.metadata.labels;
        for (const [key, value] of Object.entries(
          monitor.spec.selector.matchLabels as Record<string, string>,
        ))
          expect(labels[key], `${service} ${key}`).toBe(value);
        const container = workload.spec.template.spec.containers.find(
          (c: Container) => c.name === service,
        ) as Container;
        const port = container.ports?.find((p) => p.name === "metrics")?.containerPort;
        expect(port, service).toBe(METRICS_PORT);
        expect(container.env?.find((e) => e.name === "METRICS_PORT")?.value, service).toBe(String(port));
        // Not reachable through the service's Service, which the dashboard's proxy uses.
        const servicePorts = named<K8sObject>("Service", service).spec.ports as { targetPort: unknown }[];
        expect(servicePorts.map((p) => p.targetPort)).not.toContain("metrics");
        expect(servicePorts.map((p) => p.targetPort)).not.toContain(port);
      }
    });

    it("scrapes NATS through its exporter and PostgreSQL through CloudNativePG's", () => {
      const nats = named<Workload>("StatefulSet", "nats");
      expect(nats.spec.template.spec.containers[0]?.name).toBe("nats");
      const exporter = nats.spec.template.spec.containers.find((c: Container) => c.name === "nats-exporter");
      expect(exporter?.ports?.map((p: { name?: string }) => p.name)).toEqual(["nats-metrics"]);
      const natsMonitor = named<K8sObject>("PodMonitor", "nats");
      expect(natsMonitor.spec.podMetricsEndpoints.map((e: { port: string }) => e.port)).toEqual([
        "nats-metrics",
      ]);
      expect(natsMonitor.spec.selector.matchLabels).toEqual({ "app.kubernetes.io/name": "nats" });
      const dbMonitor = named<K8sObject>("PodMonitor", "krisstod-db");
      expect(dbMonitor.spec.selector.matchLabels).toEqual({ "cnpg.io/cluster": "krisstod-db" });
      expect(named<K8sObject>("Cluster", "krisstod-db")).toBeDefined();
    });

    it("alerts with rules that parse, name metrics that exist and link to what to do", () => {
      const rules = (
        named<K8sObject>("PrometheusRule", "krisstod-alerts").spec.groups as { rules: Rule[] }[]
      ).flatMap((group) => group.rules);
      const exported = exportedMetrics();
      const anchors = anchorsOf(operations);
      const problems: string[] = [];
      for (const rule of rules) {
        const metrics = metricsIn(rule.expr);
        for (const name of metrics.filter((n) => n.startsWith("krisstod_") && !exported.has(n)))
          problems.push(`${rule.alert}: ${name} is not exported`);
        // Others' metrics: the NATS exporter, CloudNativePG, kube-state-metrics, the kubelet.
        for (const name of metrics.filter((n) => !/^(krisstod|gnatsd|cnpg|kube|kubelet)_|^up$/.test(n)))
          problems.push(`${rule.alert}: ${name} comes from no exporter we deploy`);
        if (!["warning", "critical"].includes(rule.labels?.severity ?? ""))
          problems.push(`${rule.alert}: no severity`);
        if (!rule.annotations?.summary) problems.push(`${rule.alert}: no summary`);
        const anchor = /^docs\/operations\.md#(.+)$/.exec(rule.annotations?.runbook_url ?? "")?.[1];
        if (!anchor || !anchors.has(anchor)) problems.push(`${rule.alert}: runbook ${anchor} not in docs`);
      }
      expect(problems).toEqual([]);
      // What the operator must be told about (issue 25), each with an entry to follow.
      const linked = new Set(rules.map((r) => r.annotations?.runbook_url?.split("#")[1]));
      for (const topic of [
        "runbook-lost-nats-node",
        "runbook-postgresql-failover",
        "runbook-lost-county-site",
        "runbook-full-disk",
        "runbook-stuck-consumer",
        "runbook-failed-sms-provider",
        "alert-audit-verification-failed",
        "alert-outbox-lag",
      ])
        expect(linked, topic).toContain(topic);
    });

    it("ships the dashboard as a ConfigMap Grafana's sidecar loads", () => {
      const configMap = named<K8sObject>("ConfigMap", "krisstod-grafana-dashboard");
      expect(configMap.metadata.labels?.grafana_dashboard).toBe("1");
      expect(JSON.parse(configMap.data?.["krisstod-services.json"] ?? "{}").uid).toBe("krisstod-services");
    });
  });
});
