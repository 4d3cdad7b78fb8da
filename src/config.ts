// Environment → validated, typed configuration. Every variable, its default and meaning is in the README.
import { z } from "zod";
import {
  DEFAULT_WEBHOOK_SETTINGS,
  parseDuration,
  parseRetrySchedule,
  type WebhookSettings,
} from "./domain/webhooks/settings.js";
import { DEFAULT_RANKING, RankingConfig } from "./search/rank.js";

/** RANKING_WEIGHTS: JSON merged over the default ranking configuration (one level deep). */
const RankingOverride = z
  .string()
  .transform((raw, ctx) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "not valid JSON" });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string(), z.unknown()))
  .transform((override, ctx) => {
    const merged: Record<string, unknown> = { ...DEFAULT_RANKING };
    for (const [key, value] of Object.entries(override)) {
      const current = merged[key];
      merged[key] =
        current && typeof current === "object" && value && typeof value === "object"
          ? { ...current, ...value }
          : value;
    }
    const parsed = RankingConfig.safeParse(merged);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: "custom", message: `${issue.path.join(".")}: ${issue.message}` });
    return z.NEVER;
  });

/** WEBHOOK_RETRY_SCHEDULE: the waits before each retry, e.g. `5s,5m,30m,2h,5h,10h`, in ms. */
const RetrySchedule = z.string().transform((raw, ctx) => {
  const parsed = parseRetrySchedule(raw);
  if (parsed.ok) return parsed.schedule;
  ctx.addIssue({ code: "custom", message: parsed.reason });
  return z.NEVER;
});

/** A duration such as `5d` or `36h`, in ms. */
const Duration = z.string().transform((raw, ctx) => {
  const ms = parseDuration(raw);
  if (ms !== undefined && ms > 0) return ms;
  ctx.addIssue({
    code: "custom",
    message: `'${raw}' is not a duration: a number and ms, s, m, h or d (e.g. 5d)`,
  });
  return z.NEVER;
});

/** RATE_LIMIT's default: a busy integration or a reading manager stays well below it, a flood does not. */
export const DEFAULT_RATE_LIMIT = 600;

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_PATH: z.string().min(1).default("./data/samskab.db"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED: z.enum(["demo", "vocabulary", "none"]).default("demo"),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  RANKING_WEIGHTS: RankingOverride.optional(),
  /** Replaces the key kept in the database for signing page cursors (e.g. to share one between instances). */
  CURSOR_SECRET: z.string().min(32, "at least 32 characters (e.g. `openssl rand -base64 32`)").optional(),
  /** The master key: an admin key that lives only in the environment (e.g. `openssl rand -base64 32`). */
  ADMIN_KEY: z.string().min(32, "at least 32 characters (e.g. `openssl rand -base64 32`)").optional(),
  /** Personal data in stored text: refuse it (422) or store a marker instead. */
  PERSONAL_DATA: z.enum(["reject", "redact"]).default("reject"),
  /** Requests per minute per key (per address without a key); 0 turns limiting off. */
  RATE_LIMIT: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMIT),
  /** Origins (comma-separated) browsers may call the API from; none by default (CORS off). */
  CORS_ORIGINS: z
    .string()
    .transform((raw) =>
      raw
        .split(",")
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).origin)))
    .optional(),
  /** Waits before each webhook retry (comma-separated durations in s, m or h). */
  WEBHOOK_RETRY_SCHEDULE: RetrySchedule.optional(),
  /** Let webhooks deliver to loopback, private and link-local addresses (tests, closed networks). */
  WEBHOOK_ALLOW_PRIVATE: z
    .enum(["true", "false"], "true or false")
    .transform((value) => value === "true")
    .optional(),
  /** How long one delivery attempt may take. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).optional(),
  /** A webhook failing without a success for this long is disabled. */
  WEBHOOK_DISABLE_AFTER: Duration.optional(),
});

export type Config = {
  port: number;
  host: string;
  databasePath: string;
  logLevel: z.infer<typeof ConfigSchema>["LOG_LEVEL"];
  seed: z.infer<typeof ConfigSchema>["SEED"];
  bodyLimitBytes: number;
  shutdownGraceMs: number;
  ranking: RankingConfig;
  /** Signs page cursors instead of the key the service keeps in its database. */
  cursorSecret: Buffer | undefined;
  /** The master key (ADMIN_KEY): an admin key kept only in the environment; undefined when not set. */
  adminKey: string | undefined;
  /** What stored free text does with personal data (PERSONAL_DATA). */
  personalData: "reject" | "redact";
  /** Requests per minute per key or address (RATE_LIMIT); 0: no limit. */
  rateLimitPerMinute: number;
  /** Origins allowed to call from a browser (CORS_ORIGINS); empty: CORS off. */
  corsOrigins: string[];
  /** How webhooks deliver (WEBHOOK_RETRY_SCHEDULE, WEBHOOK_ALLOW_PRIVATE, WEBHOOK_TIMEOUT_MS, WEBHOOK_DISABLE_AFTER). */
  webhooks: WebhookSettings;
};

export class ConfigError extends Error {}

/** Reads the configuration from an environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = ConfigSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    databasePath: c.DATABASE_PATH,
    logLevel: c.LOG_LEVEL,
    seed: c.SEED,
    bodyLimitBytes: c.BODY_LIMIT_BYTES,
    shutdownGraceMs: c.SHUTDOWN_GRACE_MS,
    ranking: c.RANKING_WEIGHTS ?? DEFAULT_RANKING,
    cursorSecret: c.CURSOR_SECRET === undefined ? undefined : Buffer.from(c.CURSOR_SECRET, "utf8"),
    adminKey: c.ADMIN_KEY,
    personalData: c.PERSONAL_DATA,
    rateLimitPerMinute: c.RATE_LIMIT,
    corsOrigins: c.CORS_ORIGINS ?? [],
    webhooks: {
      ...DEFAULT_WEBHOOK_SETTINGS,
      retrySchedule: c.WEBHOOK_RETRY_SCHEDULE ?? DEFAULT_WEBHOOK_SETTINGS.retrySchedule,
      allowPrivate: c.WEBHOOK_ALLOW_PRIVATE ?? DEFAULT_WEBHOOK_SETTINGS.allowPrivate,
      timeoutMs: c.WEBHOOK_TIMEOUT_MS ?? DEFAULT_WEBHOOK_SETTINGS.timeoutMs,
      disableAfterMs: c.WEBHOOK_DISABLE_AFTER ?? DEFAULT_WEBHOOK_SETTINGS.disableAfterMs,
    },
  };
}
