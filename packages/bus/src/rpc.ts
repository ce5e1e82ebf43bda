import type { Logger } from "@krisstod/logging";
import { contextFromHeaders, injectTraceContext, inSpan, SpanKind } from "@krisstod/tracing";
import { type Msg, headers as natsHeaders, type Subscription } from "@nats-io/nats-core";
import type { z } from "zod";
import type { NatsConnection } from "./connection.ts";

type RpcCode = "invalid" | "failed" | "forbidden";
type RpcReply<T> = { ok: true; result: T } | { ok: false; error: string; code: RpcCode };

/** Thrown to a requester when the responder refused or failed the request. */
export class RpcError extends Error {
  override readonly name = "RpcError";
  constructor(
    message: string,
    readonly code: RpcCode | "unavailable",
  ) {
    super(message);
  }
}

/** Thrown by a responder's `caller` or `handle` to refuse the asker (answered with code "forbidden"). */
export class RpcRefusedError extends Error {
  override readonly name = "RpcRefusedError";
}

/** The header an RPC request carries the caller's access token in, as HTTP does. */
export const RPC_AUTHORIZATION_HEADER = "Authorization";

/**
 * Answers requests on a subject. Every replica joins one queue group, so each request is answered
 * once. The request is parsed against its contract before the handler sees it. With `caller`, the
 * asker is established first from the request's Authorization header (e.g. by verifying the access
 * token against the issuer's keys); it throws RpcRefusedError to refuse.
 */
export function serveRpc<Req extends z.ZodType, Res, Caller = undefined>(options: {
  nc: NatsConnection;
  subject: string;
  queue: string;
  request: Req;
  logger: Logger;
  caller?: (authorization: string | undefined) => Promise<Caller>;
  handle: (request: z.infer<Req>, caller: Caller) => Promise<Res>;
}): Subscription {
  const encoder = (reply: RpcReply<Res>) => JSON.stringify(reply);
  return options.nc.subscribe(options.subject, {
    queue: options.queue,
    callback: (error, message) => {
      if (error) {
        options.logger.error({ err: String(error), subject: options.subject }, "rpc subscription failed");
        return;
      }
      // The asker's trace continues here (requestRpc put its context in the headers).
      void inSpan(
        `rpc ${options.subject}`,
        { kind: SpanKind.SERVER, parent: contextFromHeaders(message.headers) },
        () => answer(message),
      );
    },
  });

  async function answer(message: Msg): Promise<void> {
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
      const caller = options.caller
        ? await options.caller(message.headers?.get(RPC_AUTHORIZATION_HEADER) || undefined)
        : (undefined as Caller);
      message.respond(encoder({ ok: true, result: await options.handle(parsed.data, caller) }));
    } catch (handlerError) {
      if (handlerError instanceof RpcRefusedError) {
        options.logger.warn({ subject: options.subject, reason: handlerError.message }, "rpc refused");
        message.respond(encoder({ ok: false, code: "forbidden", error: handlerError.message }));
        return;
      }
      options.logger.error({ err: String(handlerError), subject: options.subject }, "rpc handler failed");
      message.respond(encoder({ ok: false, code: "failed", error: "request failed" }));
    }
  }
}

/**
 * Sends a request and parses the reply against its contract. With `token` (the access token of the
 * person on whose behalf it asks) it carries `Authorization: Bearer …`, so the responder verifies
 * who is asking instead of trusting a name in the body.
 */
export async function requestRpc<Res extends z.ZodType>(options: {
  nc: NatsConnection;
  subject: string;
  body: unknown;
  response: Res;
  timeoutMs?: number;
  token?: string;
}): Promise<z.infer<Res>> {
  // The caller's trace context goes along, so the responder's span joins the request's trace.
  const headers = injectTraceContext(natsHeaders());
  if (options.token) headers.set(RPC_AUTHORIZATION_HEADER, `Bearer ${options.token}`);
  let reply: RpcReply<unknown>;
  try {
    const message = await options.nc.request(options.subject, JSON.stringify(options.body), {
      timeout: options.timeoutMs ?? 3_000,
      headers,
    });
    reply = message.json<RpcReply<unknown>>();
  } catch (error) {
    throw new RpcError(`no answer on ${options.subject}: ${String(error)}`, "unavailable");
  }
  if (!reply.ok) throw new RpcError(reply.error, reply.code);
  return options.response.parse(reply.result);
}
