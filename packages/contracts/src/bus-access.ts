import type { Producer } from "./envelope.ts";
import { rosterRpc } from "./roster.ts";

/**
 * What each service may do on the bus: the event types it publishes (by the first token of the
 * type), the durable consumers it keeps (name and filter below the namespace), the request/reply
 * operations it answers and those it calls. The NATS authorisation of every environment is
 * generated from this table (@krisstod/bus `natsAuthorization`), and consumers use it to refuse an
 * event whose envelope names a producer that may not publish it.
 */
export interface BusAccess {
  /** First tokens of the event types this service alone publishes, e.g. "incident" for incident.opened. */
  readonly eventPrefixes: readonly string[];
  /** Durable consumers: name, and filter subject without the namespace token (e.g. "events.>"). */
  readonly consumers: readonly { readonly durable: string; readonly filter: string }[];
  /** Request/reply operations it answers: `{ns}.rpc.{service}.{operation}`. */
  readonly serves: readonly string[];
  /** Operations of other services it calls. */
  readonly calls: readonly { readonly service: Producer; readonly operation: string }[];
}

export const busAccess: Record<Producer, BusAccess> = {
  roster: {
    eventPrefixes: ["roster"],
    consumers: [{ durable: "roster-mutual-aid-deployments", filter: "events.*.*.mutual-aid.>" }],
    serves: Object.values(rosterRpc),
    calls: [],
  },
  activation: {
    eventPrefixes: ["incident", "activation", "mutual-aid", "region-request", "faith-request"],
    consumers: [{ durable: "activation-centre-staff", filter: "events.*.*.centre.staff-checked-in" }],
    serves: [],
    calls: [
      { service: "roster", operation: rosterRpc.activators },
      { service: "roster", operation: rosterRpc.callList },
      { service: "roster", operation: rosterRpc.debriefContacts },
    ],
  },
  "support-centres": {
    eventPrefixes: ["centre"],
    consumers: [{ durable: "support-centres-incident-locations", filter: "events.*.*.incident.>" }],
    serves: [],
    calls: [
      { service: "roster", operation: rosterRpc.speakers },
      { service: "roster", operation: rosterRpc.languagesOf },
    ],
  },
  reporting: {
    eventPrefixes: ["reporting"],
    consumers: [
      { durable: "reporting-picture", filter: "events.>" },
      { durable: "reporting-after-action", filter: "events.*.*.activation.>" },
      { durable: "reporting-shift-hours", filter: "events.*.*.centre.shift-completed" },
      { durable: "reporting-aid-participants", filter: "events.*.*.mutual-aid.deployed" },
    ],
    serves: [],
    calls: [],
  },
};

/** The one service allowed to publish events of this type, or undefined for an unknown type. */
export function producerOfEventType(type: string): Producer | undefined {
  const prefix = type.split(".")[0];
  for (const [service, access] of Object.entries(busAccess)) {
    if (prefix !== undefined && access.eventPrefixes.includes(prefix)) return service as Producer;
  }
  return undefined;
}
