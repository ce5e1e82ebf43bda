import type { Logger } from "@krisstod/logging";
import type { Subscription } from "@nats-io/nats-core";
import type { z } from "zod";
import type { NatsConnection } from "./connection.ts";

type RpcReply<T> = { ok: true; result: T } | { ok: false; error: string; code: "invalid" | "failed" };

/** Thrown to a requester when the responder refused or failed the request. */
export class RpcError extends Error {
  override readonly name = "RpcError";
  constructor(
    message: string,
    readonly code: "invalid" | "failed" | "unavailable",
  ) {
    super(message);
  }
}

/**
 * Answers requests on a subject. Every replica joins one queue group, so each request is answered
 * once. The request is parsed against its contract before the handler sees it.
 */
export function serveRpc<Req extends z.ZodType, Res>(options: {
  nc: NatsConnection;
  subject: string;
  queue: string;
  request: Req;
  logger: Logger;
  handle: (request: z.infer<Req>) => Promise<Res>;
}): Subscription {
  const encoder = (reply: RpcReply<Res>) => JSON.stringify(reply);
  return options.nc.subscribe(options.subject, {
    queue: options.queue,
    callback: (error, message) => {
      if (error) {
        options.logger.error({ err: String(error), subject: options.subject }, "rpc subscription failed");
        return;
      }
      void (async () => {
        let body: unknown;
        try {
          body = message.json();
        } catch {
          message.respond(encoder({ ok: false, code: "invalid", error: "request is not JSON" }));
          return;
        }
        const parsed = options.request.safeParse(body);
        if (!parsed.success) {
          message.respond(encoder({ ok: false, code: "invalid", error: parsed.error.message }));
          return;
        }
        try {
          message.respond(encoder({ ok: true, result: await options.handle(parsed.data) }));
        } catch (handlerError) {
          options.logger.error({ err: String(handlerError), subject: options.subject }, "rpc handler failed");
          message.respond(encoder({ ok: false, code: "failed", error: "request failed" }));
        }
      })();
    },
  });
}

/** Sends a request and parses the reply against its contract. */
export async function requestRpc<Res extends z.ZodType>(options: {
  nc: NatsConnection;
  subject: string;
  body: unknown;
  response: Res;
  timeoutMs?: number;
}): Promise<z.infer<Res>> {
  let reply: RpcReply<unknown>;
  try {
    const message = await options.nc.request(options.subject, JSON.stringify(options.body), {
      timeout: options.timeoutMs ?? 3_000,
    });
    reply = message.json<RpcReply<unknown>>();
  } catch (error) {
    throw new RpcError(`no answer on ${options.subject}: ${String(error)}`, "unavailable");
  }
  if (!reply.ok) throw new RpcError(reply.error, reply.code);
  return options.response.parse(reply.result);
}
