import { RpcRefusedError } from "@krisstod/bus";
import type { Principal } from "@krisstod/contracts";
import { UnauthorizedError } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";

/**
 * Who asks roster over request/reply: the person whose access token the request carries (the
 * asking service forwards its HTTP caller's token), verified here against the issuer's keys like
 * an HTTP request. A request without a valid token is refused; names in the body are not trusted.
 * An identity provider outage is not the asker's fault and fails the request instead.
 */
export function rpcCaller(
  context: ServiceContext,
): (authorization: string | undefined) => Promise<Principal> {
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (!token)
      throw new RpcRefusedError("no access token: roster answers only on behalf of a signed-in user");
    try {
      return await context.verifier.verify(token);
    } catch (error) {
      if (error instanceof UnauthorizedError)
        throw new RpcRefusedError(`access token refused: ${error.message}`);
      throw error;
    }
  };
}
