import { createEvent, natsConnectOptions } from "@krisstod/bus";
import {
  AidCrossCountyAnswer,
  AidCrossCountyStaffing,
  type AidRequest,
  type EventEnvelope,
  subjects,
} from "@krisstod/contracts";
import { client, harnessUrl, waitFor } from "@krisstod/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { Page } from "playwright-core";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { en } from "../src/i18n/en.ts";
import { sv } from "../src/i18n/sv.ts";
import { goTo, LIVE_MS, openPage, viewports } from "./browser.ts";
import { signIn } from "./sign-in.ts";
import { demoIssuer, type FullStack, openIncident, startFullStack } from "./stack.ts";

// Mutual aid across deployments (#23), seen by the asker: Laholm, in Halland's deployment, asks
// Båstad, which answers from Skåne's; Båstad's deployment reports how many it has on site and how
// many released, and Laholm's lead sees that on the request, in Swedish and in English — counts
// only. Halland's deployment is real (every service, Chromium); Skåne's messages are published as
// the hub would deliver them (as in apps/activation/src/mutual-aid/exchange.test.ts).

const INCIDENT = "Brand i Laholms sporthall";
let stack: FullStack;
let page: Page;
let errors: string[];
let harness: NatsConnection;
let skaneNs: string;
const issuer = demoIssuer((userId) => stack.tokenOf(userId));

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await client(stack.activation, issuer)
    .as({ userId: "kommun-1381.posom-lead" })
    .fetch(path, { method, ...(body === undefined ? {} : { json: body }) });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as T;
}

/** A message from Båstad in Skåne, as the hub's exchange stream would deliver it to Halland. */
async function fromBastad(event: EventEnvelope) {
  await jetstream(harness).publish(subjects.aid(skaneNs, "12", "13", event.type), JSON.stringify(event));
}

describe("mutual aid from another county's deployment, seen by the asker", () => {
  beforeAll(async () => {
    stack = await startFullStack({
      settings: {
        activation: {
          COUNTY_CODE: "13",
          MUTUAL_AID_HUB_DOMAIN: "national",
          MUTUAL_AID_HUB_STREAM: "NO_HUB_HERE",
        },
      },
    });
    const env = stack.activation.context.env;
    harness = await connect(natsConnectOptions(harnessUrl(env.NATS_URL, inject("natsSecrets"))));
    // No hub here: the inbound stream takes what Skåne's namespace would send through it.
    skaneNs = `${env.NATS_NAMESPACE}s`;
    const jsm = await jetstreamManager(harness);
    const inbound = subjects.aidInStream(env.NATS_NAMESPACE);
    const info = await jsm.streams.info(inbound);
    await jsm.streams.update(inbound, { ...info.config, subjects: [`${skaneNs}.aid.>`] });
    const desktop = viewports.find((v) => v.name === "desktop") ?? viewports[0];
    if (!desktop) throw new Error("no desktop viewport");
    ({ page, errors } = await openPage(stack.browser, desktop));
  }, 240_000);
  afterAll(async () => {
    await harness?.close();
    await stack?.close();
  });

  it("shows how many of Båstad's people are on site and released, never who", async () => {
    const incidentId = await openIncident(stack, INCIDENT, { lat: 56.51, lon: 13.04 });
    const request = await api<AidRequest>("POST", "/mutual-aid/requests", {
      incidentId,
      quantity: 2,
      anticipatedFunction: "Krisstöd i stödcentrum",
      place: "Laholms sporthall",
      from: new Date().toISOString(),
      to: new Date(Date.now() + 12 * 3600_000).toISOString(),
      addressedTo: ["kommun-1278"],
    });
    const bastad = { organisationId: "kommun-1278", countyCode: "12", aggregateId: request.id };
    const offerId = uuidv7();
    await fromBastad(
      createEvent(AidCrossCountyAnswer, {
        ...bastad,
        data: {
          requestId: request.id,
          offerId,
          decision: "offered",
          quantity: 2,
          note: "",
          lead: { name: "Britt i Båstad", phone: "+46 431 770 00", email: "" },
        },
      }),
    );
    await waitFor(
      async () => (await api<AidRequest>("GET", `/mutual-aid/requests/${request.id}`)).offers.length === 1,
      {
        message: "Båstad's offer did not arrive",
      },
    );
    await api("POST", `/mutual-aid/offers/${offerId}/accept`, {});
    const asOf = new Date().toISOString();
    await fromBastad(
      createEvent(AidCrossCountyStaffing, {
        ...bastad,
        data: { requestId: request.id, offerId, onSite: 2, released: 0, asOf },
      }),
    );

    await signIn(page, "kommun-1381.posom-lead", stack.dashboard.url);
    await goTo(page, sv.nav.mutualAid);
    const panel = page.getByRole("region", { name: `Laholms kommun ber om 2 stödpersoner – ${INCIDENT}` });
    const offer = panel.getByRole("listitem").filter({ hasText: "Båstad" });
    await offer.getByText(/Enligt [^:]*Båstad[^:]*: 2 på plats, 0 hemskickade/).waitFor({ timeout: LIVE_MS });
    // Nobody of Båstad's is named here, and nothing here lets Laholm release them (Båstad does).
    expect(await offer.getByRole("button").count()).toBe(0);

    await page.getByRole("combobox", { name: sv.language.label }).selectOption("en");
    await page
      .getByRole("listitem")
      .getByText(/According to [^:]*Båstad[^:]*: 2 on site, 0 released/)
      .waitFor({ timeout: LIVE_MS });
    expect(en.aid.staffing("Båstad", 1, 1)).toBe("According to Båstad: 1 on site, 1 released");
    await page.getByRole("combobox", { name: en.language.label }).selectOption("sv");
    expect(errors).toEqual([]);
  });
});
