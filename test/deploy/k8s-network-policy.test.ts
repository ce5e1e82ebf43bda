// The NetworkPolicies of every rendered overlay, checked against the labels the selected pods really
// carry: our Deployments' and StatefulSets' pod templates, CloudNativePG's instance pods (the labels
// the operator sets, plus the Cluster's inheritedMetadata), the cluster DNS (`k8s-app: kube-dns`
// in kube-system) and the operator in its namespace, which carry only `kubernetes.io/metadata.name`
// as far as we may assume; the ingress controller (any, here Traefik), an OpenID provider and a mail
// relay in namespaces labelled as docs/operations.md says, and the same two at private addresses
// outside the cluster. Kustomize's `commonLabels` once added part-of/county to every selector
// here, which no DNS or database pod carries (issue 25).
import { BlockList } from "node:net";
import { SERVICE_NAMES, SERVICES, type ServiceName, serviceDefinition } from "@krisstod/contracts";
import { describe, expect, it } from "vitest";
import { type K8sObject, type Labels, overlays, renderer, renderOverlay } from "./k8s-render.ts";

type Selector = {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};
type Peer = {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string; except?: string[] };
};
type Rule = { from?: Peer[]; to?: Peer[]; ports?: { protocol?: string; port?: number | string }[] };
type Policy = Omit<K8sObject, "spec"> & {
  spec: {
    podSelector: Selector;
    policyTypes?: string[];
    ingress?: Rule[];
    egress?: Rule[];
  };
};
type Pod = { name: string; namespace: string; labels: Labels; ip?: string };
type Namespace = { name: string; labels: Labels };

function matches(selector: Selector, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = key in labels;
    const ok =
      operator === "In"
        ? has && values.includes(labels[key] as string)
        : operator === "NotIn"
          ? !has || !values.includes(labels[key] as string)
          : operator === "Exists"
            ? has
            : !has;
    if (!ok) return false;
  }
  return true;
}

/** What the cluster would hold once the overlay is applied, as far as policies can see it. */
function world(
  objects: K8sObject[],
  outsidePods: Pod[] = [],
): { namespace: string; pods: Pod[]; namespaces: Namespace[]; outside: Pod[] } {
  const namespace = objects.find((o) => o.metadata.namespace)?.metadata.namespace ?? "default";
  const ownNamespace = objects.find((o) => o.kind === "Namespace" && o.metadata.name === namespace);
  const namespaces: Namespace[] = [
    {
      name: namespace,
      labels: { ...ownNamespace?.metadata.labels, "kubernetes.io/metadata.name": namespace },
    },
    ...["kube-system", "cnpg-system", "monitoring"].map((name) => ({
      name,
      labels: { "kubernetes.io/metadata.name": name },
    })),
    // Labelled by the operator as docs/operations.md ("Kubernetes") says.
    {
      name: "traefik",
      labels: { "kubernetes.io/metadata.name": "traefik", "krisstod.se/ingress-controller": "true" },
    },
    {
      name: "keycloak",
      labels: { "kubernetes.io/metadata.name": "keycloak", "krisstod.se/egress": "identity-provider" },
    },
    {
      name: "postfix",
      labels: { "kubernetes.io/metadata.name": "postfix", "krisstod.se/egress": "mail-relay" },
    },
  ];
  const pods: Pod[] = [
    { name: "kube-dns", namespace: "kube-system", labels: { "k8s-app": "kube-dns" } },
    {
      name: "cnpg-operator",
      namespace: "cnpg-system",
      labels: { "app.kubernetes.io/name": "cloudnative-pg" },
    },
    { name: "ingress-controller", namespace: "traefik", labels: { "app.kubernetes.io/name": "traefik" } },
    { name: "keycloak", namespace: "keycloak", labels: { "app.kubernetes.io/name": "keycloak" } },
    { name: "postfix", namespace: "postfix", labels: { "app.kubernetes.io/name": "postfix" } },
    // kube-prometheus-stack's Prometheus and an OpenTelemetry collector (monitoring/ in the base).
    { name: "prometheus", namespace: "monitoring", labels: { "app.kubernetes.io/name": "prometheus" } },
    {
      name: "otel-collector",
      namespace: "monitoring",
      labels: { "app.kubernetes.io/name": "opentelemetry-collector" },
    },
  ];
  for (const object of objects) {
    if (["Deployment", "StatefulSet", "DaemonSet", "Job"].includes(object.kind)) {
      pods.push({
        name: object.metadata.name,
        namespace,
        labels: object.spec?.template?.metadata?.labels ?? {},
      });
    }
    if (object.kind === "Cluster" && object.apiVersion.startsWith("postgresql.cnpg.io/")) {
      // The labels CloudNativePG puts on an instance pod; the Cluster's own metadata.labels are
      // not copied to pods, only spec.inheritedMetadata.labels.
      for (const role of ["primary", "replica"]) {
        pods.push({
          name: `${object.metadata.name}-${role}`,
          namespace,
          labels: {
            ...object.spec?.inheritedMetadata?.labels,
            "cnpg.io/cluster": object.metadata.name,
            "cnpg.io/podRole": "instance",
            "cnpg.io/instanceRole": role,
            role,
          },
        });
      }
    }
  }
  return { namespace, pods, namespaces, outside: outsidePods };
}

/** Whether an address is in an ipBlock (its CIDR, minus its exceptions). */
function inBlock(ip: string, block: { cidr: string; except?: string[] }): boolean {
  const list = (cidrs: string[]) => {
    const blocks = new BlockList();
    for (const cidr of cidrs) {
      const [address, prefix] = cidr.split("/");
      blocks.addSubnet(address as string, Number(prefix));
    }
    return blocks;
  };
  return list([block.cidr]).check(ip) && !list(block.except ?? []).check(ip);
}

/** Something outside the cluster, reached by address only. */
const outside = (name: string, ip: string): Pod => ({ name, namespace: "(outside)", labels: {}, ip });

/** The pods a peer of a policy in `namespace` selects (an ipBlock: the outside addresses in it). */
function peerPods(peer: Peer, namespace: string, w: ReturnType<typeof world>): Pod[] {
  if (peer.ipBlock) {
    const block = peer.ipBlock;
    return w.outside.filter((pod) => inBlock(pod.ip as string, block));
  }
  const inNamespaces = peer.namespaceSelector
    ? w.namespaces.filter((n) => matches(peer.namespaceSelector as Selector, n.labels)).map((n) => n.name)
    : [namespace];
  return w.pods.filter(
    (pod) =>
      inNamespaces.includes(pod.namespace) && (!peer.podSelector || matches(peer.podSelector, pod.labels)),
  );
}

const podsOf = (w: ReturnType<typeof world>, predicate: (labels: Labels) => boolean) =>
  w.pods.filter((pod) => predicate(pod.labels));

function portAllowed(rule: Rule, port: number, protocol: string): boolean {
  if (!rule.ports || rule.ports.length === 0) return true;
  return rule.ports.some(
    (p) => (p.protocol ?? "TCP") === protocol && (p.port === undefined || p.port === port),
  );
}

/** Whether the policies let `from` open a connection to `to` on port/protocol (both directions checked). */
function allowed(
  policies: Policy[],
  w: ReturnType<typeof world>,
  from: Pod,
  to: Pod,
  port: number,
  protocol = "TCP",
) {
  const types = (p: Policy) => p.spec.policyTypes ?? (p.spec.egress ? ["Ingress", "Egress"] : ["Ingress"]);
  const applies = (p: Policy, pod: Pod) =>
    (p.metadata.namespace ?? w.namespace) === pod.namespace && matches(p.spec.podSelector, pod.labels);
  const ingress = policies.filter((p) => types(p).includes("Ingress") && applies(p, to));
  const egress = policies.filter((p) => types(p).includes("Egress") && applies(p, from));
  const admits = (rules: Rule[] | undefined, peerKey: "from" | "to", peer: Pod, ns: string) =>
    (rules ?? []).some(
      (rule) =>
        portAllowed(rule, port, protocol) &&
        (!rule[peerKey] || (rule[peerKey] as Peer[]).some((p) => peerPods(p, ns, w).includes(peer))),
    );
  const ingressOk =
    ingress.length === 0 || ingress.some((p) => admits(p.spec.ingress, "from", from, to.namespace));
  const egressOk = egress.length === 0 || egress.some((p) => admits(p.spec.egress, "to", to, from.namespace));
  return ingressOk && egressOk;
}

/**
 * The OpenID provider and mail relay each overlay's organisation runs at private addresses (its
 * egress.yaml), a public SMS API, and private addresses the services must not reach.
 */
const endpoints: Record<string, { idp: string; relay: string }> = {
  "county-halland": { idp: "10.13.20.10", relay: "10.13.30.25" },
  national: { idp: "10.0.20.10", relay: "10.0.30.25" },
};

/** The national picture's workloads each overlay runs (tier `national`): only the hub has one. */
const nationalPicture: Record<string, string[]> = { national: ["reporting-national"] };

/** The http port a workload's container listens on. */
function nationalPort(objects: K8sObject[], name: string): number {
  const deployment = objects.find((o) => o.kind === "Deployment" && o.metadata.name === name);
  const ports = deployment?.spec.template.spec.containers[0].ports as {
    name: string;
    containerPort: number;
  }[];
  return ports.find((p) => p.name === "http")?.containerPort as number;
}

describe.skipIf(!renderer)("NetworkPolicies against the labels pods really carry", () => {
  describe.each(overlays)("overlay %s", (overlay) => {
    const objects = renderer ? renderOverlay(overlay) : [];
    const policies = objects.filter((o) => o.kind === "NetworkPolicy") as unknown as Policy[];
    const internal = endpoints[overlay] ?? { idp: "192.0.2.10", relay: "192.0.2.25" };
    const idp = outside("internal OpenID provider", internal.idp);
    const relay = outside("internal mail relay", internal.relay);
    const smsApi = outside("SMS provider API", "203.0.113.7");
    const otherPrivate = outside("another private host", "10.99.0.1");
    const w = world(objects, [idp, relay, smsApi, otherPrivate]);

    it("has policies, and every selector in them selects a pod that exists", () => {
      expect(policies.length).toBeGreaterThan(3);
      const empty: string[] = [];
      for (const policy of policies) {
        const namespace = policy.metadata.namespace ?? w.namespace;
        const selected = w.pods.filter(
          (pod) => pod.namespace === namespace && matches(policy.spec.podSelector, pod.labels),
        );
        if (selected.length === 0) empty.push(`${policy.metadata.name}: spec.podSelector`);
        for (const [direction, rules] of [
          ["ingress", policy.spec.ingress],
          ["egress", policy.spec.egress],
        ] as const) {
          (rules ?? []).forEach((rule, index) => {
            for (const peer of (direction === "ingress" ? rule.from : rule.to) ?? []) {
              if (peer.ipBlock) continue;
              if (peerPods(peer, namespace, w).length === 0)
                empty.push(`${policy.metadata.name}: ${direction}[${index}] ${JSON.stringify(peer)}`);
            }
          });
        }
      }
      expect(empty).toEqual([]);
    });

    it("lets through every path the system uses", () => {
      const one = (description: string, predicate: (labels: Labels) => boolean) => {
        const [pod] = podsOf(w, predicate);
        if (!pod) throw new Error(`no pod for ${description}`);
        return pod;
      };
      const name = (n: string) => (labels: Labels) => labels["app.kubernetes.io/name"] === n;
      const services = podsOf(
        w,
        (l) => l["krisstod.se/tier"] === "service" && l["app.kubernetes.io/component"] === "service",
      );
      const migrations = podsOf(w, (l) => l["app.kubernetes.io/component"] === "migrations");
      expect(migrations).toHaveLength(SERVICES.length);
      expect(services.map((s) => s.name).sort()).toEqual([...SERVICE_NAMES].sort());
      const dashboard = one("dashboard", name("dashboard"));
      const nats = one("nats", name("nats"));
      const dns = one("kube-dns", (l) => l["k8s-app"] === "kube-dns");
      const operator = one("operator", name("cloudnative-pg"));
      const ingressController = one("ingress", name("traefik"));
      const keycloak = one("keycloak", name("keycloak"));
      const postfix = one("postfix", name("postfix"));
      const [primary, replica] = podsOf(w, (l) => l["cnpg.io/cluster"] === "krisstod-db");
      if (!primary || !replica) throw new Error("no CloudNativePG pods");

      const refused: string[] = [];
      const need = (from: Pod, to: Pod, port: number, protocol = "TCP") => {
        if (!allowed(policies, w, from, to, port, protocol))
          refused.push(`${from.name} → ${to.name}:${port}/${protocol}`);
      };
      need(ingressController, dashboard, 8080);
      for (const service of services) {
        need(dashboard, service, serviceDefinition(service.name as ServiceName).port);
        need(service, nats, 4222);
        need(service, primary, 5432);
        need(service, dns, 53, "UDP");
        need(service, dns, 53, "TCP");
        // Token keys and mail inside the organisation's network, in the cluster or outside it.
        need(service, keycloak, 8443);
        need(service, idp, 443);
        need(service, postfix, 587);
        need(service, relay, 587);
        need(service, relay, 25);
        need(service, smsApi, 443);
      }
      for (const job of migrations) {
        need(job, primary, 5432);
        need(job, dns, 53, "UDP");
      }
      // The national picture at the hub (reporting in the national mode, no database): the dashboard's
      // proxy in, NATS, DNS and the OpenID provider's keys out.
      const nationalPods = podsOf(w, (l) => l["krisstod.se/tier"] === "national");
      expect(nationalPods.map((p) => p.name)).toEqual(nationalPicture[overlay] ?? []);
      for (const pod of nationalPods) {
        need(dashboard, pod, nationalPort(objects, pod.name));
        need(pod, nats, 4222);
        need(pod, dns, 53, "UDP");
        need(pod, dns, 53, "TCP");
        need(pod, keycloak, 8443);
        need(pod, idp, 443);
      }
      need(nats, nats, 6222);
      need(replica, primary, 5432);
      need(primary, replica, 8000);
      need(operator, primary, 8000);
      need(operator, replica, 8000);
      // Monitoring: Prometheus scrapes the services' metrics port, the NATS exporter and
      // CloudNativePG's exporter; the services send traces to the collector.
      const prometheus = one("prometheus", name("prometheus"));
      const collector = one("otel-collector", name("opentelemetry-collector"));
      for (const service of services) {
        need(prometheus, service, 9464);
        need(service, collector, 4318);
      }
      need(prometheus, nats, 7777);
      need(prometheus, primary, 9187);
      need(prometheus, replica, 9187);
      expect(refused).toEqual([]);
    });

    it("keeps the national picture to its paths: no database, SMS, mail, or callers but the dashboard", () => {
      const nationalPods = podsOf(w, (l) => l["krisstod.se/tier"] === "national");
      const byName = (n: string) => w.pods.find((p) => p.labels["app.kubernetes.io/name"] === n) as Pod;
      const primary = w.pods.find((p) => p.labels["cnpg.io/cluster"] === "krisstod-db") as Pod;
      const opened: string[] = [];
      const shut = (from: Pod, to: Pod, port: number) => {
        if (allowed(policies, w, from, to, port)) opened.push(`${from.name} → ${to.name}:${port}`);
      };
      for (const pod of nationalPods) {
        const port = nationalPort(objects, pod.name);
        shut(pod, primary, 5432);
        shut(pod, smsApi, 443);
        shut(pod, relay, 587);
        shut(pod, byName("postfix"), 587);
        shut(pod, otherPrivate, 443);
        shut(byName("activation"), pod, port);
        shut(byName("keycloak"), pod, port);
        shut(byName("prometheus"), pod, port);
      }
      expect(opened).toEqual([]);
    });

    it("keeps metrics from the dashboard's proxy and monitoring from the APIs and the database", () => {
      const byName = (n: string) => w.pods.find((p) => p.labels["app.kubernetes.io/name"] === n) as Pod;
      const dashboard = byName("dashboard");
      const prometheus = byName("prometheus");
      const roster = byName("roster");
      const primary = w.pods.find((p) => p.labels["cnpg.io/cluster"] === "krisstod-db") as Pod;
      expect(allowed(policies, w, dashboard, roster, 9464)).toBe(false);
      expect(allowed(policies, w, prometheus, roster, 4101)).toBe(false);
      expect(allowed(policies, w, prometheus, primary, 5432)).toBe(false);
      expect(allowed(policies, w, prometheus, byName("nats"), 4222)).toBe(false);
    });

    it("still shuts what is not needed: nothing reaches the database from the dashboard", () => {
      const dashboard = w.pods.find((p) => p.labels["app.kubernetes.io/name"] === "dashboard") as Pod;
      const primary = w.pods.find((p) => p.labels["cnpg.io/cluster"] === "krisstod-db") as Pod;
      expect(allowed(policies, w, dashboard, primary, 5432)).toBe(false);
    });

    it("opens the internal endpoints only on their own ports, and no other private address", () => {
      const service = w.pods.find((p) => p.name === "activation") as Pod;
      expect(allowed(policies, w, service, otherPrivate, 443)).toBe(false);
      expect(allowed(policies, w, service, relay, 443)).toBe(false);
      expect(allowed(policies, w, service, idp, 587)).toBe(false);
      const dashboard = w.pods.find((p) => p.labels["app.kubernetes.io/name"] === "dashboard") as Pod;
      const keycloak = w.pods.find((p) => p.name === "keycloak") as Pod;
      // Only the ingress controller's namespace reaches the dashboard.
      expect(allowed(policies, w, keycloak, dashboard, 8080)).toBe(false);
    });
  });
});
