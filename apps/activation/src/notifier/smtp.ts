import { createTransport } from "nodemailer";
import type { Notifier } from "./notifier.ts";

/**
 * E-mail over SMTP. The Message-ID header is derived from our message id, so a repeated send after
 * a crash carries the same id and mail clients show it once.
 */
export function smtpNotifier(options: { url: string; from: string }): Notifier & { close(): void } {
  const transport = createTransport(options.url);
  return {
    async send(message) {
      const info = await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.body,
        messageId: `<${message.id}@krisstod.activation>`,
      });
      return { reference: info.messageId };
    },
    close: () => transport.close(),
  };
}
