import { connectNats, requestRpc } from "@krisstod/bus";
import {
  type Activation,
  AuthorisedActivatorsResponse,
  CallListResponse,
  Problem,
  rosterRpc,
  subjects,
} from "@krisstod/contracts";
import { createLogger } from "@krisstod/logging";
import { createRosterService } from "@krisstod/roster";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, halland, signInAndWatch, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createActivationService } from "../src/service.ts";
import { laholmIncident, linkOn, outbox, postJson, signIn } from "./support.ts";

/** Against the real roster service with its Halland demo data, over the real NATS. */
describe("activation decisions checked by the roster service", () => {
  const stops: (() => Promise<void>)[] = [];
  let service: RunningService;
  let activators: AuthorisedActivatorsResponse;
  let management: CallListResponse;
  let incidentId: string;
  let lead: Record<string, string>;
  let chief: Record<string, string>;
  let member: Record<string, string>;
  let halmstadActivator: Record<string, string>;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    // The development issuer's demo users: the roster's demo data gives them login subjects.
    ({
      as: { lead, chief, member, halmstadActivator },
    } = await signInAndWatch(ns, {
      lead: signIn.laholmLead,
      chief: signIn.laholmChief,
      member: signIn.laholmMember,
      halmstadActivator: halland.halmstadActivator,
    }));
    const roster = await startService(createRosterService(), ns.serviceEnv({ DEMO_DATA: true }));
    stops.push(roster.stop);
    service = await startService(createActivationService({ CALLOUT_WAIT_MS: "60000" }), ns.serviceEnv());
    stops.push(service.stop);

    const nc = await connectNats({ servers: ns.natsUrl, name: "t", logger: createLogger("t", "silent") });
    stops.push(() => nc.drain());
    const ask = (operation: string) => subjects.rpc(ns.natsNamespace, "roster", operation);
    // On behalf of the signed-in lead, as activation itself asks.
    const token = await ns.token(signIn.laholmLead);
    activators = await requestRpc({
      nc,
      subject: ask(rosterRpc.activators),
      body: { organisationId: "kommun-1381" },
      response: AuthorisedActivatorsResponse,
      token,
    });
    management = await requestRpc({
      nc,
      subject: ask(rosterRpc.callList),
      body: { organisationId: "kommun-1381", group: "management" },
      response: CallListResponse,
      token,
    });
    incidentId = (
      (await (await postJson(`${service.url}/incidents`, laholmIncident, lead)).json()) as { id: string }
    ).id;
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  const decide = (body: Record<string, unknown>, as: Record<string, string>) =>
    postJson(`${service.url}/activations`, { incidentId, group: "management", ...body }, as);

  it("refuses a signed-in ledningsgrupp member who holds no authorised function", async () => {
    const response = await decide({ reason: "Bussolycka" }, member);
    expect(response.status).toBe(403);
    const problem = Problem.parse(await response.json());
    expect(problem.detail).toContain("Kommunchef");
    expect(problem.code).toBe("not-authorised-activator");
  });

  it("tells each signed-in person which groups they may activate, as a decision would be judged", async () => {
    const groupsOf = async (as: Record<string, string>) =>
      ((await (await fetch(`${service.url}/me/decisions`, { headers: as })).json()) as { groups: string[] })
        .groups;
    // Laholm 3.1: its functions "har befogenhet att besluta om aktivering av POSOMs ledningsgrupp":
    // the kommunchef activates the ledningsgrupp only.
    expect(await groupsOf(chief)).toEqual(["management"]);
    // Halmstad's list is a POSOM page's ("POSOM gruppen kan aktiveras av …"): any group.
    expect(await groupsOf(halmstadActivator)).toEqual(["management", "support-persons"]);
    // The POSOM lead and a ledningsgrupp member are on the ledningsgrupp's list, with no function:
    // the support persons only (once the ledningsgrupp is activated).
    expect(await groupsOf(lead)).toEqual(["support-persons"]);
    expect(await groupsOf(member)).toEqual(["support-persons"]);
  });

  it("accepts Laholm's signed-in kommunchef and calls the first of the ledningsgrupp's list", async () => {
    const chiefInRoster = activators.persons.find((p) => p.functionTitle === "Kommunchef");
    expect(chiefInRoster).toBeDefined();
    const response = await decide({ reason: "Bussolycka med många inblandade", needed: 2 }, chief);
    expect(response.status).toBe(201);
    const activation = (await response.json()) as Activation;
    expect(activation.decidedBy).toMatchObject({
      personId: chiefInRoster?.personId,
      name: chiefInRoster?.name,
      functionTitle: "Kommunchef",
      userId: "kommun-1381.activator",
    });
    expect(activation.counts).toMatchObject({ listed: management.entries.length, called: 2 });
    const firstTwo = [...management.entries].sort((a, b) => a.position - b.position).slice(0, 2);
    const messages = await waitFor(async () => {
      const m = await outbox(service.url, activation.id, lead);
      return m.filter((x) => x.channel === "sms").length === 2 && m;
    });
    expect([...new Set(messages.map((m) => m.personId))].sort()).toEqual(
      firstTwo.map((e) => e.personId).sort(),
    );
  });

  // Laholm 3.1: "Följande funktioner … har befogenhet att besluta om aktivering av POSOMs
  // ledningsgrupp … POSOMs ledningsgrupp i sin tur gör en bedömning huruvida POSOMs stödpersoner
  // ska aktiveras. Denna bedömning görs av POSOMs ledningsgrupp i samråd med den som aktiverat
  // ledningsgruppen."
  it("lets Laholm's kommunchef activate the ledningsgrupp, and leaves the support persons to the ledningsgrupp (Laholm 3.1)", async () => {
    const group = await decide({ reason: "Brand i flerfamiljshus", needed: 1 }, chief);
    expect(group.status, await group.clone().text()).toBe(201);
    const parentActivationId = ((await group.json()) as Activation).id;
    const support = { group: "support-persons", parentActivationId, needed: 1, reason: "Många drabbade" };
    const byChief = await decide(support, chief);
    expect(byChief.status).toBe(403);
    const problem = Problem.parse(await byChief.json());
    expect(problem.code).toBe("function-activates-ledningsgrupp-only");
    expect(problem.detail).toContain("ledningsgrupp's own decision");
    // The ledningsgrupp decides, in consultation with the kommunchef who activated it.
    const byGroup = await decide(support, member);
    expect(byGroup.status, await byGroup.clone().text()).toBe(201);
    const decided = (await byGroup.json()) as Activation;
    expect(decided.decidedBy.functionId).toBe("management");
    expect(decided.consultedWith).toContain("Kommunchef");
  });

  it("calls the next on the list at once when someone declines, without waiting out the timer", async () => {
    const activation = (await (
      await decide({ reason: "Bussolycka", needed: 1 }, chief)
    ).json()) as Activation;
    const [first, second] = [...management.entries].sort((a, b) => a.position - b.position);
    const message = await waitFor(async () =>
      (await outbox(service.url, activation.id, lead)).find(
        (m) => m.personId === first?.personId && m.channel === "sms",
      ),
    );
    const link = linkOn(service.url, message.answerLink);
    expect((await postJson(link.url, { token: link.token, answer: "decline" })).status).toBe(200);
    // The wait is a minute here, so only the decline can have called the second person.
    const after = await waitFor(async () => {
      const response = await fetch(`${service.url}/activations/${activation.id}`, { headers: lead });
      const a = (await response.json()) as Activation;
      return a.callOuts.find((c) => c.personId === second?.personId)?.status === "called" && a;
    });
    expect(after.counts).toMatchObject({ declined: 1, awaiting: 1 });
  });
});
