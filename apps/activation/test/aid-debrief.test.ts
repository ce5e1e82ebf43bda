import { createEvent, natsConnectOptions } from "@krisstod/bus";
import {
  AidCrossCountyAccepted,
  AidCrossCountyRequest,
  AidCrossCountyWorkEnded,
  type EventEnvelope,
  MyDebriefOffers,
  subjects,
} from "@krisstod/contracts";
import type { RunningService } from "@krisstod/runtime";
import { hallandPeople as people, type TestNamespace, waitFor } from "@krisstod/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { and, eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devOutbox, messages } from "../src/db/schema.ts";
import { postJson, signIn, startActivationWithRoster } from "./support.ts";

/**
 * Halland's deployment (county 13) with mutual aid across counties on and Halland's roster: Båstad
 * in Skåne asks Laholm for a support person, and when Båstad's work ends Laholm's person is offered
 * the debrief by Laholm, in Halland (Laholm 3.7). The hub is not here: the test delivers Skåne's
 * messages onto the inbound stream as the hub's source would.
 */
describe("a debrief for the one sent to another county's deployment", () => {
  const stops: (() => Promise<void>)[] = [];
  let service: RunningService;
  let ns: TestNamespace;
  let harness: NatsConnection;
  let lead: Record<string, string>;
  let support: Record<string, string>;
  const skaneNs = () => `${ns.natsNamespace}s`;

  beforeAll(async () => {
    const running = await startActivationWithRoster(
      {
        COUNTY_CODE: "13",
        MUTUAL_AID_HUB_DOMAIN: "national",
        MUTUAL_AID_HUB_STREAM: "NO_HUB_HERE",
        SENDER_POLL_MS: "25",
      },
      { lead: signIn.laholmLead, support: signIn.laholmSupport },
    );
    stops.push(running.stop);
    ({ service, ns } = running);
    ({ lead, support } = running.as);
    harness = await connect(natsConnectOptions(ns.natsUrl));
    stops.push(() => harness.close());
    const jsm = await jetstreamManager(harness);
    const inbound = subjects.aidInStream(ns.natsNamespace);
    const info = await jsm.streams.info(inbound);
    await jsm.streams.update(inbound, { ...info.config, subjects: [`${skaneNs()}.aid.>`] });
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  const deliver = async (event: EventEnvelope) => {
    await jetstream(harness).publish(subjects.aid(skaneNs(), "12", "13", event.type), JSON.stringify(event));
  };
  const fromBastad = (requestId: string) => ({
    organisationId: "kommun-1278",
    countyCode: "12",
    aggregateId: requestId,
  });

  it("is held under Båstad's request, reaches Sara by SMS and shows on her own page titled by the request's place", async () => {
    const requestId = uuidv7();
    const incidentId = uuidv7();
    await deliver(
      createEvent(AidCrossCountyRequest, {
        ...fromBastad(requestId),
        data: {
          requestId,
          incidentId,
          addressedTo: ["kommun-1381"],
          quantity: 1,
          competences: [],
          languages: [],
          anticipatedFunction: "Krisstöd",
          specialRequirements: "",
          place: "Båstads kyrka",
          from: "2026-12-06T08:00:00Z",
          to: "2026-12-06T20:00:00Z",
          contact: { name: "Britt Båstad", phone: "+46 431 770 00", email: "" },
        },
      }),
    );
    const offered = await waitFor(async () => {
      const response = await postJson(
        `${service.url}/mutual-aid/requests/${requestId}/offers`,
        { quantity: 1 },
        lead,
      );
      return response.status === 201 && ((await response.json()) as { id: string });
    });
    await deliver(
      createEvent(AidCrossCountyAccepted, {
        ...fromBastad(requestId),
        data: { requestId, offerId: offered.id },
      }),
    );
    await waitFor(async () => {
      const response = await postJson(
        `${service.url}/mutual-aid/offers/${offered.id}/deployments`,
        { personIds: [people.sp1] },
        lead,
      );
      return response.status === 201;
    });
    await deliver(
      createEvent(AidCrossCountyWorkEnded, {
        ...fromBastad(requestId),
        data: { requestId, incidentId, endedAt: new Date().toISOString() },
      }),
    );

    // Sara's page: Laholm's offer under Båstad's request (Skåne's activation is not held here).
    const mine = await waitFor(async () => {
      const response = await fetch(`${service.url}/me/debrief-offers`, { headers: support });
      const body = MyDebriefOffers.parse(await response.json());
      return body.offers[0]?.sentBy?.length ? body : undefined;
    });
    expect(mine.offers).toEqual([
      expect.objectContaining({
        aidRequestId: requestId,
        activationId: null,
        organisationId: "kommun-1381",
        via: "mutual-aid",
        incident: { id: incidentId, title: "Båstads kyrka" },
        sentBy: ["sms"],
      }),
    ]);
    // Her SMS went, under the request too.
    const { db } = service.context.database;
    const sms = await waitFor(async () => {
      const rows = await db
        .select()
        .from(messages)
        .where(and(eq(messages.personId, people.sp1), eq(messages.kind, "debrief-offer")));
      return rows.length === 1 && rows[0]?.status === "sent" && rows;
    });
    expect(sms[0]).toMatchObject({ aidRequestId: requestId, activationId: null, channel: "sms" });
    expect(sms[0]?.body).toContain("Båstads kyrka");
    expect(
      await db
        .select()
        .from(devOutbox)
        .where(eq(devOutbox.messageId, sms[0]?.id ?? "")),
    ).toMatchObject([{ aidRequestId: requestId, activationId: null }]);
  });
});
