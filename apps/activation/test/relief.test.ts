import { type Activation, AnswerLinkState, MyAssignments, Problem, ReliefResult } from "@krisstod/contracts";
import { hallandPeople as people, waitFor } from "@krisstod/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../src/db/schema.ts";
import { type EscalationFixture, startEscalationFixture, statusOf } from "./escalation-fixture.ts";
import { linkOn, outbox, postJson } from "./support.ts";

/**
 * Enköping: "Vid en långvarig kris behöver aktiva lösas av samtidigt som dessa också har ett
 * ordinarie arbete att utföra." Laholm 3.2, the ledningsgrupp during the crisis: "Ansvara för att
 * stödpersoner ges möjlighet till uppsamling och stödjande samtal vid behov."
 */
describe("relieving people on duty in a long crisis", () => {
  let f: EscalationFixture;

  beforeAll(async () => {
    f = await startEscalationFixture();
  });
  afterAll(() => f?.stop());

  const relieve = (activationId: string, personId: string, body?: unknown, as = f.lead) =>
    fetch(`${f.service.url}/activations/${activationId}/call-outs/${personId}/relieve`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...as },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const messagesOf = (activationId: string, n: number) =>
    waitFor(async () => {
      const m = await outbox(f.service.url, activationId, f.lead);
      return m.length === n && m;
    });
  /** Laholm's support persons (Sara, then Sven on the list), one needed, under a new ledningsgrupp activation. */
  const supportPersonsCalled = async () => {
    const management = await f.decide({ needed: 1 });
    return f.decide({ group: "support-persons", parentActivationId: management.id, needed: 1 }, f.member);
  };
  const accept = async (activationId: string, personId: string) => {
    const messages = await outbox(f.service.url, activationId, f.lead);
    const link = linkOn(f.service.url, messages.find((m) => m.personId === personId)?.answerLink ?? "");
    const answered = await postJson(link.url, { token: link.token, answer: "accept" });
    expect(answered.status, await answered.clone().text()).toBe(200);
  };

  it("relieves one on duty: told with the gathering for a supportive talk, the next on the list called, both counted as having taken part", async () => {
    const activation = await supportPersonsCalled();
    await messagesOf(activation.id, 1);
    await accept(activation.id, people.sp1);
    expect((await f.read(activation.id)).status).toBe("staffed");

    const gathering = "Kl. 18 i kommunhuset, rum 3, med Företagshälsovården";
    const relieved = await relieve(activation.id, people.sp1, { gathering });
    expect(relieved.status, await relieved.clone().text()).toBe(200);
    const result = ReliefResult.parse(await relieved.json());
    expect(result).toMatchObject({ personId: people.sp1, called: 1, needed: 1, status: "calling" });
    expect(result.counts).toMatchObject({ accepted: 0, relieved: 1, awaiting: 1, queued: 0 });

    // The board: Sara relieved (and when), Sven asked in her place.
    const board = await f.read(activation.id);
    expect(statusOf(board)).toEqual({ [people.sp1]: "relieved", [people.sp2]: "called" });
    expect(board.callOuts.find((c) => c.personId === people.sp1)?.relievedAt).toBe(result.relievedAt);
    expect(board.counts).toMatchObject({ accepted: 0, relieved: 1 });

    // Sara is texted that she is relieved, with the gathering; Sven gets his call-out.
    const messages = await messagesOf(activation.id, 3);
    const toSara = messages.filter((m) => m.personId === people.sp1);
    expect(toSara).toHaveLength(2);
    const notice = toSara.find((m) => m.body.includes("avlöst"));
    expect(notice?.body).toContain("Tack för din insats");
    expect(notice?.body).toContain(gathering);
    expect(messages.find((m) => m.personId === people.sp2)?.body).toContain("du tillfrågas om insats");

    // Her link says she is relieved; she cannot say yes again through it.
    const link = linkOn(f.service.url, notice?.answerLink ?? "");
    const page = await fetch(`${link.url}?token=${encodeURIComponent(link.token)}`, {
      headers: { Accept: "application/json" },
    });
    expect(page.status).toBe(409);
    expect(AnswerLinkState.parse(await page.json())).toMatchObject({
      settled: true,
      relieved: true,
      gathering,
    });
    const html = await (await fetch(`${link.url}?token=${encodeURIComponent(link.token)}`)).text();
    expect(html).toContain("Du är avlöst");
    const again = await postJson(link.url, { token: link.token, answer: "accept" });
    expect(again.status).toBe(409);
    expect(Problem.parse(await again.json()).code).toBe("already-answered");

    // Her own page keeps the assignment, relieved, with the gathering.
    const mine = MyAssignments.parse(
      await (await fetch(`${f.service.url}/me/assignments`, { headers: f.support })).json(),
    );
    expect(mine.assignments.find((a) => a.activationId === activation.id)).toMatchObject({
      relievedAt: result.relievedAt,
      gathering,
    });

    // The live picture hears it: Sara's change with the counts, and the activation calling again.
    await waitFor(() =>
      f.events.some(
        (e) =>
          e.type === "activation.status-changed" &&
          (e.data as { activationId: string; status: string }).activationId === activation.id &&
          (e.data as { status: string }).status === "calling" &&
          (e.data as { counts: { relieved: number } }).counts.relieved === 1,
      ),
    );
    const change = f.events.find(
      (e) =>
        e.type === "activation.call-out-changed" &&
        (e.data as { activationId: string }).activationId === activation.id &&
        (e.data as { change: string }).change === "relieved",
    );
    expect(change?.data).toMatchObject({ personId: people.sp1, counts: { accepted: 0, relieved: 1 } });
    expect(JSON.stringify(change)).not.toContain("kommunhuset");

    // Her number was used to tell her, Sven's to call him: one audit row each.
    const audited = await f.service.context.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.reason, `relief in activation ${activation.id}`));
    expect(audited.map((r) => [r.action, r.subjectId]).sort()).toEqual([
      ["write", people.sp1],
      ["write", people.sp2],
    ]);

    // Sven comes; relieving him too needs a replacement nobody is left to be: refused, nothing changed.
    await accept(activation.id, people.sp2);
    expect((await f.read(activation.id)).status).toBe("staffed");
    const nobody = await relieve(activation.id, people.sp2);
    expect(nobody.status).toBe(409);
    expect(Problem.parse(await nobody.json()).code).toBe("nobody-left-to-call");
    expect(statusOf(await f.read(activation.id))[people.sp2]).toBe("accepted");
    // Sara is relieved already: a second request texts nobody.
    const twice = await relieve(activation.id, people.sp1, { gathering });
    expect(twice.status).toBe(409);
    expect(Problem.parse(await twice.json()).code).toBe("not-on-duty");
    // Without a replacement the need is one smaller, and the activation stays staffed.
    const smaller = ReliefResult.parse(
      await (await relieve(activation.id, people.sp2, { replace: false })).json(),
    );
    expect(smaller).toMatchObject({ called: 0, needed: 0, status: "staffed" });
    // Told he is relieved: Sara's call and notice, Sven's call and notice.
    const told = await messagesOf(activation.id, 4);
    expect(told.filter((m) => m.personId === people.sp2 && m.body.includes("avlöst"))).toHaveLength(1);

    // Both took part: the close names them for the debrief and the evaluation.
    expect((await postJson(`${f.service.url}/activations/${activation.id}/close`, {}, f.lead)).status).toBe(
      200,
    );
    const closed = await waitFor(() =>
      f.events.find(
        (e) =>
          e.type === "activation.closed" &&
          (e.data as { activationId: string }).activationId === activation.id,
      ),
    );
    expect((closed.data as { participantPersonIds: string[] }).participantPersonIds).toEqual(
      [people.sp1, people.sp2].sort(),
    );
  });

  it("refuses a relief outside the organisation, by a support person, with a bad field, of nobody on the list, or once closed", async () => {
    const activation: Activation = await supportPersonsCalled();
    await messagesOf(activation.id, 1);
    await accept(activation.id, people.sp1);

    expect((await relieve(activation.id, people.sp1, {}, f.halmstad)).status).toBe(403);
    expect((await relieve(activation.id, people.sp1, {}, f.support)).status).toBe(403);
    const bad = await relieve(activation.id, people.sp1, { replace: "ja", gathering: " " });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect(
      Problem.parse(await bad.json())
        .errors?.map((e) => e.field)
        .sort(),
    ).toEqual(["gathering", "replace"]);
    expect((await relieve(activation.id, people.lg1)).status).toBe(404);
    // Sven was never asked: nobody to relieve.
    const notOnDuty = await relieve(activation.id, people.sp2);
    expect(notOnDuty.status).toBe(409);
    expect(Problem.parse(await notOnDuty.json()).code).toBe("not-on-duty");
    expect(statusOf(await f.read(activation.id))).toEqual({
      [people.sp1]: "accepted",
      [people.sp2]: "queued",
    });

    expect((await postJson(`${f.service.url}/activations/${activation.id}/close`, {}, f.lead)).status).toBe(
      200,
    );
    const closed = await relieve(activation.id, people.sp1);
    expect(closed.status).toBe(409);
    expect(Problem.parse(await closed.json()).code).toBe("activation-closed");
  });
});
