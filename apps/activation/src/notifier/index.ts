import type { Database } from "@krisstod/db";
import type { ActivationSettings } from "../env.ts";
import { devOutboxNotifier } from "./dev-outbox.ts";
import { channelNotifier, type Notifier } from "./notifier.ts";
import { elksSmsNotifier } from "./sms-46elks.ts";
import { smtpNotifier } from "./smtp.ts";

export { type Notifier, type OutgoingMessage, type SendOutcome, sendAll } from "./notifier.ts";

/** Real adapters where configured, the development outbox for every other channel. */
export function notifierFromEnv(
  env: ActivationSettings,
  db: Database,
): { notifier: Notifier; close(): void } {
  const devOutbox = devOutboxNotifier(db);
  const sms =
    env.SMS_API_URL && env.SMS_API_USERNAME && env.SMS_API_PASSWORD
      ? elksSmsNotifier({
          url: env.SMS_API_URL,
          username: env.SMS_API_USERNAME,
          password: env.SMS_API_PASSWORD,
          from: env.SMS_FROM,
        })
      : devOutbox;
  const smtp = env.SMTP_URL ? smtpNotifier({ url: env.SMTP_URL, from: env.EMAIL_FROM }) : undefined;
  return {
    notifier: channelNotifier({ sms, email: smtp ?? devOutbox }),
    close: () => smtp?.close(),
  };
}
