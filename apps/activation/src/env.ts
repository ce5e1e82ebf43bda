import { trustedProxies } from "@krisstod/auth";
import { type Environment, parseEnv, serviceEnv } from "@krisstod/config";
import { z } from "zod";

/** Set but empty (compose passes `${SMTP_URL:-}` through) reads as not set. */
const unlessEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/**
 * Without a real provider call-outs go to the development outbox: in production nobody would be
 * called and nothing would say so. So a production start needs both providers, unless
 * DEVELOPMENT_OUTBOX=true says a demonstration installation means it.
 */
const PROVIDERS = [
  {
    variable: "SMS_API_URL",
    configured: (env: { SMS_API_URL?: string }) => Boolean(env.SMS_API_URL),
    what: "an SMS provider (SMS_API_URL, SMS_API_USERNAME, SMS_API_PASSWORD)",
  },
  {
    variable: "SMTP_URL",
    configured: (env: { SMTP_URL?: string }) => Boolean(env.SMTP_URL),
    what: "a mail relay (SMTP_URL, e.g. smtps://user:password@mail.example.se)",
  },
] as const;

/**
 * The activation service's own settings (beyond the common service env), parsed once at start.
 * With no provider configured, every message goes to the development outbox (the embedded default);
 * a production start (NODE_ENV=production) without real providers is refused.
 */
const activationFields = z.object({
  NODE_ENV: z.string().optional(),
  /** A demonstration installation in production mode may keep the development outbox. */
  DEVELOPMENT_OUTBOX: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
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
  /**
   * The dashboard, for the link in a debrief offer to the person's own page; without it, the
   * answer links' base less a trailing /api/activation (the dashboard's proxy to this service).
   */
  DASHBOARD_URL: z.url().optional(),
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
  SMS_API_URL: unlessEmpty(z.url()),
  SMS_API_USERNAME: unlessEmpty(z.string().min(1)),
  SMS_API_PASSWORD: unlessEmpty(z.string().min(1)),
  SMS_FROM: z.string().min(1).max(11).default("Krisstod"),
  /** E-mail over SMTP (nodemailer connection URL, e.g. smtps://user:pass@mail.example.se) when set. */
  SMTP_URL: unlessEmpty(z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")),
  EMAIL_FROM: z.string().min(3).default("Krisstöd <noreply@krisstod.local>"),
  /**
   * The county this deployment serves, in the national topology (#23). With MUTUAL_AID_HUB_DOMAIN
   * it turns on mutual aid with other counties' deployments: a request to a neighbour in another
   * county goes over the national hub, and what other counties address to this one comes in.
   */
  COUNTY_CODE: unlessEmpty(z.string().regex(/^\d{2}$/, "must be a two-digit county code")),
  /** The national hub's JetStream domain (`national`, as in infra/nats/national-hub.conf). */
  MUTUAL_AID_HUB_DOMAIN: unlessEmpty(z.string().regex(/^[A-Za-z0-9_-]+$/, "a JetStream domain")),
  /** The hub's mutual-aid exchange stream (infra/nats/national-aid.json). */
  MUTUAL_AID_HUB_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "a stream name")
    .default("KS_AID"),
});

/** The checks across variables: SMS credentials with its URL, real providers in production. */
function withProviderChecks<S extends z.ZodType<z.infer<typeof activationFields>>>(schema: S) {
  return schema
    .refine((env) => !env.MUTUAL_AID_HUB_DOMAIN || env.COUNTY_CODE, {
      path: ["COUNTY_CODE"],
      message: "required with MUTUAL_AID_HUB_DOMAIN: the county whose mutual aid this deployment carries",
    })
    .refine((env) => !env.SMS_API_URL || (env.SMS_API_USERNAME && env.SMS_API_PASSWORD), {
      path: ["SMS_API_USERNAME"],
      message: "SMS_API_USERNAME and SMS_API_PASSWORD are required with SMS_API_URL",
    })
    .superRefine((env, ctx) => {
      if (env.NODE_ENV !== "production" || env.DEVELOPMENT_OUTBOX) return;
      for (const provider of PROVIDERS) {
        if (provider.configured(env)) continue;
        ctx.addIssue({
          code: "custom",
          path: [provider.variable],
          message: `required in production (NODE_ENV=production): without ${provider.what} call-outs would go to the development outbox and nobody would be called (DEVELOPMENT_OUTBOX=true only for a demonstration installation)`,
        });
      }
    });
}

export const activationSettings = withProviderChecks(activationFields);
export type ActivationSettings = z.infer<typeof activationFields>;

/** What main.ts validates at start: the variables every service reads, and these. */
export const activationEnv = withProviderChecks(serviceEnv.extend(activationFields.shape));

/** The service's own settings from `environment` (unset: the defaults); throws ConfigError naming a bad one. */
export function activationSettingsFrom(environment: Environment = {}): ActivationSettings {
  return parseEnv(activationSettings, environment);
}
