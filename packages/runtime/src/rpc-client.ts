import { accessTokenOf } from "@krisstod/auth";
import { RpcError, requestRpc } from "@krisstod/bus";
import { type Principal, type ServiceName, subjects } from "@krisstod/contracts";
import { ServiceUnavailableError, UnprocessableError } from "@krisstod/http";
import type { z } from "zod";
import type { ServiceContext } from "./index.ts";

/**
 * Asks another service over NATS request/reply on behalf of a signed-in person: the operation, its
 * body and the contract of the answer. The request carries that person's access token, which the
 * other service verifies itself.
 */
export type Ask = <R extends z.ZodType>(
  onBehalfOf: Principal,
  operation: string,
  body: unknown,
  response: R,
) => Promise<z.infer<R>>;

/**
 * Request/reply to another service (`subjects.rpc(namespace, service, operation)`) on behalf of a
 * signed-in person, its failures turned into what the caller can act on: the other service
 * refused the request (422, fix it), or did not answer (503, try again shortly; logged here).
 */
export function serviceRpc(context: ServiceContext, service: ServiceName, timeoutMs: number): Ask {
  return async (onBehalfOf, operation, body, response) => {
    try {
      return await requestRpc({
        nc: context.nc,
        subject: subjects.rpc(context.env.NATS_NAMESPACE, service, operation),
        body,
        response,
        timeoutMs,
        token: accessTokenOf(onBehalfOf),
      });
    } catch (error) {
      if (error instanceof RpcError && error.code === "invalid") {
        throw new UnprocessableError(`The ${service} service refused the request: ${error.message}`);
      }
      context.logger.warn({ err: String(error), service, operation }, `${service} request failed`);
      throw new ServiceUnavailableError(`The ${service} service did not answer; try again shortly.`);
    }
  };
}
