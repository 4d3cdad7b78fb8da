import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_RATE_LIMIT, loadConfig } from "../../src/config.js";
import { DEFAULT_WEBHOOK_SETTINGS } from "../../src/domain/webhooks/settings.js";
import { DEFAULT_RANKING } from "../../src/search/rank.js";

describe("loadConfig", () => {
  it("has documented defaults", () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: "127.0.0.1",
      databasePath: "./data/samskab.db",
      logLevel: "info",
      seed: "demo",
      bodyLimitBytes: 1048576,
      shutdownGraceMs: 10000,
      ranking: DEFAULT_RANKING,
      cursorSecret: undefined,
      adminKey: undefined,
      personalData: "reject",
      rateLimitPerMinute: DEFAULT_RATE_LIMIT,
      corsOrigins: [],
      webhooks: DEFAULT_WEBHOOK_SETTINGS,
    });
    expect(DEFAULT_WEBHOOK_SETTINGS).toMatchObject({
      retrySchedule: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000],
      allowPrivate: false,
      timeoutMs: 10_000,
      disableAfterMs: 5 * 86_400_000,
    });
  });

  it("takes the webhook settings, and refuses a bad retry schedule at start naming the variable", () => {
    const config = loadConfig({
      WEBHOOK_RETRY_SCHEDULE: "1s, 2m,3h",
      WEBHOOK_ALLOW_PRIVATE: "true",
      WEBHOOK_TIMEOUT_MS: "500",
      WEBHOOK_DISABLE_AFTER: "36h",
    });
    expect(config.webhooks).toMatchObject({
      retrySchedule: [1_000, 120_000, 10_800_000],
      allowPrivate: true,
      timeoutMs: 500,
      disableAfterMs: 36 * 3_600_000,
    });
    for (const bad of ["5x", "5s,,5m", "five minutes", "0s", "5d"]) {
      expect(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: bad }), bad).toThrow(
        /WEBHOOK_RETRY_SCHEDULE: .*not a duration/,
      );
    }
    expect(loadConfig({ WEBHOOK_RETRY_SCHEDULE: "" }).webhooks.retrySchedule).toEqual(
      DEFAULT_WEBHOOK_SETTINGS.retrySchedule,
    );
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: "yes" })).toThrow(/WEBHOOK_ALLOW_PRIVATE/);
    expect(() => loadConfig({ WEBHOOK_DISABLE_AFTER: "soon" })).toThrow(/WEBHOOK_DISABLE_AFTER/);
  });

  it("takes RATE_LIMIT (0 turns it off) and CORS_ORIGINS as a list of origins", () => {
    expect(loadConfig({ RATE_LIMIT: "0" }).rateLimitPerMinute).toBe(0);
    expect(loadConfig({ RATE_LIMIT: "120" }).rateLimitPerMinute).toBe(120);
    expect(() => loadConfig({ RATE_LIMIT: "-1" })).toThrow(/RATE_LIMIT/);
    expect(
      loadConfig({ CORS_ORIGINS: "https://intranet.fjordby.dk, http://localhost:5173/" }).corsOrigins,
    ).toEqual(["https://intranet.fjordby.dk", "http://localhost:5173"]);
    expect(() => loadConfig({ CORS_ORIGINS: "intranet" })).toThrow(/CORS_ORIGINS/);
  });

  it("takes CURSOR_SECRET as the cursor key when it has at least 32 characters", () => {
    const secret = "a".repeat(32);
    expect(loadConfig({ CURSOR_SECRET: secret }).cursorSecret).toEqual(Buffer.from(secret, "utf8"));
    expect(() => loadConfig({ CURSOR_SECRET: "too short" })).toThrow(/CURSOR_SECRET/);
  });

  it("reads and coerces the environment, treating empty values as unset", () => {
    const config = loadConfig({
      PORT: "8080",
      SEED: "vocabulary",
      LOG_LEVEL: "",
      DATABASE_PATH: "/var/lib/samskab/db.sqlite",
    });
    expect(config).toMatchObject({
      port: 8080,
      seed: "vocabulary",
      logLevel: "info",
      databasePath: "/var/lib/samskab/db.sqlite",
    });
  });

  it("names every invalid variable at once", () => {
    expect(() => loadConfig({ PORT: "eighty", SEED: "everything" })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: "eighty", SEED: "everything" });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/SEED/);
    }
  });
});
