// NATS in every rendered overlay shuts down in lame-duck mode within the pod's grace period, and
// its JetStream file store fits on its volume (issue 25): the preStop hook's `--signal ldm=…`
// takes a PID or a PID file (`/proc/1/exe` was read as a PID file: "invalid pid"), the config's
// lame_duck_duration + lame_duck_grace_period end before terminationGracePeriodSeconds, and
// max_file_store is no larger than the PersistentVolumeClaim.
import { describe, expect, it } from "vitest";
import { type K8sObject, overlays, renderer, renderOverlay } from "./k8s-render.ts";

/** A NATS duration (`30s`, `2m`, `1h`) in seconds. */
function seconds(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim());
  if (!match) throw new Error(`not a duration: ${value}`);
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600 }[match[2] as "ms" | "s" | "m" | "h"];
  return Number(match[1]) * factor;
}

/** A size in bytes; NATS's `GB` is taken as the larger reading (GiB), Kubernetes' suffixes exactly. */
function bytes(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]i?B?|[KMGT]B?)?$/i.exec(value.trim());
  if (!match) throw new Error(`not a size: ${value}`);
  const unit = (match[2] ?? "").toUpperCase().replace(/B$/, "");
  const power = { "": 0, K: 1, M: 2, G: 3, T: 4 }[unit.replace("I", "")] ?? 0;
  const binary = unit.endsWith("I") || /B$/i.test(match[2] ?? "");
  return Number(match[1]) * (binary ? 1024 : 1000) ** power;
}

const setting = (conf: string, key: string) =>
  new RegExp(`^\\s*${key}\\s*[:=]?\\s*"?([^"\\s#]+)"?`, "m").exec(conf)?.[1];

describe.skipIf(!renderer)("NATS shutdown and storage in the Kubernetes overlays", () => {
  it("reads sizes and durations as NATS and Kubernetes do", () => {
    expect(seconds("2m")).toBe(120);
    expect(bytes("20GB")).toBe(20 * 1024 ** 3);
    expect(bytes("25Gi")).toBe(25 * 1024 ** 3);
    expect(bytes("10Gi")).toBeLessThan(bytes("20GB"));
  });

  describe.each(overlays)("overlay %s", (overlay) => {
    const objects = renderer ? renderOverlay(overlay) : [];
    const nats = objects.find((o) => o.kind === "StatefulSet" && o.metadata.name === "nats") as K8sObject;
    const pod = nats?.spec.template.spec;
    const container = pod?.containers.find((c: { name: string }) => c.name === "nats");
    const conf =
      objects.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("nats-config"))?.data?.[
        "nats-server.conf"
      ] ?? "";

    it("signals lame duck to the server's PID (or its pid_file) before it stops", () => {
      const command: string[] = container?.lifecycle?.preStop?.exec?.command ?? [];
      expect(command[0]).toMatch(/(^|\/)nats-server$/);
      const signal = command.slice(1).join(" ");
      const target = /^(?:--signal |-sl[= ]|--signal=)ldm=(\S+)$/.exec(signal)?.[1];
      expect(target, `preStop ${JSON.stringify(command)}`).toBeDefined();
      if (!/^\d+$/.test(target as string)) expect(setting(conf, "pid_file")).toBe(target);
    });

    it("finishes lame duck inside the termination grace period", () => {
      const duration = setting(conf, "lame_duck_duration");
      expect(duration, "lame_duck_duration (the default 2m outlasts the grace period)").toBeDefined();
      const grace = seconds(setting(conf, "lame_duck_grace_period") ?? "10s");
      const total = seconds(duration as string) + grace;
      expect(total).toBeLessThan(pod.terminationGracePeriodSeconds ?? 30);
    });

    it("keeps JetStream's max_file_store within the volume and the stream's max_bytes within that", () => {
      const maxFileStore = setting(conf, "max_file_store");
      expect(maxFileStore).toBeDefined();
      const claim = nats.spec.volumeClaimTemplates.find(
        (t: { metadata: { name: string } }) => t.metadata.name === "data",
      );
      expect(bytes(maxFileStore as string)).toBeLessThanOrEqual(bytes(claim.spec.resources.requests.storage));
      const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "krisstod-config");
      const maxBytes = config?.data?.NATS_STREAM_MAX_BYTES;
      expect(maxBytes, "NATS_STREAM_MAX_BYTES in krisstod-config").toBeDefined();
      expect(Number(maxBytes)).toBeGreaterThan(0);
      expect(Number(maxBytes)).toBeLessThan(bytes(maxFileStore as string));
    });
  });
});
