import { createLogger } from "@krisstod/logging";
import { createTestNamespace } from "@krisstod/testing";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { natsConnectOptions, RpcError, requestRpc, serveRpc } from "../src/index.ts";

describe("request/reply over NATS", () => {
  let nc: NatsConnection;
  let subject: string;
  const Request = z.object({ organisationId: z.string().min(2) });
  const Response = z.object({ members: z.array(z.string()) });

  beforeAll(async () => {
    const ns = await createTestNamespace();
    nc = await connect(natsConnectOptions(ns.natsUrl));
    subject = `${ns.natsNamespace}.rpc.roster.call-list`;
    serveRpc({
      nc,
      subject,
      queue: "roster",
      request: Request,
      logger: createLogger("test", "silent"),
      handle: async ({ organisationId }) => {
        if (organisationId === "kommun-0000") throw new Error("database down");
        return { members: [`${organisationId}:anna`, `${organisationId}:bo`] };
      },
    });
  });
  afterAll(() => nc?.drain());

  it("answers a valid request with a parsed reply", async () => {
    const reply = await requestRpc({
      nc,
      subject,
      body: { organisationId: "kommun-1381" },
      response: Response,
    });
    expect(reply.members).toEqual(["kommun-1381:anna", "kommun-1381:bo"]);
  });

  it("refuses an invalid request without calling the handler", async () => {
    await expect(
      requestRpc({ nc, subject, body: { organisationId: 7 }, response: Response }),
    ).rejects.toMatchObject({
      code: "invalid",
    });
  });

  it("reports a failed handler without leaking its error", async () => {
    const failure = requestRpc({ nc, subject, body: { organisationId: "kommun-0000" }, response: Response });
    await expect(failure).rejects.toBeInstanceOf(RpcError);
    await expect(failure).rejects.toMatchObject({ code: "failed", message: "request failed" });
  });

  it("says unavailable when nobody answers", async () => {
    await expect(
      requestRpc({ nc, subject: `${subject}.nobody`, body: {}, response: Response, timeoutMs: 300 }),
    ).rejects.toMatchObject({ code: "unavailable" });
  });
});
