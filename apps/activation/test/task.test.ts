import { AnswerLinkState, MyAssignments, Problem, TaskAssigned } from "@krisstod/contracts";
import { makePrincipal, hallandPeople as people, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activationView } from "../src/activations/view.ts";
import { type EscalationFixture, startEscalationFixture } from "./escalation-fixture.ts";
import { linkOn, outbox, postJson } from "./support.ts";

/**
 * Laholm 3.3: "Stödpersonernas uppdrag är att utföra de uppdrag som ges av ledningsgruppen.
 * Exempelvis: Vara mänskligt stöd till drabbade … Organisera stödcentra."
 */
describe("the ledningsgrupp gives a person on duty a task", () => {
  let f: EscalationFixture;

  beforeAll(async () => {
    f = await startEscalationFixture();
  });
  afterAll(() => f?.stop());

  const give = (activationId: string, personId: string, task: unknown, as = f.lead) =>
    fetch(`${f.service.url}/activations/${activationId}/call-outs/${personId}/task`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", ...as },
      body: JSON.stringify({ task }),
    });
  const messagesOf = (activationId: string, n: number) =>
    waitFor(async () => {
      const m = await outbox(f.service.url, activationId, f.lead);
      return m.length === n && m;
    });

  it("stores it, sends it to the person only, and shows it on their own pages, never in an event", async () => {
    const management = await f.decide({ needed: 1 });
    const activation = await f.decide(
      { group: "support-persons", parentActivationId: management.id, needed: 1 },
      f.member,
    );
    const [callOut] = await messagesOf(activation.id, 1);
    const task = "Organisera stödcentrum i Mellby skola tillsammans med Röda Korset";

    // Not on duty yet: nothing to give.
    const early = await give(activation.id, people.sp1, task);
    expect(early.status).toBe(409);
    expect(Problem.parse(await early.json()).code).toBe("not-on-duty");

    const link = linkOn(f.service.url, callOut?.answerLink ?? "");
    expect((await postJson(link.url, { token: link.token, answer: "accept" })).status).toBe(200);
    const tooShort = await give(activation.id, people.sp1, "x");
    expect(tooShort.status).toBe(400);
    expect(Problem.parse(await tooShort.json()).errors?.map((e) => e.field)).toEqual(["task"]);
    // Another organisation's lead does not direct Laholm's support persons.
    expect((await give(activation.id, people.sp1, task, f.halmstad)).status).toBe(403);

    const given = await give(activation.id, people.sp1, task);
    expect(given.status, await given.clone().text()).toBe(200);
    expect(TaskAssigned.parse(await given.json())).toMatchObject({ task, told: true });
    const messages = await messagesOf(activation.id, 2);
    expect(messages.filter((m) => m.body.includes(task)).map((m) => m.personId)).toEqual([people.sp1]);
    // The same task again sends nothing more.
    expect(TaskAssigned.parse(await (await give(activation.id, people.sp1, task)).json()).told).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await outbox(f.service.url, activation.id, f.lead)).toHaveLength(2);

    // The board of her own organisation shows it; her link's page and her own page say it.
    const board = await f.read(activation.id);
    expect(board.callOuts.find((c) => c.personId === people.sp1)?.task).toBe(task);
    const state = AnswerLinkState.parse(
      await (
        await fetch(`${link.url}?token=${encodeURIComponent(link.token)}`, {
          headers: { Accept: "application/json" },
        })
      ).json(),
    );
    expect(state.assignment?.task).toBe(task);
    const mine = MyAssignments.parse(
      await (await fetch(`${f.service.url}/me/assignments`, { headers: f.support })).json(),
    );
    expect(mine.assignments.find((a) => a.activationId === activation.id)?.task).toBe(task);

    // Another organisation does not see it: Halmstad may not read the activation at all, and the
    // county's view of it (Länsstyrelsen, the region) leaves tasks out; no event carries it.
    const seenByHalmstad = await fetch(`${f.service.url}/activations/${activation.id}`, {
      headers: f.halmstad,
    });
    expect(seenByHalmstad.status).toBe(403);
    const county = makePrincipal({ organisationId: "lansstyrelsen-13", roles: ["county-observer"] });
    expect(JSON.stringify(activationView(county, board))).not.toContain("Mellby skola");
    expect(
      JSON.stringify(
        activationView(makePrincipal({ organisationId: "kommun-1381", roles: ["posom-lead"] }), board),
      ),
    ).toContain("Mellby skola");
    expect(JSON.stringify(f.events)).not.toContain("Mellby skola");

    // Taken back: gone from her page, and nothing sent.
    expect((await give(activation.id, people.sp1, null)).status).toBe(200);
    expect(
      (await f.read(activation.id)).callOuts.find((c) => c.personId === people.sp1)?.task,
    ).toBeUndefined();
  });
});
