import type { ManagedChild } from "./children.ts";

/** The demo user the example signs in as: Halmstad's POSOM lead, if the issuer has that user. */
export async function findDemoUser(
  issuerUrl: string,
): Promise<{ issuerUrl: string; userId: string } | undefined> {
  const userId = "kommun-1380.posom-lead";
  try {
    const response = await fetch(`${issuerUrl}/demo-users`, { signal: AbortSignal.timeout(2_000) });
    const users: unknown = await response.json();
    const known = Array.isArray(users) && users.some((user: { userId?: unknown }) => user.userId === userId);
    return known ? { issuerUrl, userId } : undefined;
  } catch {
    return undefined;
  }
}

/** What the launcher prints once everything answers ready. */
export function readyBanner(options: {
  children: readonly ManagedChild[];
  database: string;
  nats: string;
  /** A demo user of the development issuer to sign in as in the example, if one runs. */
  demoUser?: { issuerUrl: string; userId: string } | undefined;
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
  const { demoUser } = options;
  if (demoUser) {
    lines.push(
      `Get an access token (demo users: ${demoUser.issuerUrl}/demo-users):`,
      `  TOKEN=$(curl -sS -X POST ${demoUser.issuerUrl}/token -H 'content-type: application/json' -d '{"userId":"${demoUser.userId}"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
      "",
    );
  }
  if (activation) {
    const auth = demoUser ? ` -H "authorization: Bearer $TOKEN"` : "";
    lines.push("Create an incident:", `  ${curlExample(activation.spec.url)}${auth}`, "");
  }
  lines.push("Stop everything with Ctrl-C.", "");
  return lines.join("\n");
}

function curlExample(activationUrl: string): string {
  // A body that satisfies CreateIncidentBody in @krisstod/contracts: Halmstad, Hallands län (13).
  const body = {
    organisationId: "kommun-1380",
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
