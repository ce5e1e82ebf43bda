import type { ManagedChild } from "./children.ts";

/** What the launcher prints once everything answers ready. */
export function readyBanner(options: {
  children: readonly ManagedChild[];
  database: string;
  nats: string;
}): string {
  const rows: [string, string][] = [
    ...options.children.map((child): [string, string] => [child.name, child.spec.url]),
    ["PostgreSQL", options.database],
    ["NATS", options.nats],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const activation = options.children.find((child) => child.name === "activation");
  const lines = [
    "",
    "Krisstöd is ready.",
    "",
    ...rows.map(([name, url]) => `  ${name.padEnd(width)}  ${url}`),
    "",
  ];
  if (activation) {
    lines.push("Create an incident:", `  ${curlExample(activation.spec.url)}`, "");
  }
  lines.push("Stop everything with Ctrl-C.", "");
  return lines.join("\n");
}

function curlExample(activationUrl: string): string {
  // A body that satisfies CreateIncidentBody in @krisstod/contracts: Halmstad, Hallands län (13).
  const body = {
    organisationId: "halmstad",
    countyCode: "13",
    kind: "fire",
    title: "Brand i flerbostadshus",
    description: "Brand på Andersberg, flera familjer evakuerade.",
    location: { lat: 56.6634, lon: 12.8924, address: "Andersberg, Halmstad" },
    occurredAt: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    affectedMunicipalities: ["1380"],
    extraordinary: false,
    crisisManagementActivated: false,
  };
  return `curl -sS -X POST ${activationUrl}/incidents -H 'content-type: application/json' -d '${JSON.stringify(body)}'`;
}
