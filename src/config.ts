// Environment → validated, typed configuration. Every variable, its default and meaning is in the README.
import { z } from "zod";

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
});

export type Config = {
  port: number;
  host: string;
  databasePath: string;
  logLevel: z.infer<typeof ConfigSchema>["LOG_LEVEL"];
  seed: z.infer<typeof ConfigSchema>["SEED"];
  bodyLimitBytes: number;
  shutdownGraceMs: number;
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
  };
}
