import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_RATE_LIMIT, loadConfig } from "../../src/config.js";
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
    });
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
