import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface SmsRequest {
  idempotencyKey: string | undefined;
  to: string;
  message: string;
  status: number;
}

/**
 * A local HTTP server standing in for the SMS gateway (46elks' /a1/sms shape): the one external
 * party these tests fake. It records every request and can be switched to answer 503.
 */
export async function startFakeSmsProvider() {
  const requests: SmsRequest[] = [];
  let up = true;
  const server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    request.on("end", () => {
      const form = new URLSearchParams(raw);
      const authorised =
        request.headers.authorization === `Basic ${Buffer.from("elks:secret").toString("base64")}`;
      const status = !authorised ? 401 : up ? 200 : 503;
      requests.push({
        idempotencyKey: request.headers["idempotency-key"] as string | undefined,
        to: form.get("to") ?? "",
        message: form.get("message") ?? "",
        status,
      });
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(status === 200 ? { id: `s${requests.length}`, status: "created" } : {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/a1/sms`,
    requests,
    /** Requests the gateway accepted. */
    delivered: () => requests.filter((r) => r.status === 200),
    setUp(value: boolean) {
      up = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
