import { createAnswerLinkSigner } from "@krisstod/auth";
import { type Activation, type EventEnvelope, Problem } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import {
  createTestNamespace,
  hallandPeople as people,
  signInAndWatch,
  startHallandRosterStub as startRosterStub,
  type TestNamespace,
  waitFor,
} from "@krisstod/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { laholmIncident, linkOn, outbox, postJson, signIn } from "../../test/support.ts";
import { auditLog } from "../db/schema.ts";
import { createActivationService } from "../service.ts";

const SECRET = "test-answer-link-secret-of-at-least-32-bytes";

describe("activation decisions, call-outs, answers and escalation", () => {
  let service: RunningService;
  let stopRoster: () => Promise<void>;
  let incidentId: string;
  let events: EventEnvelope[];
  let lead: Record<string, string>;
  let chief: Record<string, string>;
  let member: Record<string, string>;
  let region: Record<string, string>;
  let halmstad: Record<string, string>;
  let ns: TestNamespace;

  beforeAll(async () => {
    ns = await createTestNamespace();
    ({
      as: { lead, chief, member, region, halmstad },
      events,
    } = await signInAndWatch(ns, {
      lead: signIn.laholmLead,
      chief: signIn.laholmChief,
      member: signIn.laholmMember,
      region: signIn.regionChief,
      halmstad: signIn.halmstadLead,
    }));
    stopRoster = await startRosterStub(ns.natsUrl, ns.natsNamespace);
    service = await startService(
      createActivationService({
        CALLOUT_WAIT_MS: "200",
        TIMER_POLL_MS: "25",
        SENDER_POLL_MS: "25",
        ANSWER_LINK_SECRET: SECRET,
        ANSWER_LINK_BASE_URL: "https://krisstod.example/api/activation",
      }),
      ns.serviceEnv(),
    );
    const created = await postJson(`${service.url}/incidents`, laholmIncident, lead);
    incidentId = ((await created.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await service?.stop();
    await stopRoster?.();
  });

  /** A decision as the signed-in person (Laholm's kommunchef unless told otherwise). */
  const decide = (body: Record<string, unknown>, as = chief) =>
    postJson(
      `${service.url}/activations`,
      { incidentId, group: "management", reason: "Bussolycka med många inblandade", ...body },
      as,
    );
  const read = async (id: string, as = lead) =>
    (await (await fetch(`${service.url}/activations/${id}`, { headers: as })).json()) as Activation;
  const sent = (activationId: string, as = lead) => outbox(service.url, activationId, as);
  const personOf = (a: Activation, personId: string) => a.callOuts.find((c) => c.personId === personId);

  it("refuses an activation by a signed-in person without an authorised function, saying why", async () => {
    // A ledningsgrupp member may use the route, but holds none of Laholm's authorised functions.
    const notHeld = await decide({}, member);
    expect(notHeld.status).toBe(403);
    expect(notHeld.headers.get("content-type")).toContain("application/problem+json");
    const problem = Problem.parse(await notHeld.json());
    expect(problem.detail).toContain("Kommunchef");
    // Nobody in Laholm's roster signs in as the POSOM lead here.
    expect((await decide({}, lead)).status).toBe(403);
    // The kommunchef cannot claim a function they do not hold, act as someone else or for Halmstad.
    const wrongFunction = await decide({
      decidedBy: { personId: people.kommunchef, functionId: "vaktmastare" },
    });
    expect(wrongFunction.status).toBe(403);
    const asSomeoneElse = await decide({ decidedBy: { personId: people.lg1, functionId: "kommunchef" } });
    expect(asSomeoneElse.status).toBe(403);
    expect((await decide({ organisationId: "kommun-1380" })).status).toBe(403);
    expect(
      await (await fetch(`${service.url}/incidents/${incidentId}`, { headers: lead })).json(),
    ).toMatchObject({
      status: "open",
    });
    expect(
      await (await fetch(`${service.url}/incidents/${incidentId}/activations`, { headers: lead })).json(),
    ).toEqual([]);
  });

  it("records an authorised decision and calls the first people, with messages in the development outbox", async () => {
    const response = await decide({ needed: 2 });
    expect(response.status).toBe(201);
    const activation = (await response.json()) as Activation;
    expect(activation).toMatchObject({
      status: "calling",
      group: "management",
      reason: "Bussolycka med många inblandade",
      decidedBy: {
        personId: people.kommunchef,
        name: "Karin Chef",
        functionId: "kommunchef",
        functionTitle: "Kommunchef",
        userId: "kommun-1381.activator",
      },
      counts: { listed: 3, called: 2, awaiting: 2, queued: 1 },
    });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(Date.parse(activation.decidedAt)).toBeGreaterThan(Date.now() - 10_000);
    // The wait is short here, so LG3 may already be called too; the first two each got theirs.
    const messages = await waitFor(async () => {
      const m = (await sent(activation.id)).filter((x) => x.personId !== people.lg3);
      return m.length >= 3 && m;
    });
    expect(messages.map((m) => `${m.personId}:${m.channel}`).sort()).toEqual(
      [`${people.lg1}:email`, `${people.lg1}:sms`, `${people.lg2}:sms`].sort(),
    );
    expect(messages[0]?.body).toContain(messages[0]?.answerLink);
    expect(messages[0]?.answerLink).toMatch(/^https:\/\/krisstod\.example\/api\/activation\/call-outs\//);

    const decided = await waitFor(() => events.find((e) => e.type === "activation.decided"));
    expect(decided.data).toMatchObject({
      activationId: activation.id,
      decidedBy: { functionId: "kommunchef" },
    });
    await waitFor(() => events.filter((e) => e.type === "activation.call-out-changed").length >= 2);
    // Events carry ids and counts, never names or contact details.
    expect(JSON.stringify(events)).not.toMatch(/Gruppsson|\+4670|laholm\.example/);
  });

  it("takes an answer once: accept with ETA counts, the second use and the person's other link are refused", async () => {
    const activation = (await (await decide({ needed: 1 })).json()) as Activation;
    // Lena's text and e-mail (with a 200 ms wait, the next person may be called meanwhile).
    const messages = await waitFor(async () => {
      const m = (await sent(activation.id)).filter((x) => x.personId === people.lg1);
      return m.length === 2 && m;
    });
    const [sms, email] = [
      messages.find((m) => m.channel === "sms"),
      messages.find((m) => m.channel === "email"),
    ];
    const link = linkOn(service.url, sms?.answerLink ?? "");

    const page = await fetch(`${link.url}?token=${encodeURIComponent(link.token)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Ja, jag kommer");

    const accepted = await postJson(link.url, { token: link.token, answer: "accept", etaMinutes: 25 });
    expect(accepted.status).toBe(200);
    const after = await read(activation.id);
    expect(after.status).toBe("staffed");
    expect(personOf(after, people.lg1)).toMatchObject({ status: "accepted", etaMinutes: 25 });

    const again = await postJson(link.url, { token: link.token, answer: "decline" });
    expect(again.status).toBe(409);
    const other = linkOn(service.url, email?.answerLink ?? "");
    expect((await postJson(other.url, { token: other.token, answer: "decline" })).status).toBe(409);
    expect(personOf(await read(activation.id), people.lg1)?.status).toBe("accepted");
  });

  it("refuses an expired, a forged and another call-out's link", async () => {
    const activation = (await (await decide({ needed: 1 })).json()) as Activation;
    const url = `${service.url}/call-outs/${activation.id}/answer`;
    const signer = createAnswerLinkSigner(SECRET);
    const expired = await signer.sign({
      callOutId: activation.id,
      personId: people.lg1,
      expiresAt: new Date(Date.now() - 60_000),
    });
    const expiredAnswer = await postJson(url, { token: expired, answer: "accept" });
    expect(expiredAnswer.status).toBe(401);
    expect(Problem.parse(await expiredAnswer.json()).detail).toMatch(/expired/);
    const forged = await createAnswerLinkSigner("another-secret-that-is-32-bytes-long!!").sign({
      callOutId: activation.id,
      personId: people.lg1,
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect((await postJson(url, { token: forged, answer: "accept" })).status).toBe(401);
    const [message] = await waitFor(async () => {
      const m = await sent(activation.id);
      return m.length > 0 && m;
    });
    const elsewhere = linkOn(service.url, message?.answerLink ?? "");
    const otherActivation = (await (await decide({ needed: 1 })).json()) as Activation;
    const misused = await postJson(`${service.url}/call-outs/${otherActivation.id}/answer`, {
      token: elsewhere.token,
      answer: "accept",
    });
    expect(misused.status).toBe(401);
    // Not answered by any of those: still awaiting, or silent once the short wait ran out.
    expect(["called", "silent"]).toContain(personOf(await read(activation.id), people.lg1)?.status);
    expect((await postJson(url, { token: elsewhere.token, answer: "maybe" })).status).toBe(400);
  });

  it("calls the next person after the wait and, when nobody accepts, offers the neighbours' groups", async () => {
    const activation = (await (await decide({ needed: 1 })).json()) as Activation;
    expect(activation.callOuts.map((c) => c.status)).toEqual(["called", "queued", "queued"]);

    const second = await waitFor(async () => {
      const a = await read(activation.id);
      return personOf(a, people.lg2)?.status === "called" && a;
    });
    expect(personOf(second, people.lg1)?.status).toBe("silent");
    const lg2Message = await waitFor(async () =>
      (await sent(activation.id)).find((m) => m.personId === people.lg2),
    );
    const link = linkOn(service.url, lg2Message.answerLink);
    expect((await postJson(link.url, { token: link.token, answer: "decline" })).status).toBe(200);
    const unreachable = await waitFor(async () => {
      const a = await read(activation.id);
      return a.status === "unreachable" && a;
    });
    expect(unreachable.fallbackOffered).toEqual(["kommun-1380", "kommun-1278"]);
    expect(unreachable.counts).toMatchObject({ silent: 2, declined: 1, accepted: 0, queued: 0 });
    const offered = await waitFor(() =>
      events.find(
        (e) =>
          e.type === "activation.fallback-offered" &&
          (e.data as { activationId: string }).activationId === activation.id,
      ),
    );
    expect(offered.data).toMatchObject({
      activationId: activation.id,
      neighbours: ["kommun-1380", "kommun-1278"],
    });
    // Each person got exactly one message.
    const delivered = await sent(activation.id);
    expect(
      delivered
        .filter((m) => m.channel === "sms")
        .map((m) => m.personId)
        .sort(),
    ).toEqual([people.lg1, people.lg2, people.lg3].sort());

    // Laholm's kommunchef asks Halmstad's group; Halmstad cannot ask on Laholm's behalf.
    const fallbackBody = { organisationId: "kommun-1380", reason: "Laholms ledningsgrupp nås inte" };
    const fallbackUrl = `${service.url}/activations/${activation.id}/fallback`;
    const notNeighbour = await postJson(
      fallbackUrl,
      { ...fallbackBody, organisationId: "kommun-1383" },
      chief,
    );
    expect(notNeighbour.status).toBe(422);
    expect((await postJson(fallbackUrl, fallbackBody, halmstad)).status).toBe(403);
    const fallback = await postJson(fallbackUrl, fallbackBody, chief);
    expect(fallback.status).toBe(201);
    const halmstadGroup = (await fallback.json()) as Activation;
    expect(halmstadGroup).toMatchObject({
      organisationId: "kommun-1380",
      fallbackForActivationId: activation.id,
      decidedBy: { personId: people.kommunchef, functionTitle: "Kommunchef" },
      status: "calling",
      callOuts: [{ personId: people.halmstad1, status: "called" }, { status: "queued" }],
    });
    // Both the asking and the called organisation follow it; Halmstad's leads read its messages.
    expect((await read(halmstadGroup.id, lead)).id).toBe(halmstadGroup.id);
    expect((await read(halmstadGroup.id, halmstad)).id).toBe(halmstadGroup.id);
    await waitFor(async () => (await sent(halmstadGroup.id, halmstad)).length > 0);
    expect(await sent(halmstadGroup.id, lead)).toEqual([]);
  });

  it("activates support persons only as the ledningsgrupp's own decision, and PKL only by the region", async () => {
    const management = (await (await decide({ needed: 1 })).json()) as Activation;
    const withoutParent = await decide({ group: "support-persons" }, member);
    expect(withoutParent.status).toBe(422);
    const support = await decide(
      { group: "support-persons", parentActivationId: management.id, needed: 2 },
      member,
    );
    expect(support.status).toBe(201);
    expect(await support.json()).toMatchObject({
      group: "support-persons",
      decidedBy: { personId: people.lg1, functionId: "management", userId: "kommun-1381.ledningsgrupp" },
      counts: { called: 2 },
    });

    expect((await decide({ group: "pkl" })).status).toBe(422);
    const pkl = await decide({ group: "pkl", consultedWith: "Tina Tib, TIB" }, region);
    expect(pkl.status).toBe(201);
    const pklActivation = (await pkl.json()) as Activation;
    expect(pklActivation).toMatchObject({
      organisationId: "region-13",
      decidedBy: { functionId: "forvaltningschef-psykiatri" },
    });
    // The region's call list is the region's: Laholm's lead may not read it, nor its messages.
    expect((await fetch(`${service.url}/activations/${pklActivation.id}`, { headers: lead })).status).toBe(
      403,
    );
    expect(await sent(pklActivation.id, lead)).toEqual([]);
  });

  // Laholm 3.1: "Denna bedömning görs av POSOMs ledningsgrupp i samråd med den som aktiverat
  // ledningsgruppen."
  it("support persons are called out only under a running ledningsgrupp activation, in consultation with whoever activated it (Laholm 3.1)", async () => {
    const management = (await (await decide({ needed: 1 })).json()) as Activation;
    // Not named: the kommunchef who activated the group is recorded as consulted.
    const support = await decide(
      { group: "support-persons", parentActivationId: management.id, needed: 1 },
      member,
    );
    expect(support.status).toBe(201);
    const decided = (await support.json()) as Activation;
    expect(decided.consultedWith).toBe("Karin Chef (Kommunchef)");
    expect((await read(decided.id)).consultedWith).toBe("Karin Chef (Kommunchef)");
    // Named: whoever the group consulted is recorded as said.
    const named = (await (
      await decide(
        {
          group: "support-persons",
          parentActivationId: management.id,
          needed: 1,
          consultedWith: "Insatsledare Räddningstjänsten, Ola Brand",
        },
        member,
      )
    ).json()) as Activation;
    expect((await read(named.id)).consultedWith).toBe("Insatsledare Räddningstjänsten, Ola Brand");

    // Once the ledningsgrupp's activation is closed, nobody calls out support persons in its name.
    expect((await postJson(`${service.url}/activations/${management.id}/close`, {}, lead)).status).toBe(200);
    const afterClose = await decide(
      { group: "support-persons", parentActivationId: management.id, needed: 1 },
      member,
    );
    expect(afterClose.status).toBe(409);
    expect(Problem.parse(await afterClose.json()).code).toBe("management-activation-closed");
  });

  // Halland: "Förvaltningschefen för Psykiatrin i Halland beslutar om PKL ska aktiveras i samråd med
  // tjänsteman i beredskap (TIB)." Enköping: "Är förvaltningschef … ej nåbar kan tjänsteman i
  // beredskap (TiB) … aktivera."
  it("PKL is decided by the förvaltningschef in consultation with the TIB; the TIB decides only when the förvaltningschef cannot be reached, and the attempt is recorded (Halland, Enköping)", async () => {
    const alone = await decide({ group: "pkl" }, region);
    expect(alone.status).toBe(422);
    expect(Problem.parse(await alone.json())).toMatchObject({
      code: "consultation-required",
      errors: [{ field: "consultedWith" }],
    });
    const consulted = await decide({ group: "pkl", consultedWith: "Tina Tib, TIB Region Halland" }, region);
    expect(consulted.status).toBe(201);
    const chiefs = (await consulted.json()) as Activation;
    expect(chiefs).toMatchObject({
      decidedBy: { functionId: "forvaltningschef-psykiatri" },
      consultedWith: "Tina Tib, TIB Region Halland",
      chiefUnreachable: null,
    });

    const tib = await ns.headers({
      userId: "region-13.region-tib",
      organisationId: "region-13",
      roles: ["region-tib"],
    });
    const tibAlone = await decide({ group: "pkl" }, tib);
    expect(tibAlone.status).toBe(422);
    expect(Problem.parse(await tibAlone.json())).toMatchObject({
      code: "chief-not-tried",
      errors: [{ field: "chiefUnreachable" }],
    });
    const tried = await decide(
      { group: "pkl", chiefUnreachable: "Ringt förvaltningschefen 02:10 och 02:20, inget svar" },
      tib,
    );
    expect(tried.status).toBe(201);
    const tibs = (await tried.json()) as Activation;
    expect(tibs).toMatchObject({
      decidedBy: { functionId: "tjansteman-i-beredskap-tib" },
      chiefUnreachable: "Ringt förvaltningschefen 02:10 och 02:20, inget svar",
    });
    // Recorded with the decision: the region reads it back.
    const read = (await (
      await fetch(`${service.url}/activations/${tibs.id}`, { headers: region })
    ).json()) as Activation;
    expect(read.chiefUnreachable).toBe("Ringt förvaltningschefen 02:10 och 02:20, inget svar");
  });

  // Enköping: "Är förvaltningschef vid socialförvaltningen ej nåbar kan tjänsteman i beredskap (TiB)
  // eller ansvarig för kommunens krisledning (stabschef) aktivera POSOM-insats."
  it("a function that stands in for another decides only when that one cannot be reached, and the attempt is recorded (Enköping)", async () => {
    const tib = await ns.headers({
      userId: "kommun-1383.activator",
      organisationId: "kommun-1383",
      roles: ["activator"],
    });
    const alone = await decide({}, tib);
    expect(alone.status).toBe(422);
    const problem = Problem.parse(await alone.json());
    expect(problem).toMatchObject({ code: "chief-not-tried", errors: [{ field: "chiefUnreachable" }] });
    expect(problem.detail).toContain("Förvaltningschef socialtjänsten");
    const tried = await decide({ chiefUnreachable: "Ringt förvaltningschefen två gånger, inget svar" }, tib);
    expect(tried.status).toBe(201);
    expect(await tried.json()).toMatchObject({
      organisationId: "kommun-1383",
      decidedBy: { functionId: "tjansteman-i-beredskap" },
      chiefUnreachable: "Ringt förvaltningschefen två gånger, inget svar",
    });
  });

  it("a stand-in asks a neighbour's group as it decides: saying how the one it stands in for was tried (Enköping, Laholm 3.1)", async () => {
    const tib = await ns.headers({
      userId: "kommun-1383.activator",
      organisationId: "kommun-1383",
      roles: ["activator"],
    });
    const tried = "Ringt förvaltningschefen 02:10 och 02:20, inget svar";
    const own = (await (await decide({ needed: 1, chiefUnreachable: tried }, tib)).json()) as Activation;
    // Varberg's one ledningsgrupp member stays silent past the short wait.
    const unreachable = await waitFor(async () => {
      const a = await read(own.id, tib);
      return a.status === "unreachable" && a;
    });
    expect(unreachable.fallbackOffered).toEqual(["kommun-1382", "kommun-1384"]);
    const fallbackUrl = `${service.url}/activations/${own.id}/fallback`;
    const body = { organisationId: "kommun-1382", reason: "Varbergs ledningsgrupp nås inte" };
    const untold = await postJson(fallbackUrl, body, tib);
    expect(untold.status).toBe(422);
    expect(Problem.parse(await untold.json())).toMatchObject({
      code: "chief-not-tried",
      errors: [{ field: "chiefUnreachable" }],
    });
    const asked = await postJson(fallbackUrl, { ...body, chiefUnreachable: tried }, tib);
    expect(asked.status).toBe(201);
    const falkenberg = (await asked.json()) as Activation;
    expect(falkenberg).toMatchObject({
      organisationId: "kommun-1382",
      fallbackForActivationId: own.id,
      decidedBy: { functionId: "tjansteman-i-beredskap" },
      chiefUnreachable: tried,
    });
  });

  // Laholm 3.1: "Personer med ledande befattning inom polis, i samband med polisiär insats".
  it("a police commander activates only for an incident with a police operation under way (Laholm 3.1)", async () => {
    const police = await ns.headers({
      userId: "kommun-1381.polis",
      organisationId: "kommun-1381",
      roles: ["activator"],
    });
    const incident = (await (await postJson(`${service.url}/incidents`, laholmIncident, lead)).json()) as {
      id: string;
      policeOperation: boolean;
    };
    expect(incident.policeOperation).toBe(false);
    const decideFor = () =>
      postJson(
        `${service.url}/activations`,
        { incidentId: incident.id, group: "management", reason: "Skottlossning i centrum", needed: 1 },
        police,
      );
    const refused = await decideFor();
    expect(refused.status).toBe(403);
    const problem = Problem.parse(await refused.json());
    expect(problem.code).toBe("no-police-operation");
    expect(problem.detail).toContain("police operation");
    // Nothing was decided: the incident has no activation of Laholm's group from it.
    const before = (await (
      await fetch(`${service.url}/incidents/${incident.id}/activations`, { headers: lead })
    ).json()) as Activation[];
    expect(before).toEqual([]);

    const patched = await fetch(`${service.url}/incidents/${incident.id}`, {
      method: "PATCH",
      headers: { ...lead, "Content-Type": "application/json" },
      body: JSON.stringify({ policeOperation: true }),
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ policeOperation: true });
    const decided = await decideFor();
    expect(decided.status).toBe(201);
    expect(await decided.json()).toMatchObject({
      decidedBy: { functionTitle: "Person med ledande befattning inom polis, i samband med polisiär insats" },
    });
    // The kommunchef's own function needs no police operation.
    const other = (await (
      await postJson(
        `${service.url}/incidents`,
        { ...laholmIncident, title: "Drunkning vid Mellbystrand" },
        lead,
      )
    ).json()) as { id: string };
    const chiefs = await postJson(
      `${service.url}/activations`,
      { incidentId: other.id, group: "management", reason: "Drunkningsolycka", needed: 1 },
      chief,
    );
    expect(chiefs.status).toBe(201);
  });

  // Laholm 3.7: "Sammankallande i POSOMs ledningsgrupp ansvarar för att uppföljning och utvärdering
  // genomförs"; Enköping: "ansvarig för POSOM ska, i samverkan med berörda, utvärdera".
  it("after the close, the evaluation is the group's coordinator's, not the decider's (Laholm 3.7)", async () => {
    const tib = await ns.headers({
      userId: "kommun-1383.activator",
      organisationId: "kommun-1383",
      roles: ["activator"],
    });
    const decided = (await (
      await decide({ needed: 1, chiefUnreachable: "Ringt förvaltningschefen, inget svar" }, tib)
    ).json()) as Activation;
    const varbergLead = await ns.headers({
      userId: "kommun-1383.posom-lead",
      organisationId: "kommun-1383",
      roles: ["posom-lead"],
    });
    expect((await postJson(`${service.url}/activations/${decided.id}/close`, {}, varbergLead)).status).toBe(
      200,
    );
    const closed = await waitFor(() =>
      events.find((e) => e.type === "activation.closed" && e.aggregateId === decided.id),
    );
    expect((closed.data as { evaluation: unknown }).evaluation).toMatchObject({
      ownerPersonId: people.varberg1,
      ownerFunctionTitle: "POSOM-samordnare",
    });
    // PKL's samordnare is on the region's ledningsgrupp list: PKL's evaluation is theirs (Halland).
    const pkl = (await (
      await decide(
        { group: "pkl", organisationId: "region-13", needed: 1, consultedWith: "Tina Tib, TIB" },
        region,
      )
    ).json()) as Activation;
    expect((await postJson(`${service.url}/activations/${pkl.id}/close`, {}, region)).status).toBe(200);
    const pklClosed = await waitFor(() =>
      events.find((e) => e.type === "activation.closed" && e.aggregateId === pkl.id),
    );
    expect((pklClosed.data as { evaluation: unknown }).evaluation).toMatchObject({
      ownerPersonId: people.pklCoordinator,
      ownerFunctionTitle: "PKL-samordnare",
    });
    // Laholm's list names no coordinator: its kommunchef, who decided, owns the evaluation.
    const laholm = (await (await decide({ needed: 1 })).json()) as Activation;
    expect((await postJson(`${service.url}/activations/${laholm.id}/close`, {}, lead)).status).toBe(200);
    const laholmClosed = await waitFor(() =>
      events.find((e) => e.type === "activation.closed" && e.aggregateId === laholm.id),
    );
    expect((laholmClosed.data as { evaluation: unknown }).evaluation).toMatchObject({
      ownerPersonId: people.kommunchef,
      ownerFunctionTitle: "Kommunchef",
    });
  });

  it("audits every read of who was called and keeps those reads out of caches", async () => {
    const activation = (await (await decide({ needed: 1 })).json()) as Activation;
    const { db } = service.context.database;
    const rowsFor = async (userId: string) =>
      (await db.select().from(auditLog).where(eq(auditLog.actorUserId, userId))).filter(
        (r) => r.incidentId === incidentId && r.action === "read",
      ).length;
    const before = await rowsFor("kommun-1381.posom-lead");
    const response = await fetch(`${service.url}/activations/${activation.id}`, { headers: lead });
    expect(response.headers.get("cache-control")).toBe("no-store");
    const own = (await response.json()) as Activation;
    expect(own.callOuts).toHaveLength(3);
    // The organisation's own lead sees who decided and why (one more audited read: the decider),
    // but not the login subject they signed in as: that is for the organisation's admin.
    expect(own.decidedBy.name).toBeTruthy();
    expect(own.decidedBy.personId).toBeTruthy();
    expect(own.decidedBy.userId).toBeUndefined();
    expect(own.reason).toBeTruthy();
    expect(await rowsFor("kommun-1381.posom-lead")).toBe(before + 4);
    // The decision wrote the call list: one "write" row per person, by the kommunchef.
    const written = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.reason, `activation ${activation.id}`));
    expect(written.map((r) => [r.action, r.actorUserId, r.subjectOrganisationId])).toEqual(
      Array(3).fill(["write", "kommun-1381.activator", "kommun-1381"]),
    );
    // Another organisation in the county sees the incident's activations as counts, without names.
    const linked = (await (
      await fetch(`${service.url}/incidents/${incidentId}/activations`, { headers: halmstad })
    ).json()) as Activation[];
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.every((a) => a.organisationId !== "kommun-1380" || a.callOuts.length > 0)).toBe(true);
    expect(
      linked.filter((a) => a.organisationId === "kommun-1381").every((a) => a.callOuts.length === 0),
    ).toBe(true);
    // Need to know: that Laholm decided, when and by which function — not by whom, under which
    // login, or why.
    for (const a of linked.filter((l) => l.organisationId === "kommun-1381")) {
      expect(Object.keys(a.decidedBy).sort()).toEqual(["functionId", "functionTitle"]);
      expect(a.reason).toBeUndefined();
      expect(a.decidedAt).toBeTruthy();
    }
    const admin = await ns.headers({
      userId: "kommun-1381.org-admin",
      organisationId: "kommun-1381",
      roles: ["posom-lead", "org-admin"],
    });
    const adminView = (await (
      await fetch(`${service.url}/activations/${activation.id}`, { headers: admin })
    ).json()) as Activation;
    expect(adminView.decidedBy.userId).toBe("kommun-1381.activator");
    // Each organisation's admin reviews its own trail: Laholm's holds these reads, Halmstad's does not.
    const trail = async (organisationId: string) => {
      const headers = await ns.headers({ organisationId, roles: ["org-admin"] });
      const response = await fetch(`${service.url}/audit?limit=1000`, { headers });
      expect(response.headers.get("cache-control")).toBe("no-store");
      return (await response.json()) as {
        actorUserId: string;
        subjectOrganisationId: string;
        actorOrganisationId: string;
      }[];
    };
    expect(
      (await trail("kommun-1381")).filter((r) => r.actorUserId === "kommun-1381.posom-lead").length,
    ).toBe(before + 4);
    expect(
      (await trail("kommun-1380")).every(
        (r) => r.subjectOrganisationId === "kommun-1380" || r.actorOrganisationId === "kommun-1380",
      ),
    ).toBe(true);
    // (Other organisations see the deciding function only.)
    expect(JSON.stringify(linked)).not.toMatch(/Lars Gruppsson|Lotta Gruppsson|Sara Stöd|Petra PKL|\+4670/);
  });

  it("closing an incident lists and ends its activations; answers and new activations are refused", async () => {
    const incident = (await (await postJson(`${service.url}/incidents`, laholmIncident, lead)).json()) as {
      id: string;
    };
    const activation = (await (await decide({ incidentId: incident.id, needed: 1 })).json()) as Activation;
    const pkl = await decide(
      { incidentId: incident.id, group: "pkl", consultedWith: "Tina Tib, TIB" },
      region,
    );
    expect(pkl.status).toBe(201);
    const linked = (await (
      await fetch(`${service.url}/incidents/${incident.id}/activations`, { headers: lead })
    ).json()) as Activation[];
    expect(linked.map((a) => a.organisationId).sort()).toEqual(["kommun-1381", "region-13"]);

    const message = await waitFor(async () => (await sent(activation.id))[0]);
    const closeUrl = `${service.url}/incidents/${incident.id}/close`;
    // Only Laholm closes Laholm's incident.
    expect((await postJson(closeUrl, {}, halmstad)).status).toBe(403);
    const closed = await postJson(closeUrl, {}, lead);
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({ id: incident.id, status: "closed" });
    expect((await postJson(closeUrl, {}, lead)).status).toBe(409);
    expect((await read(activation.id)).status).toBe("closed");
    const event = await waitFor(() =>
      events.find((e) => e.type === "incident.closed" && e.aggregateId === incident.id),
    );
    expect(event.data).toMatchObject({ status: "closed" });

    const link = linkOn(service.url, message.answerLink);
    expect((await postJson(link.url, { token: link.token, answer: "accept" })).status).toBe(409);
    expect((await decide({ incidentId: incident.id })).status).toBe(409);
  });
});
