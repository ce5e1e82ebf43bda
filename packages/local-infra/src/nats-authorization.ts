import { type BusAccess, busAccess, type Producer, subjects } from "@krisstod/contracts";

/**
 * NATS authorisation generated from the bus access table of @krisstod/contracts: one user per
 * service whose permissions list exactly what it publishes, consumes, answers and calls, and the
 * JetStream API calls behind those. The launcher and the test harness write this into the config
 * of the nats-server they start; infra/nats/authorization.conf is the same text for production
 * (checked by a test), with the passwords taken from the environment.
 */

export interface NatsPermissions {
  publish: { allow: string[]; deny: string[] };
  subscribe: { allow: string[] };
  /** The responder may answer a request it received (its reply subject), and nothing else in _INBOX. */
  allow_responses: boolean;
}

/**
 * `namespace` is the first subject token: one namespace (production: "ks"), or "*" when many live
 * on one server (the tests: one per test file), which then also leaves the stream name open.
 */
export function servicePermissions(service: Producer, namespace: string, county = "*"): NatsPermissions {
  const access: BusAccess = busAccess[service];
  const ns = namespace;
  const stream = ns === "*" ? "*" : subjects.eventStream(ns);
  const api = "$JS.API";
  const mine = new Set(access.consumers.map((c) => c.durable));
  const others = Object.values(busAccess)
    .flatMap((a) => a.consumers.map((c) => c.durable))
    .filter((durable) => !mine.has(durable));
  const publish = [
    // jetstreamManager() asks for the account's JetStream info first.
    `${api}.INFO`,
    // Every service makes sure the event stream exists at start.
    `${api}.STREAM.INFO.${stream}`,
    `${api}.STREAM.CREATE.${stream}`,
    `${api}.STREAM.UPDATE.${stream}`,
    ...access.eventPrefixes.map((prefix) => `${ns}.events.*.*.${prefix}.>`),
    ...access.consumers.flatMap(({ durable, filter }) => [
      `${api}.CONSUMER.CREATE.${stream}.${durable}.${ns}.${filter}`,
      `${api}.CONSUMER.INFO.${stream}.${durable}`,
      `${api}.CONSUMER.MSG.NEXT.${stream}.${durable}`,
      `$JS.ACK.${stream}.${durable}.>`,
    ]),
    // The catch-up after a crash (and reporting's rebuild) reads with an ordered consumer, whose
    // name is generated: any name, but only with the service's own filters.
    ...access.consumers.map(({ filter }) => `${api}.CONSUMER.CREATE.${stream}.*.${ns}.${filter}`),
    ...(access.consumers.length > 0
      ? [
          `${api}.CONSUMER.INFO.${stream}.*`,
          `${api}.CONSUMER.MSG.NEXT.${stream}.*`,
          `${api}.CONSUMER.DELETE.${stream}.*`,
        ]
      : []),
    ...access.calls.map(({ service: callee, operation }) => subjects.rpc(ns, callee, operation)),
    ...auditCheckpointPermissions(service, ns),
    ...aidExchangePermissions(service, ns, county),
  ];
  // An ordered consumer's wildcard name must not reach another service's durable.
  const deny = others.flatMap((durable) => [
    `${api}.CONSUMER.CREATE.${stream}.${durable}`,
    `${api}.CONSUMER.CREATE.${stream}.${durable}.>`,
    `${api}.CONSUMER.DURABLE.CREATE.${stream}.${durable}`,
    `${api}.CONSUMER.INFO.${stream}.${durable}`,
    `${api}.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    `${api}.CONSUMER.DELETE.${stream}.${durable}`,
  ]);
  return {
    publish: { allow: publish, deny },
    subscribe: {
      allow: [
        `${subjects.inbox(service)}.>`,
        ...access.serves.map((operation) => subjects.rpc(ns, service, operation)),
      ],
    },
    allow_responses: access.serves.length > 0,
  };
}

/**
 * Mutual aid between counties' deployments (#23), for the service that publishes mutual aid: it
 * sends only as its own county (`{ns}.aid.{county}.…`), keeps the county's outbound and inbound
 * streams (subjects.aidOutStream, aidInStream) and reads the inbound one with its durable (no
 * filter: the stream holds only what is addressed to the county) or, catching up, an ordered
 * consumer. `county` "*" where the file is not for one county (a county alone, the tests).
 */
export const AID_INBOX_DURABLE = "activation-aid-inbox";

function aidExchangePermissions(service: Producer, ns: string, county: string): string[] {
  if (!busAccess[service].eventPrefixes.includes("mutual-aid")) return [];
  const api = "$JS.API";
  const outbound = ns === "*" ? "*" : subjects.aidOutStream(ns);
  const inbound = ns === "*" ? "*" : subjects.aidInStream(ns);
  return [
    `${ns}.aid.${county}.*.mutual-aid.>`,
    ...[outbound, inbound].flatMap((stream) => [
      `${api}.STREAM.INFO.${stream}`,
      `${api}.STREAM.CREATE.${stream}`,
      `${api}.STREAM.UPDATE.${stream}`,
    ]),
    `${api}.CONSUMER.CREATE.${inbound}.${AID_INBOX_DURABLE}`,
    `${api}.CONSUMER.INFO.${inbound}.${AID_INBOX_DURABLE}`,
    `${api}.CONSUMER.MSG.NEXT.${inbound}.${AID_INBOX_DURABLE}`,
    `$JS.ACK.${inbound}.${AID_INBOX_DURABLE}.>`,
    `${api}.CONSUMER.CREATE.${inbound}.*`,
    `${api}.CONSUMER.INFO.${inbound}.*`,
    `${api}.CONSUMER.MSG.NEXT.${inbound}.*`,
    `${api}.CONSUMER.DELETE.${inbound}.*`,
  ];
}

/**
 * The audit trail's signed checkpoints (@krisstod/audit checkpoints.ts): the namespace's checkpoint
 * stream, created by whichever service starts first; each service publishes on its own subject
 * and reads back its own (the last one by subject, and all of them in order to verify).
 */
function auditCheckpointPermissions(service: Producer, ns: string): string[] {
  const api = "$JS.API";
  const stream = ns === "*" ? "*" : `${ns.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_AUDIT_CHECKPOINTS`;
  const subject = `${ns}.audit.checkpoints.${service}`;
  return [
    `${api}.STREAM.INFO.${stream}`,
    `${api}.STREAM.CREATE.${stream}`,
    `${api}.STREAM.MSG.GET.${stream}`,
    subject,
    `${api}.CONSUMER.CREATE.${stream}.*.${subject}`,
    `${api}.CONSUMER.INFO.${stream}.*`,
    `${api}.CONSUMER.MSG.NEXT.${stream}.*`,
    `${api}.CONSUMER.DELETE.${stream}.*`,
  ];
}

export interface NatsUser {
  user: string;
  /** A literal password, or `$VARIABLE` to have nats-server read it from its environment. */
  password: string;
  permissions?: NatsPermissions;
}

/** The services' users for a namespace, with the given password (literal or `$VARIABLE`) each. */
export function serviceUsers(
  namespace: string,
  password: (service: Producer) => string,
  county = "*",
): NatsUser[] {
  return (Object.keys(busAccess) as Producer[]).map((service) => ({
    user: service,
    password: password(service),
    permissions: servicePermissions(service, namespace, county),
  }));
}

/**
 * The national picture's NATS user (reporting with REPORTING_MODE=national at the hub, #23): it
 * reads the national stream with ordered consumers and may do nothing else — no event subject, no
 * county stream, no call. The national stream has no subjects of its own (it sources the
 * counties' streams), so reading it is all the national picture needs.
 */
export const NATIONAL_REPORTING_USER = "national-reporting";

export function nationalReportingPermissions(namespace: string): NatsPermissions {
  const api = "$JS.API";
  const stream = namespace === "*" ? "*" : subjects.nationalStream(namespace);
  return {
    publish: {
      allow: [
        `${api}.INFO`,
        `${api}.STREAM.INFO.${stream}`,
        // Ordered consumers (generated names), with or without a filter subject.
        `${api}.CONSUMER.CREATE.${stream}.*`,
        `${api}.CONSUMER.CREATE.${stream}.*.>`,
        `${api}.CONSUMER.INFO.${stream}.*`,
        `${api}.CONSUMER.MSG.NEXT.${stream}.*`,
        `${api}.CONSUMER.DELETE.${stream}.*`,
      ],
      // With namespace "*" (tests) the stream name is a wildcard; the hub holds no county stream.
      deny: [],
    },
    subscribe: { allow: [`${subjects.inbox(NATIONAL_REPORTING_USER)}.>`] },
    allow_responses: false,
  };
}

export function nationalReportingUser(namespace: string, password: string): NatsUser {
  return { user: NATIONAL_REPORTING_USER, password, permissions: nationalReportingPermissions(namespace) };
}

/**
 * Who keeps the hub's own streams (#23): the national stream and the mutual-aid exchange, as
 * infra/nats/national-sources.json and national-aid.json define them. Reporting's one-shot hub
 * set-up (REPORTING_MODE=hub-setup, the national picture's init container) logs in as it at every
 * start: it may look up, create and update those two streams and nothing else — no consumer, no
 * message, no county stream.
 */
export const NATIONAL_SETUP_USER = "national-setup";

export function nationalSetupPermissions(namespace: string): NatsPermissions {
  const api = "$JS.API";
  const streams =
    namespace === "*" ? ["*"] : [subjects.nationalStream(namespace), subjects.aidExchangeStream(namespace)];
  return {
    publish: {
      allow: [
        `${api}.INFO`,
        ...streams.flatMap((stream) => [
          `${api}.STREAM.INFO.${stream}`,
          `${api}.STREAM.CREATE.${stream}`,
          `${api}.STREAM.UPDATE.${stream}`,
        ]),
      ],
      deny: [],
    },
    subscribe: { allow: [`${subjects.inbox(NATIONAL_SETUP_USER)}.>`] },
    allow_responses: false,
  };
}

export function nationalSetupUser(namespace: string, password: string): NatsUser {
  return { user: NATIONAL_SETUP_USER, password, permissions: nationalSetupPermissions(namespace) };
}

/**
 * Who creates the national stream where one nats-server is both the county and the hub (`npm
 * start`): the launcher, as an operator does at the hub (`nats stream add` with
 * infra/nats/national-sources.json). It may look up and create that one stream and nothing else.
 */
export const NATIONAL_STREAM_OPERATOR = "national-stream-operator";

export function nationalStreamOperatorUser(namespace: string, password: string): NatsUser {
  const api = "$JS.API";
  const stream = subjects.nationalStream(namespace);
  return {
    user: NATIONAL_STREAM_OPERATOR,
    password,
    permissions: {
      publish: {
        allow: [`${api}.INFO`, `${api}.STREAM.INFO.${stream}`, `${api}.STREAM.CREATE.${stream}`],
        deny: [],
      },
      subscribe: { allow: [`${subjects.inbox(NATIONAL_STREAM_OPERATOR)}.>`] },
      allow_responses: false,
    },
  };
}

/** The `authorization { … }` block of a nats-server configuration. */
export function renderAuthorization(users: NatsUser[]): string {
  const quote = (value: string) => JSON.stringify(value);
  const list = (values: string[]) => `[${values.map(quote).join(", ")}]`;
  const password = (value: string) => (/^\$[A-Z][A-Z0-9_]*$/.test(value) ? value : quote(value));
  const lines = ["authorization {", "  users: ["];
  for (const user of users) {
    lines.push("    {", `      user: ${quote(user.user)}`, `      password: ${password(user.password)}`);
    const p = user.permissions;
    if (p) {
      lines.push(
        "      permissions: {",
        `        publish: { allow: ${list(p.publish.allow)}${p.publish.deny.length > 0 ? `, deny: ${list(p.publish.deny)}` : ""} }`,
        `        subscribe: { allow: ${list(p.subscribe.allow)} }`,
        ...(p.allow_responses ? ["        allow_responses: true"] : []),
        "      }",
      );
    }
    lines.push("    }");
  }
  lines.push("  ]", "}");
  return `${lines.join("\n")}\n`;
}

/** The environment variable that holds a service's NATS password in production configurations. */
export function passwordVariable(service: Producer): string {
  return `NATS_${service.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_PASSWORD`;
}

/**
 * The production authorization file (infra/nats/authorization.conf) for a namespace: the services'
 * users with their passwords read by nats-server from NATS_<SERVICE>_PASSWORD in its environment.
 */
export function natsAuthorizationFile(
  namespace: string,
  options: { national?: boolean; county?: string } = {},
): string {
  const users = serviceUsers(namespace, (service) => `$${passwordVariable(service)}`, options.county);
  // The national hub also serves the national picture, as its own user (NATS_NATIONAL_REPORTING_PASSWORD).
  // and keeps its own streams at every start of the national picture (NATS_NATIONAL_SETUP_PASSWORD).
  if (options.national) {
    users.push(
      nationalReportingUser(namespace, "$NATS_NATIONAL_REPORTING_PASSWORD"),
      nationalSetupUser(namespace, "$NATS_NATIONAL_SETUP_PASSWORD"),
    );
  }
  return [
    "# Generated by `npm run nats:authorization` from @krisstod/contracts busAccess; do not edit.",
    "# One user per service, allowed exactly its own events, consumers, answers and calls, and the",
    "# JetStream API calls behind them. Included by the NATS server configs; each password comes from",
    "# nats-server's environment (NATS_<SERVICE>_PASSWORD, from .env or a Kubernetes Secret).",
    renderAuthorization(users),
  ].join("\n");
}

/**
 * Every checked-in authorization file, with the subject namespace of the NATS it is for. Each county
 * in the national topology has its own namespace (`ks<county code>`): the leaf link joins the
 * counties' subject spaces, so with one namespace for all a county's event stream would also store
 * every other county's events. A county running alone, compose and the base keep `ks`; the hub's
 * national stream is `KS_NATIONAL` and its file also has the national picture's user.
 */
export const AUTHORIZATION_FILES: readonly {
  file: string;
  namespace: string;
  national: boolean;
  /** The county a county's file is for: its services send mutual aid only as that county. */
  county?: string;
}[] = [
  { file: "infra/nats/authorization.conf", namespace: "ks", national: false },
  { file: "infra/nats/authorization-halland.conf", namespace: "ks13", national: false, county: "13" },
  { file: "infra/k8s/base/nats/authorization.conf", namespace: "ks", national: false },
  {
    file: "infra/k8s/overlays/county-halland/authorization-halland.conf",
    namespace: "ks13",
    national: false,
    county: "13",
  },
  { file: "infra/k8s/overlays/national/authorization.conf", namespace: "ks", national: true },
];
