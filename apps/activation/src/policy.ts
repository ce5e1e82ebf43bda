import type { Role } from "@krisstod/contracts";

/**
 * Who may do what in this service — the one place to change when `@krisstod/auth` is wired in:
 * `definePolicy(policy)`, `defineRoutes(policy, routes)` and `guardRoutes(verifier, …)` in app.ts.
 * Until then requests are not authenticated; the activation decision itself is checked against the
 * roster's authorised functions (a domain rule that holds in addition to these roles).
 */
type Entry =
  | { roles: readonly Role[]; scope?: "own-organisation" | "own-county" | "any-organisation" }
  | { public: true };

const leads: Role[] = ["posom-lead", "ledningsgrupp", "pkl-lead", "region-tib"];

export const policy = {
  "incident.open": { roles: ["activator", ...leads] },
  "incident.list": { roles: ["county-observer", "activator", ...leads], scope: "own-county" },
  "incident.read": { roles: ["county-observer", "activator", ...leads], scope: "own-county" },
  "incident.close": { roles: ["activator", ...leads] },
  "incident.activations": { roles: ["county-observer", "activator", ...leads], scope: "own-county" },
  "activation.decide": { roles: ["activator", ...leads] },
  "activation.read": { roles: ["activator", ...leads] },
  "activation.fallback": { roles: ["activator", ...leads] },
  // The signed, single-use link is the credential: support persons answer without an account.
  "call-out.answer-page": { public: true },
  "call-out.answer": { public: true },
  "mutual-aid.request": { roles: ["posom-lead", "ledningsgrupp", "pkl-lead"] },
  "mutual-aid.list": {
    roles: ["county-observer", "posom-lead", "ledningsgrupp", "pkl-lead"],
    scope: "own-county",
  },
  "mutual-aid.offer": { roles: ["posom-lead", "ledningsgrupp", "pkl-lead"] },
  "mutual-aid.accept": { roles: ["posom-lead", "ledningsgrupp", "pkl-lead"] },
  "mutual-aid.deploy": { roles: ["posom-lead", "ledningsgrupp", "pkl-lead"] },
  "mutual-aid.release": { roles: ["posom-lead", "ledningsgrupp", "pkl-lead"] },
  "dev-outbox.list": { roles: ["org-admin", ...leads] },
} as const satisfies Record<string, Entry>;
export type Action = keyof typeof policy;

export const routes: readonly { method: "GET" | "POST"; path: string; action: Action }[] = [
  { method: "POST", path: "/incidents", action: "incident.open" },
  { method: "GET", path: "/incidents", action: "incident.list" },
  { method: "GET", path: "/incidents/:id", action: "incident.read" },
  { method: "POST", path: "/incidents/:id/close", action: "incident.close" },
  { method: "GET", path: "/incidents/:id/activations", action: "incident.activations" },
  { method: "POST", path: "/activations", action: "activation.decide" },
  { method: "GET", path: "/activations/:id", action: "activation.read" },
  { method: "POST", path: "/activations/:id/fallback", action: "activation.fallback" },
  { method: "GET", path: "/call-outs/:id/answer", action: "call-out.answer-page" },
  { method: "POST", path: "/call-outs/:id/answer", action: "call-out.answer" },
  { method: "POST", path: "/mutual-aid/requests", action: "mutual-aid.request" },
  { method: "GET", path: "/mutual-aid/requests", action: "mutual-aid.list" },
  { method: "GET", path: "/mutual-aid/requests/:id", action: "mutual-aid.list" },
  { method: "POST", path: "/mutual-aid/requests/:id/offers", action: "mutual-aid.offer" },
  { method: "POST", path: "/mutual-aid/offers/:id/accept", action: "mutual-aid.accept" },
  { method: "POST", path: "/mutual-aid/offers/:id/deployments", action: "mutual-aid.deploy" },
  { method: "POST", path: "/mutual-aid/offers/:id/release", action: "mutual-aid.release" },
  { method: "GET", path: "/dev/outbox", action: "dev-outbox.list" },
];
