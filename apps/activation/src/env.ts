import { trustedProxies } from "@krisstod/auth";
import { parseEnv } from "@krisstod/config";
import { z } from "zod";

/**
 * The activation service's own settings (beyond the common service env), parsed once at start.
 * With no provider configured, every message goes to the development outbox (the embedded default).
 */
export const activationEnv = z
  .object({
    /** HS256 secret for answer links; the development default only suits the embedded default. */
    ANSWER_LINK_SECRET: z
      .string()
      .min(32, "must be at least 32 characters")
      .default("krisstod-development-answer-link-secret-not-for-production"),
    ANSWER_LINK_TTL_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(10_080)
      .default(24 * 60),
    /**
     * Answer-link requests (page and answer) allowed per minute: per link for a link that
     * verifies, per client address for everything else.
     */
    ANSWER_LINK_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(60),
    /**
     * Reverse proxies in front of the service (addresses or CIDR ranges, comma-separated), whose
     * X-Forwarded-For names the client. Empty: the peer's address is the client's.
     */
    TRUSTED_PROXIES: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean),
      )
      .superRefine((entries, ctx) => {
        try {
          trustedProxies(entries);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : "invalid" });
        }
      }),
    /** Where people open answer links, e.g. the dashboard's proxy to this service. */
    ANSWER_LINK_BASE_URL: z.url().optional(),
    /** How long a called person has to answer before the next on the list is called. */
    CALLOUT_WAIT_MS: z.coerce
      .number()
      .int()
      .min(50)
      .max(86_400_000)
      .default(5 * 60_000),
    /** Days after closing an activation that its evaluation is due (unless the close names a date). */
    EVALUATION_DUE_DAYS: z.coerce.number().int().min(1).max(365).default(14),
    TIMER_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
    SENDER_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
    ROSTER_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3_000),
    /** SMS over 46elks' HTTP API (https://46elks.com/docs/send-sms) when set. */
    SMS_API_URL: z.url().optional(),
    SMS_API_USERNAME: z.string().min(1).optional(),
    SMS_API_PASSWORD: z.string().min(1).optional(),
    SMS_FROM: z.string().min(1).max(11).default("Krisstod"),
    /** E-mail over SMTP (nodemailer connection URL, e.g. smtps://user:pass@mail.example.se) when set. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
      .optional(),
    EMAIL_FROM: z.string().min(3).default("Krisstöd <noreply@krisstod.local>"),
  })
  .refine((env) => !env.SMS_API_URL || (env.SMS_API_USERNAME && env.SMS_API_PASSWORD), {
    path: ["SMS_API_USERNAME"],
    message: "SMS_API_USERNAME and SMS_API_PASSWORD are required with SMS_API_URL",
  });
export type ActivationEnv = z.infer<typeof activationEnv>;

export function loadActivationEnv(overrides: Record<string, string> = {}): ActivationEnv {
  return parseEnv(activationEnv, { ...process.env, ...overrides });
}
