import { pino } from "pino";

export type Logger = pino.Logger;
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/**
 * One JSON line per log record. Personal data of affected people must never be passed to a
 * logger: the redaction below is a second line of defence for the field names we use.
 */
export function createLogger(service: string, level: LogLevel = "info"): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        "*.personalIdentityNumber",
        "*.phone",
        "*.name",
        "req.headers.authorization",
        "headers.authorization",
      ],
      censor: "[redacted]",
    },
  });
}
