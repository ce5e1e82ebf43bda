import { z } from "zod";
import type { Notifier } from "./notifier.ts";

const ElksResponse = z.object({ id: z.string() });

/**
 * SMS through 46elks (a Swedish gateway): POST form-encoded `from`, `to`, `message` with basic
 * auth to /a1/sms. The message id goes along as `Idempotency-Key` so a gateway (or proxy) that
 * honours it drops a repeat after a crash between delivery and bookkeeping.
 */
export function elksSmsNotifier(options: {
  url: string;
  username: string;
  password: string;
  from: string;
  timeoutMs?: number;
}): Notifier {
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString("base64")}`;
  return {
    async send(message) {
      const response = await fetch(options.url, {
        method: "POST",
        headers: {
          Authorization: authorization,
          "Content-Type": "application/x-www-form-urlencoded",
          "Idempotency-Key": message.id,
        },
        body: new URLSearchParams({ from: options.from, to: message.to, message: message.body }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (!response.ok) {
        throw new Error(`SMS gateway answered ${response.status}`);
      }
      const parsed = ElksResponse.safeParse(await response.json().catch(() => undefined));
      return parsed.success ? { reference: parsed.data.id } : {};
    },
  };
}
