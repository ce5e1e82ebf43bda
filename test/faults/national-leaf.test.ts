import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { createActivationService } from "@krisstod/activation";
import { natsConnectOptions } from "@krisstod/bus";
import {
  type AidRequest,
  type FullRegionalPicture,
  type NationalCounts,
  NationalPicture,
  subjects,
  suppressCount,
} from "@krisstod/contracts";
import { findDemoPerson, findDemoUser } from "@krisstod/contracts/demo";
import {
  createReportingService,
  nationalEnvFrom,
  type RunningNational,
  startNationalReporting,
} from "@krisstod/reporting";
import { createRosterService } from "@krisstod/roster";
import { type RunningService, startService } from "@krisstod/runtime";
import { createSupportCentresService } from "@krisstod/support-centres";
import {
  createTestNamespace,
  startTestNatsCluster,
  type TestNamespace,
  type TestNatsCluster,
  uniqueToken,
  waitFor,
} from "@krisstod/testing";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openAndActivate, postJson } from "../e2e/support.ts";
import { waitForStream } from "./support.ts";

/**
 * The whole country (#23): two counties, Halland and Skåne (Båstad), each with its own NATS server
 * as its own JetStream domain and its own services and database, joined as leaf nodes to a national
 * hub whose national stream sources both counties' event streams; reporting in the national mode
 * (REPORTING_MODE=national) serves the national picture from it. The leaf links run through a TCP
 * relay the test can cut. While they are cut (60 s; LONG=1: 180 s) both counties keep working —
 * incidents, activations, support centres, their own pictures — and the national picture shows
 * how long each county has been silent; after the links return it equals the counties' own
 * pictures exactly, and its totals are their sum. Single-node county servers keep the CI version
 * lean (three-node counties: NATIONAL_LEAF_COUNTY_NODES=3, below).
 *
 * Mutual aid crosses between the two deployments over the hub (MUTUAL_AID_HUB_DOMAIN): Laholm
 * asks Båstad, Båstad's lead sees the request in Skåne's own activation service and offers, Laholm
 * sees the offer and accepts, Båstad sees that; Båstad asks Laholm, Laholm declines. A request
 * Laholm makes while the links are cut reaches Båstad exactly once after they return.
 */
const LONG = process.env.LONG === "1";
/**
 * NATIONAL_LEAF_COUNTY_NODES=3 (on demand, not in CI): each county a three-node JetStream cluster
 * as in production and nats-cluster.test.ts (R3 streams, file storage, `sync_interval: always`),
 * every node a leaf of the hub; the same cut, the same checks, and every county stream R3 with
 * all replicas current after the cut.
 */
const COUNTY_NODES = process.env.NATIONAL_LEAF_COUNTY_NODES === "3" ? 3 : 1;
const CUT_MS = LONG ? 180_000 : 60_000;
const ROUNDS_DURING_CUT = LONG ? 6 : 2;
const TIMEOUT_MS = LONG || COUNTY_NODES > 1 ? 1_800_000 : 600_000;
const started = Date.now();
/** Where the test is, with seconds since it started (a loaded machine makes every step slow). */
const step = (what: string) =>
  console.log(`national-leaf +${Math.round((Date.now() - started) / 1000)} s: ${what}`);

/** A county of the test: its NATS server (domain), namespace (database and subjects), services. */
interface County {
  code: string;
  domain: string;
  municipality: string;
  ns: TestNamespace;
  nats: TestNatsCluster;
  services: Record<string, RunningService>;
  url(name: string): string;
  as: Record<"lead" | "activator" | "observer", Record<string, string>>;
}

/** A demo user's identity (`<organisation>.<role>`), as the development issuer signs them in. */
function demo(userId: string) {
  const user = findDemoUser(userId);
  if (!user) throw new Error(`no demo user ${userId}`);
  const { userId: id, name, organisationId, countyCode, roles } = user;
  return { userId: id, name, organisationId, countyCode, roles };
}

/** A TCP relay in front of the hub's leaf port: `cut()` drops every connection and refuses new ones. */
function leafRelay(target: number) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      const listening = createServer((client) => {
        const upstream = tcpConnect(target, "127.0.0.1");
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        for (const s of [client, upstream]) {
          s.on("error", () => {
            client.destroy();
            upstream.destroy();
          });
          s.on("close", () => {
            sockets.delete(s);
            client.destroy();
            upstream.destroy();
          });
        }
      });
      server = listening;
      listening.listen(port, "127.0.0.1", () => {
        port = (listening.address() as { port: number }).port;
        resolve();
      });
    });
  return {
    get port() {
      return port;
    },
    open,
    cut: async () => {
      // Stop accepting, then drop what is open (close() waits for open connections to end).
      const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
      for (const s of sockets) s.destroy();
      sockets.clear();
      await closed;
    },
  };
}

/** What the national picture should show of a county: its own picture's figures, the same way counted. */
function countyFigures(picture: FullRegionalPicture) {
  const raw = new Map<string, Omit<NationalCounts, "visitorsPresent"> & { visitorsPresent: number }>();
  const of = (organisationId: string) => {
    let counts = raw.get(organisationId);
    if (!counts) {
      counts = {
        incidentsOpen: 0,
        activationsUnderWay: 0,
        peopleAccepted: 0,
        centresOpen: 0,
        visitorsPresent: 0,
      };
      raw.set(organisationId, counts);
    }
    return counts;
  };
  for (const incident of picture.incidents)
    if (incident.status === "open") of(incident.organisationId).incidentsOpen++;
  for (const activation of picture.activations ?? []) {
    if (activation.status === "closed") continue;
    const counts = of(activation.organisationId);
    counts.activationsUnderWay++;
    counts.peopleAccepted += activation.counts.accepted;
  }
  for (const centre of picture.supportCentres ?? []) {
    if (centre.status !== "open") continue;
    const counts = of(centre.operatorOrganisationIds[0] ?? "");
    counts.centresOpen++;
    const present = centre.counts.present;
    counts.visitorsPresent += typeof present === "number" ? present : 0;
  }
  return [...raw]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([organisationId, counts]) => ({
      organisationId,
      ...counts,
      visitorsPresent: suppressCount(counts.visitorsPresent),
    }));
}

describe("two counties as JetStream domains on leaf links to a national hub", () => {
  let dir: string;
  let hub: TestNatsCluster;
  const relays: ReturnType<typeof leafRelay>[] = [];
  const counties: County[] = [];
  let national: RunningNational;
  let observer: Record<string, string>;
  let nationalNamespace: string;
  const stops: (() => Promise<void>)[] = [];
  /** The NATS servers' warnings and errors, shown when the test fails. */
  const natsLog: string[] = [];
  const onLog = (node: string, line: string) => {
    for (const one of line.split("\n"))
      if (/\[(WRN|ERR)\]/.test(one) && !one.includes("Plaintext passwords")) natsLog.push(`${node}: ${one}`);
  };

  beforeAll(async () => {
    nationalNamespace = `t${uniqueToken()}`;
    dir = mkdtempSync(join(tmpdir(), "krisstod-national-"));
    hub = await startTestNatsCluster({
      name: "national",
      size: 1,
      dir,
      domain: "national",
      leafListen: true,
      onLog,
    });
    stops.push(() => hub.stop());
    const seeds = [
      { code: "13", domain: "halland", municipality: "kommun-1381", observer: "lansstyrelsen-13" },
      { code: "12", domain: "skane", municipality: "kommun-1278", observer: "lansstyrelsen-12" },
    ];
    for (const seed of seeds) {
      const relay = leafRelay(hub.leafPort ?? 0);
      await relay.open();
      relays.push(relay);
      stops.push(() => relay.cut());
      const nats = await startTestNatsCluster({
        name: seed.domain,
        size: COUNTY_NODES,
        dir,
        domain: seed.domain,
        leafRemotes: [relay.port],
        onLog,
      });
      stops.push(() => nats.stop());
      const ns = await createTestNamespace();
      const env = ns.serviceEnv({ NATS_URL: nats.servicesUrl, NATS_STREAM_REPLICAS: COUNTY_NODES });
      const services: Record<string, RunningService> = {};
      for (const definition of [
        createRosterService(),
        // Mutual aid to and from the other county goes over the hub's exchange stream.
        createActivationService({
          COUNTY_CODE: seed.code,
          MUTUAL_AID_HUB_DOMAIN: "national",
          MUTUAL_AID_HUB_STREAM: subjects.aidExchangeStream(nationalNamespace),
        }),
        createSupportCentresService({ OCCUPANCY_PUBLISH_INTERVAL_MS: "500" }),
        createReportingService(),
      ]) {
        const running = await startService(definition, { ...env, DEMO_DATA: definition.name === "roster" });
        services[definition.name] = running;
        stops.push(() => running.stop());
      }
      counties.push({
        ...seed,
        ns,
        nats,
        services,
        url: (name) => services[name]?.url ?? "",
        as: {
          lead: await ns.headers(demo(`${seed.municipality}.posom-lead`)),
          activator: await ns.headers(demo(`${seed.municipality}.activator`)),
          observer: await ns.headers(demo(`${seed.observer}.county-observer`)),
        },
      });
    }
    // The hub's national stream sources each county's stream across its domain, only the county's
    // own subjects (a county cannot speak for another), as infra/nats/national-sources.json.
    const harness = await connect(natsConnectOptions(hub.harnessUrl));
    try {
      // The mutual-aid exchange sources each county's outbound stream, only what the county sends
      // as itself (infra/nats/national-aid.json); each county's inbound stream sources from it.
      await (await jetstreamManager(harness)).streams.add({
        name: subjects.aidExchangeStream(nationalNamespace),
        storage: "file" as never,
        num_replicas: 1,
        sources: counties.map((c) => ({
          name: subjects.aidOutStream(c.ns.natsNamespace),
          filter_subject: subjects.aidFrom(c.ns.natsNamespace, c.code),
          external: { api: `$JS.${c.domain}.API`, deliver: "" },
        })),
      });
      await (await jetstreamManager(harness)).streams.add({
        name: subjects.nationalStream(nationalNamespace),
        storage: "file" as never,
        num_replicas: 1,
        sources: counties.map((c) => ({
          name: subjects.eventStream(c.ns.natsNamespace),
          filter_subject: subjects.countyEvents(c.ns.natsNamespace, c.code),
          external: { api: `$JS.${c.domain}.API`, deliver: "" },
        })),
      });
    } finally {
      await harness.close();
    }
    const halland = counties[0] as County;
    const issuerEnv = halland.ns.serviceEnv();
    national = await startNationalReporting(
      nationalEnvFrom({
        PORT: "0",
        NATS_URL: hub.servicesUrl,
        NATS_PASSWORD: inject("natsSecrets").servicePassword,
        NATS_NAMESPACE: nationalNamespace,
        NATIONAL_COUNTIES: "13=halland,12=skane",
        NATIONAL_SOURCES_INTERVAL_SECONDS: "1",
        OIDC_ISSUER: issuerEnv.OIDC_ISSUER,
        OIDC_JWKS_URL: issuerEnv.OIDC_JWKS_URL,
        OIDC_AUDIENCE: issuerEnv.OIDC_AUDIENCE,
        LOG_LEVEL: "silent",
      }),
    );
    stops.push(() => national.stop());
    observer = await halland.ns.headers(demo("msb.national-observer"));
    step("started: hub, two counties, their services, national reporting");
  }, TIMEOUT_MS);
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const nationalPicture = async () => {
    const response = await fetch(`${national.url}/national-picture`, { headers: observer });
    expect(response.status).toBe(200);
    return NationalPicture.parse(await response.json());
  };
  const countyPicture = async (county: County) => {
    const response = await fetch(`${county.url("reporting")}/picture?county=${county.code}`, {
      headers: county.as.observer,
    });
    expect(response.status).toBe(200);
    return (await response.json()) as FullRegionalPicture;
  };
  /** One round of work in a county: an incident, its ledningsgrupp activated, a centre opened. */
  const round = async (county: County, n: number) => {
    const { incident, activation } = await openAndActivate(
      county.url("activation"),
      { lead: county.as.lead, activator: county.as.activator },
      {
        organisationId: county.municipality,
        countyCode: county.code,
        affectedMunicipalities: [county.municipality.replace("kommun-", "")],
        title: `Händelse ${n} i ${county.domain}`,
      },
      { reason: "Många drabbade", needed: 2 },
    );
    const centre = await waitFor(async () => {
      const response = await postJson(
        `${county.url("support-centres")}/centres`,
        {
          incidentId: incident.id,
          operator: "posom",
          posomOrganisationId: county.municipality,
          name: `Stödcentrum ${n}`,
          location: { lat: 56.5, lon: 12.9, address: "Stadshuset" },
          functions: ["information-referral"],
          capacity: 50,
        },
        county.as.lead,
      );
      return response.status === 201 && ((await response.json()) as { id: string });
    });
    const opened = await postJson(
      `${county.url("support-centres")}/centres/${centre.id}/open`,
      {},
      county.as.lead,
    );
    expect(opened.status).toBe(200);
    return { incidentId: incident.id, centreId: centre.id, activationId: activation.id };
  };
  /** The county's own picture shows the round (its incident and its open centre). */
  const seenAtHome = (county: County, work: { incidentId: string; centreId: string }) =>
    waitFor(
      async () => {
        const picture = await countyPicture(county);
        return (
          picture.incidents.some((i) => i.id === work.incidentId) &&
          (picture.supportCentres ?? []).some((c) => c.id === work.centreId && c.status === "open")
        );
      },
      { timeoutMs: 60_000, message: `${county.domain}'s own picture shows its work` },
    );
  /** The national picture equals each county's own picture, and its totals are their sum. */
  let mismatch = "";
  const nationalEqualsCounties = async () => {
    const picture = await nationalPicture();
    for (const county of counties) {
      const atHub = picture.counties.find((c) => c.countyCode === county.code);
      const home = countyFigures(await countyPicture(county));
      if (!isDeepStrictEqual(atHub?.organisations, home)) {
        mismatch = `${county.domain}: hub ${JSON.stringify(atHub)}, home ${JSON.stringify(home)}`;
        return false;
      }
    }
    const sum = (key: "incidentsOpen" | "activationsUnderWay" | "centresOpen" | "peopleAccepted") =>
      picture.counties.reduce((total, c) => total + c.totals[key], 0);
    return (
      picture.totals.incidentsOpen === sum("incidentsOpen") &&
      picture.totals.activationsUnderWay === sum("activationsUnderWay") &&
      picture.totals.centresOpen === sum("centresOpen") &&
      picture.totals.peopleAccepted === sum("peopleAccepted") &&
      picture
    );
  };

  /** Mutual aid across the two deployments: asking, and what a county's lead sees of a request. */
  const ask = async (county: County, incidentId: string, addressedTo: string[]) => {
    const response = await postJson(
      `${county.url("activation")}/mutual-aid/requests`,
      {
        incidentId,
        quantity: 2,
        competences: ["support-person-2"],
        anticipatedFunction: "Krisstöd i stödcentrum",
        place: `Sporthallen i ${county.domain}`,
        from: "2026-12-06T08:00:00Z",
        to: "2026-12-06T20:00:00Z",
        addressedTo,
        contact: { name: `POSOM-ansvarig ${county.domain}`, phone: "+46 430 150 00" },
      },
      county.as.lead,
    );
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as AidRequest;
  };
  const requestsAt = async (county: County) => {
    const response = await fetch(`${county.url("activation")}/mutual-aid/requests`, {
      headers: county.as.lead,
    });
    expect(response.status).toBe(200);
    return (await response.json()) as AidRequest[];
  };
  /** The request as the county's lead sees it, once it shows what `shows` asks (exactly one row). */
  const seenAt = (county: County, requestId: string, what: string, shows: (r: AidRequest) => boolean) =>
    waitFor(
      async () => {
        const found = (await requestsAt(county)).filter((r) => r.id === requestId);
        return found.length === 1 && found[0] && shows(found[0]) && found[0];
      },
      { timeoutMs: 90_000, intervalMs: 500, message: `${county.domain} sees ${what}` },
    );
  const post = async (county: County, path: string, body: unknown) => {
    const response = await postJson(`${county.url("activation")}/mutual-aid${path}`, body, county.as.lead);
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    return response;
  };
  /** The roster id of a demo user in its county's roster (the demo people carry their names). */
  const personIdOf = async (county: County, userId: string) => {
    const demoPerson = findDemoPerson(userId);
    const response = await fetch(`${county.url("roster")}/organisations/${userId.split(".")[0]}/people`, {
      headers: county.as.lead,
    });
    const people = (await response.json()) as { id: string; givenName: string; familyName: string }[];
    const person = people.find(
      (p) => p.givenName === demoPerson?.givenName && p.familyName === demoPerson?.familyName,
    );
    if (!person) throw new Error(`${userId} is not in ${county.domain}'s roster`);
    return person.id;
  };
  let bastadSupport = "";
  /** Laholm asks Båstad and accepts its offer; Båstad asks Laholm, which declines. Over the hub. */
  const aidBothWays = async (incidents: { incidentId: string }[]) => {
    const [halland, skane] = counties as [County, County];
    const laholmAsks = await ask(halland, incidents[0]?.incidentId ?? "", ["kommun-1278"]);
    expect(laholmAsks.remote).toBe(false);
    const atBastad = await seenAt(skane, laholmAsks.id, "Laholm's request", () => true);
    expect(atBastad).toMatchObject({
      remote: true,
      organisationId: "kommun-1381",
      countyCode: "13",
      quantity: 2,
      place: "Sporthallen i halland",
      addressedTo: ["kommun-1278"],
      contact: { name: "POSOM-ansvarig halland", phone: "+46 430 150 00" },
    });
    await post(skane, `/requests/${laholmAsks.id}/offers`, {
      quantity: 2,
      lead: { name: "Britt i Båstad", phone: "+46 431 770 00" },
    });
    const offered = await seenAt(halland, laholmAsks.id, "Båstad's offer", (r) => r.offers.length === 1);
    expect(offered.offers[0]).toMatchObject({
      organisationId: "kommun-1278",
      quantity: 2,
      status: "offered",
      lead: { name: "Britt i Båstad" },
    });
    await post(halland, `/offers/${offered.offers[0]?.id}/accept`, {});
    await seenAt(skane, laholmAsks.id, "Laholm's acceptance", (r) => r.offers[0]?.status === "accepted");
    // Båstad sends two people, then releases them: Laholm hears how many, never who, and both
    // counties' pictures show them on site (Skåne's board sees the help given across the border).
    const offerId = offered.offers[0]?.id ?? "";
    // One of them is Båstad's demo support person, whom Skåne's roster can reach (see the debrief).
    bastadSupport = await personIdOf(skane, "kommun-1278.support-person");
    await post(skane, `/offers/${offerId}/deployments`, { personIds: [bastadSupport, "bastad-stod-2"] });
    await seenAt(halland, laholmAsks.id, "Båstad's 2 on site", (r) => r.offers[0]?.staffing?.onSite === 2);
    for (const county of [halland, skane]) {
      await waitFor(
        async () =>
          (await countyPicture(county)).mutualAid?.some(
            (a) => a.requestId === laholmAsks.id && a.offers[0]?.deployed === 2,
          ),
        { timeoutMs: 30_000, message: `${county.domain}'s picture shows Båstad's people on site` },
      );
    }
    await post(skane, `/offers/${offerId}/release`, {});
    const back = await seenAt(
      halland,
      laholmAsks.id,
      "Båstad's 2 released",
      (r) => r.offers[0]?.staffing?.released === 2,
    );
    expect(back.offers[0]?.staffing?.onSite).toBe(0);
    expect(JSON.stringify(back)).not.toContain("bastad-stod");
    expect(JSON.stringify(back)).not.toContain(bastadSupport);

    const bastadAsks = await ask(skane, incidents[1]?.incidentId ?? "", ["kommun-1381"]);
    await seenAt(halland, bastadAsks.id, "Båstad's request", (r) => r.remote);
    await post(halland, `/requests/${bastadAsks.id}/decline`, { note: "Alla stödpersoner är upptagna" });
    const declined = await seenAt(skane, bastadAsks.id, "Laholm's no", (r) => r.offers.length === 1);
    expect(declined.offers[0]).toMatchObject({
      organisationId: "kommun-1381",
      status: "declined",
      quantity: 0,
    });
    step("mutual aid both ways over the hub");
  };
  /** Messages a county's inbound mutual-aid stream holds (each stored once, however often sent). */
  const inboundMessages = async (county: County) => {
    const nc = await connect(natsConnectOptions(county.nats.harnessUrl));
    try {
      const info = await (await jetstreamManager(nc)).streams.info(
        subjects.aidInStream(county.ns.natsNamespace),
      );
      return info.state.messages;
    } finally {
      await nc.close();
    }
  };

  /** Each county's event and mutual-aid streams: R<nodes>, led, every replica current. */
  const expectCountyStreamsReplicated = async () => {
    for (const county of counties) {
      const nc = await connect(natsConnectOptions(county.nats.harnessUrl));
      try {
        const namespace = county.ns.natsNamespace;
        for (const stream of [
          subjects.eventStream(namespace),
          subjects.aidOutStream(namespace),
          subjects.aidInStream(namespace),
        ]) {
          const state = await waitForStream(nc, stream, (s) => s.leader !== undefined && s.allCurrent);
          expect(state.replicas, `${county.domain} ${stream}`).toBe(COUNTY_NODES);
        }
      } finally {
        await nc.close();
      }
    }
    step(`every county stream R${COUNTY_NODES}, all replicas current`);
  };

  it(
    "each county works on while its leaf link is cut; the national picture shows the silence, then equals the counties' exactly",
    async () => {
      // Only MSB's national observer may read it; a county's own roles may not.
      const halland = counties[0] as County;
      const refused = await fetch(`${national.url}/national-picture`, { headers: halland.as.observer });
      expect(refused.status).toBe(403);

      const before = await Promise.all(counties.map((c) => round(c, 1)));
      await Promise.all(counties.map((c, i) => seenAtHome(c, before[i] as never)));
      await aidBothWays(before);
      const caughtUp = await waitFor(nationalEqualsCounties, {
        timeoutMs: 90_000,
        intervalMs: 1_000,
        message: "the national picture equals the counties' before the cut",
      }).catch((error: unknown) => {
        throw new Error(`${String(error)}; ${mismatch}\n${natsLog.slice(-20).join("\n")}`);
      });
      for (const county of caughtUp.counties) {
        expect(county.totals.incidentsOpen).toBe(1);
        expect(county.totals.centresOpen).toBe(1);
        expect(county.totals.activationsUnderWay).toBe(1);
      }

      // The cut: both counties' leaf links at once.
      step("before the cut: the national picture equals the counties'");
      const cutAt = Date.now();
      for (const relay of relays) await relay.cut();
      // What the hub had when the links went (events still on their way, e.g. an occupancy tick,
      // may have arrived after the comparison above): from here on it must not change.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const atCut = await nationalPicture();
      const lastBefore = new Map(atCut.counties.map((c) => [c.countyCode, c.lastEventAt]));
      const during: { incidentId: string; centreId: string }[][] = [];
      let askedDuringCut: AidRequest | undefined;
      for (let n = 2; n < 2 + ROUNDS_DURING_CUT; n++) {
        const work = await Promise.all(counties.map((c) => round(c, n)));
        await Promise.all(counties.map((c, i) => seenAtHome(c, work[i] as never)));
        during.push(work);
        // Laholm asks Båstad while the links are down: its outbound stream keeps the request.
        askedDuringCut ??= await ask(halland, work[0]?.incidentId ?? "", ["kommun-1278"]);
        step(`round ${n} done in both counties during the cut`);
      }
      const skane = counties[1] as County;
      const cutRequestId = askedDuringCut?.id ?? "";
      expect((await requestsAt(skane)).some((r) => r.id === cutRequestId)).toBe(false);
      const silentSoFar = (Date.now() - cutAt) / 1000;
      const midCut = await nationalPicture();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, CUT_MS - (Date.now() - cutAt))));
      const endOfCut = await nationalPicture();
      for (const county of counties) {
        const mid = midCut.counties.find((c) => c.countyCode === county.code);
        const end = endOfCut.counties.find((c) => c.countyCode === county.code);
        // The hub still shows what it had, as old as it was at the cut, and says how long it has
        // heard nothing; the county's own picture has moved on.
        expect(end?.lastEventAt).toBe(lastBefore.get(county.code));
        expect(end?.totals).toEqual(atCut.counties.find((c) => c.countyCode === county.code)?.totals);
        expect(end?.totals.incidentsOpen).toBe(1);
        expect(mid?.linkSilentSeconds ?? 0).toBeGreaterThan(silentSoFar - 10);
        expect(end?.linkSilentSeconds ?? 0).toBeGreaterThanOrEqual(CUT_MS / 1000 - 10);
        expect(end?.linkSilentSeconds ?? 0).toBeGreaterThan(mid?.linkSilentSeconds ?? 0);
        const home = await countyPicture(county);
        expect(home.incidents.filter((i) => i.status === "open")).toHaveLength(1 + ROUNDS_DURING_CUT);
      }

      // The links return: the hub catches up from where each source stopped.
      step("end of the cut");
      const backAt = Date.now();
      for (const relay of relays) await relay.open();
      // The request made during the cut reaches Båstad, exactly once: one row, and Skåne's inbound
      // stream holds each of the four messages Halland sent it once (Laholm's two requests, its
      // acceptance, its no); Båstad's answer reaches Laholm once (Halland's inbound: Båstad's two
      // offers, its request and its two reports of people on site).
      const arrived = await seenAt(skane, cutRequestId, "the request made during the cut", () => true);
      expect(arrived.remote).toBe(true);
      expect((await requestsAt(skane)).filter((r) => r.organisationId === "kommun-1381")).toHaveLength(2);
      expect(await inboundMessages(skane)).toBe(4);
      await post(skane, `/requests/${cutRequestId}/offers`, { quantity: 1 });
      await seenAt(halland, cutRequestId, "Båstad's offer after the cut", (r) => r.offers.length === 1);
      expect(await inboundMessages(halland)).toBe(5);
      step("the request made during the cut arrived once");
      const after = await waitFor(nationalEqualsCounties, {
        timeoutMs: 180_000,
        intervalMs: 1_000,
        message: "the national picture equals the counties' after the link returned",
      }).catch((error: unknown) => {
        throw new Error(`${String(error)}; ${mismatch}\n${natsLog.slice(-20).join("\n")}`);
      });
      const caughtUpInSeconds = (Date.now() - backAt) / 1000;
      for (const county of after.counties) {
        expect(county.totals.incidentsOpen).toBe(1 + ROUNDS_DURING_CUT);
        expect(county.totals.centresOpen).toBe(1 + ROUNDS_DURING_CUT);
      }
      // The hub hears from both links again (the sources' activity is read every second).
      await waitFor(
        async () =>
          (await nationalPicture()).counties.every(
            (c) => (c.linkSilentSeconds ?? Number.POSITIVE_INFINITY) < 10,
          ),
        { timeoutMs: 30_000, intervalMs: 500, message: "both links heard from again" },
      );
      expect(after.totals.incidentsOpen).toBe(2 * (1 + ROUNDS_DURING_CUT));
      if (COUNTY_NODES > 1) await expectCountyStreamsReplicated();
      // Laholm ends its work on the first incident: Skåne's deployment offers the two people Båstad
      // sent a debrief, from Båstad, written with Skåne's roster (Laholm 3.7); nobody's name crossed.
      const closed = await postJson(
        `${halland.url("activation")}/activations/${before[0]?.activationId}/close`,
        {},
        halland.as.lead,
      );
      expect(closed.status, await closed.clone().text()).toBe(200);
      const skaneDb = skane.services.activation?.context.database.db;
      const offered = await waitFor(
        async () => {
          // Read as Skåne's own service stores it (the test has no other view of a person's offer).
          const rows = (await skaneDb?.execute(
            sql`select person_id, organisation_id, via, messages_written_at from activation.debrief_offers where incident_id = ${before[0]?.incidentId}`,
          )) as unknown as {
            person_id: string;
            organisation_id: string;
            via: string;
            messages_written_at: Date | null;
          }[];
          return rows?.length === 2 && rows.every((r) => r.messages_written_at) && rows;
        },
        { timeoutMs: 60_000, intervalMs: 500, message: "Skåne offers Båstad's two people a debrief" },
      );
      expect(offered.map((o) => [o.person_id, o.organisation_id, o.via]).sort()).toEqual(
        [
          [bastadSupport, "kommun-1278", "mutual-aid"],
          ["bastad-stod-2", "kommun-1278", "mutual-aid"],
        ].sort(),
      );
      // The one Skåne's roster knows gets the SMS, and sees the offer on their own page.
      const sms = await waitFor(
        async () => {
          const rows = (await skaneDb?.execute(
            sql`select channel, body from activation.messages where person_id = ${bastadSupport} and kind = 'debrief-offer'`,
          )) as unknown as { channel: string; body: string }[];
          return rows?.length === 1 && rows;
        },
        { timeoutMs: 30_000, intervalMs: 500, message: "Båstad's support person's debrief SMS" },
      );
      expect(sms[0]).toMatchObject({ channel: "sms" });
      expect(sms[0]?.body).toContain("stödsamtal");
      const mine = await fetch(`${skane.url("activation")}/me/debrief-offers`, {
        headers: await skane.ns.headers(demo("kommun-1278.support-person")),
      });
      expect(mine.status).toBe(200);
      expect(((await mine.json()) as { offers: unknown[] }).offers).toMatchObject([
        {
          organisationId: "kommun-1278",
          via: "mutual-aid",
          incident: { id: before[0]?.incidentId, title: "Sporthallen i halland" },
        },
      ]);
      step("Laholm closed: Båstad's people offered a debrief in Skåne");
      console.log(
        `national leaf test (${COUNTY_NODES}-node counties): cut ${Math.round((backAt - cutAt) / 1000)} s, ${ROUNDS_DURING_CUT} rounds per county during it, caught up ${caughtUpInSeconds.toFixed(1)} s after the links returned`,
      );
    },
    TIMEOUT_MS,
  );

  it("lets the national picture's NATS user read the national stream and reach nothing in a county", async () => {
    const halland = counties[0] as County;
    const nc = await connect({
      servers: hub.servicesUrl.split(","),
      user: "national-reporting",
      // Replies come only to its own inbox prefix (its subscribe permission).
      inboxPrefix: "_INBOX.national-reporting",
      pass: inject("natsSecrets").servicePassword,
    });
    const refused: string[] = [];
    void (async () => {
      for await (const status of nc.status()) if (status.type === "error") refused.push(String(status.error));
    })();
    try {
      // Its own stream: allowed.
      const info = await nc.request(`$JS.API.STREAM.INFO.${subjects.nationalStream(nationalNamespace)}`, "", {
        timeout: 10_000,
      });
      expect(JSON.parse(info.string()).config?.name).toBe(subjects.nationalStream(nationalNamespace));
      // A county's stream across its domain: refused by the server, not merely unanswered.
      await expect(
        nc.request(`$JS.halland.API.STREAM.INFO.${subjects.eventStream(halland.ns.natsNamespace)}`, "", {
          timeout: 5_000,
        }),
      ).rejects.toThrow(/permission/i);
      // A county's events: neither read nor written.
      nc.subscribe(subjects.allEvents(halland.ns.natsNamespace));
      nc.publish(subjects.event(halland.ns.natsNamespace, "13", "kommun-1381", "incident.opened"), "{}");
      await nc.flush();
      await waitFor(() => refused.length >= 2, { timeoutMs: 10_000, message: "both refused" });
      expect(refused.join("\n")).toMatch(/subscription/i);
      expect(refused.join("\n")).toMatch(/publish/i);
    } finally {
      await nc.close().catch(() => {});
    }
  });
});
