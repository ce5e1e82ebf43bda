import type { CountyCode, OrganisationId } from "./ids.ts";

/**
 * The NATS subject scheme. Every subject starts with a namespace token (production: "ks";
 * tests: one namespace per test file) so environments never see each other's traffic.
 *
 *   {ns}.events.{county}.{organisation}.{event type}   e.g. ks.events.13.kommun-1380.incident.opened
 *   {ns}.rpc.{service}.{operation}                     request/reply between services
 *
 * County and organisation come before the event type so that one county (or one organisation)
 * can subscribe to its own events only: `ks.events.13.>`.
 */
const streamToken = (ns: string) => ns.toUpperCase().replace(/[^A-Z0-9]/g, "_");

export const subjects = {
  event(ns: string, county: CountyCode, organisation: OrganisationId, type: string): string {
    return `${ns}.events.${county}.${organisation}.${type}`;
  },
  allEvents(ns: string): string {
    return `${ns}.events.>`;
  },
  countyEvents(ns: string, county: CountyCode): string {
    return `${ns}.events.${county}.>`;
  },
  organisationEvents(ns: string, county: CountyCode, organisation: OrganisationId): string {
    return `${ns}.events.${county}.${organisation}.>`;
  },
  rpc(ns: string, service: string, operation: string): string {
    return `${ns}.rpc.${service}.${operation}`;
  },
  /**
   * The reply inbox prefix of a NATS user's connection: only that user may subscribe below it, so
   * nobody else reads the answers it is sent.
   */
  inbox(user: string): string {
    return `_INBOX.${user}`;
  },
  /**
   * The national hub's stream (#23): no subjects of its own, it sources every county's event
   * stream across the leaf links (infra/nats/national-sources.json).
   */
  nationalStream(ns: string): string {
    return `${ns.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_NATIONAL`;
  },
  /**
   * Mutual aid between counties that run their own deployments (#23): `{ns}.aid.{from}.{to}.{type}`,
   * published by the sending county's activation service into its own outbound stream, sourced
   * by the hub's exchange stream and from there by the receiving county's inbound stream.
   */
  aid(ns: string, fromCounty: CountyCode, toCounty: CountyCode, type: string): string {
    return `${ns}.aid.${fromCounty}.${toCounty}.${type}`;
  },
  /** What a county sends: only its own county as the sender. */
  aidFrom(ns: string, fromCounty: CountyCode): string {
    return `${ns}.aid.${fromCounty}.>`;
  },
  /** What is addressed to a county, from any county's namespace. */
  aidTo(toCounty: CountyCode): string {
    return `*.aid.*.${toCounty}.>`;
  },
  /** The county's outbound mutual-aid stream (subjects `{ns}.aid.>`). */
  aidOutStream(ns: string): string {
    return `${streamToken(ns)}_AID_OUT`;
  },
  /** The county's inbound mutual-aid stream: no subjects, sources the hub's exchange stream. */
  aidInStream(ns: string): string {
    return `${streamToken(ns)}_AID_IN`;
  },
  /** The hub's exchange stream: no subjects, sources every county's outbound stream. */
  aidExchangeStream(ns: string): string {
    return `${streamToken(ns)}_AID`;
  },
  /** The JetStream stream holding every event of a namespace. */
  eventStream(ns: string): string {
    return `${ns.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_EVENTS`;
  },
};
