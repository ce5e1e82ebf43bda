import { activationService } from "@krisstod/activation";
import { busAccess, type Producer } from "@krisstod/contracts";
import { nationalReportingPermissions } from "@krisstod/local-infra";
import { reportingService } from "@krisstod/reporting";
import { rosterService } from "@krisstod/roster";
import type { ServiceDefinition } from "@krisstod/runtime";
import { supportCentresService } from "@krisstod/support-centres";
import { describe, expect, it } from "vitest";

/**
 * The NATS authorization of every environment is generated from busAccess, so a durable consumer a
 * service starts but busAccess does not list is refused its acknowledgements in production: every
 * event would be redelivered for ever. Each service's consumers must be the ones busAccess grants,
 * with the same filter.
 */
const services: Record<Producer, ServiceDefinition> = {
  roster: rosterService,
  activation: activationService,
  "support-centres": supportCentresService,
  reporting: reportingService,
};
const NAMESPACE = "ks";

describe("bus access covers every consumer a service starts", () => {
  for (const [name, definition] of Object.entries(services) as [Producer, ServiceDefinition][]) {
    it(`${name}: the consumers it starts are exactly those busAccess grants`, () => {
      const started = (definition.consumers ?? [])
        .map((consumer) => ({ durable: consumer.durable, filter: consumer.filterSubject(NAMESPACE) }))
        .sort((a, b) => a.durable.localeCompare(b.durable));
      const granted = busAccess[name].consumers
        .map((consumer) => ({ durable: consumer.durable, filter: `${NAMESPACE}.${consumer.filter}` }))
        .sort((a, b) => a.durable.localeCompare(b.durable));
      expect(started).toEqual(granted);
    });
  }
});

describe("the national picture's NATS user (REPORTING_MODE=national at the hub)", () => {
  it("may read the national stream and nothing else: no event subject, no county stream, no call", () => {
    const { publish, subscribe, allow_responses } = nationalReportingPermissions(NAMESPACE);
    expect(publish.allow.length).toBeGreaterThan(0);
    for (const subject of publish.allow)
      expect(subject === "$JS.API.INFO" || subject.split(".").includes("KS_NATIONAL"), subject).toBe(true);
    expect(subscribe.allow).toEqual(["_INBOX.national-reporting.>"]);
    expect(allow_responses).toBe(false);
  });
});
