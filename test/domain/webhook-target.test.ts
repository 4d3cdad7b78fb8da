// The webhook target check (URL rules, then every address the host resolves to) and the retry
// schedule's arithmetic, by unit tests that open no connection: host names resolve through stand-ins.
import { describe, expect, it } from "vitest";
import { passesFilter } from "../../src/domain/webhooks/filter.js";
import { parseDuration, parseRetrySchedule, retryDelay } from "../../src/domain/webhooks/settings.js";
import { checkTarget, type Resolve } from "../../src/domain/webhooks/target.js";

/** A resolver answering from a table; a connection is never opened, no query leaves the process. */
const table =
  (entries: Record<string, string[]>): Resolve =>
  async (host) => {
    const addresses = entries[host];
    if (!addresses) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

describe("checkTarget", () => {
  const resolve = table({
    "hooks.example.com": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
    "internal.example.com": ["10.0.0.8"],
    "metadata.example.com": ["169.254.169.254"],
    "v6-link-local.example.com": ["fe80::1"],
    "unique-local.example.com": ["fd00::5"],
    "cgnat.example.com": ["100.64.1.1"],
    "mapped.example.com": ["::ffff:192.168.0.1"],
    "half.example.com": ["93.184.216.34", "127.0.0.1"],
    "empty.example.com": [],
  });
  const check = (url: string, allowPrivate = false) => checkTarget(url, { allowPrivate, resolve });

  it("passes a host resolving only to public addresses, pinned to the first", async () => {
    const result = await check("https://hooks.example.com:8443/in?x=1");
    expect(result).toMatchObject({
      ok: true,
      target: { hostname: "hooks.example.com", address: "93.184.216.34", family: 4 },
    });
    expect(await check("http://93.184.216.34/hook")).toMatchObject({
      ok: true,
      target: { address: "93.184.216.34" },
    });
    expect(await check("http://[2606:2800:220:1:248:1893:25c8:1946]/hook")).toMatchObject({
      ok: true,
      target: { hostname: "2606:2800:220:1:248:1893:25c8:1946", family: 6 },
    });
  });

  it.each([
    "http://internal.example.com/hook",
    "http://metadata.example.com/latest",
    "http://v6-link-local.example.com/",
    "http://unique-local.example.com/",
    "http://cgnat.example.com/",
    "http://mapped.example.com/",
    "http://half.example.com/",
    "http://127.0.0.1/",
    "http://[::1]/",
    "http://[fe80::1]/",
    "http://192.168.1.1/",
    "http://172.20.0.1/",
    "http://0.0.0.0/",
    "http://2130706433/",
    "http://0x7f.1/",
  ])("refuses %s (not public)", async (url) => {
    expect(await check(url)).toMatchObject({ ok: false, code: "not_public" });
  });

  it("names the host and the address it resolved to", async () => {
    const result = await check("http://half.example.com/");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/'half\.example\.com' resolves to 127\.0\.0\.1/);
  });

  it("allows private addresses when the installation does", async () => {
    expect(await check("http://internal.example.com/hook", true)).toMatchObject({
      ok: true,
      target: { address: "10.0.0.8" },
    });
    expect(await check("http://127.0.0.1:9/hook", true)).toMatchObject({ ok: true });
  });

  it.each([
    ["ftp://hooks.example.com/", "unsupported_scheme"],
    ["javascript:alert(1)", "unsupported_scheme"],
    ["hooks.example.com/hook", "invalid_url"],
    ["http://user:pw@hooks.example.com/", "credentials_in_url"],
    ["http://token@hooks.example.com/", "credentials_in_url"],
    ["http://nowhere.example.com/", "does_not_resolve"],
    ["http://empty.example.com/", "does_not_resolve"],
  ])("refuses %s (%s)", async (url, code) => {
    expect(await check(url, true)).toMatchObject({ ok: false, code });
  });
});

describe("retry schedule", () => {
  it("parses durations in s, m and h (and ms, d where allowed)", () => {
    expect(parseRetrySchedule("5s,5m,30m,2h,5h,10h")).toEqual({
      ok: true,
      schedule: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000],
    });
    expect(parseRetrySchedule(" 1s , 1s ")).toEqual({ ok: true, schedule: [1000, 1000] });
    for (const bad of ["", "5", "5sec", "1d", "250ms", "-5s", "0s", "1s;2s"])
      expect(parseRetrySchedule(bad).ok, bad).toBe(false);
    expect(parseDuration("5d")).toBe(432_000_000);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("5d", ["s", "m", "h"])).toBeUndefined();
  });

  it("waits each step ±20% at most, and ends after the last", () => {
    const schedule = [5_000, 300_000];
    expect(retryDelay(schedule, 1, () => 0)).toBe(4_000);
    expect(retryDelay(schedule, 1, () => 0.5)).toBe(5_000);
    expect(retryDelay(schedule, 2, () => 0.999999)).toBeCloseTo(360_000, -1);
    for (let i = 0; i < 200; i++) {
      const wait = retryDelay(schedule, 2)!;
      expect(wait).toBeGreaterThanOrEqual(240_000);
      expect(wait).toBeLessThanOrEqual(360_000);
    }
    expect(retryDelay(schedule, 3)).toBeUndefined();
  });
});

describe("webhook filter", () => {
  // a tiny vocabulary: mechanism trust (t1) with a child (t2), outcome wellbeing (o1)
  const terms: Record<string, { id: string }> = {
    "mechanism trust": { id: "t1" },
    "mechanism recognition": { id: "r1" },
    "outcome user_wellbeing": { id: "o1" },
  };
  const vocabulary = {
    findTerm: (facet: string, slug: string) => terms[`${facet} ${slug}`] as never,
    withDescendants: (id: string) => (id === "t1" ? ["t1", "t2"] : [id]),
  };

  it("needs one term per facet (a child counts for its parent), all facets", () => {
    const filter = { filters: { mechanism: ["trust", "recognition"], outcome: ["user_wellbeing"] } };
    expect(passesFilter(vocabulary, filter, new Set(["t2", "o1"]))).toBe(true);
    expect(passesFilter(vocabulary, filter, new Set(["r1", "o1"]))).toBe(true);
    expect(passesFilter(vocabulary, filter, new Set(["t1"]))).toBe(false);
    expect(passesFilter(vocabulary, filter, new Set(["o1"]))).toBe(false);
    expect(passesFilter(vocabulary, null, new Set())).toBe(true);
    expect(passesFilter(vocabulary, {}, new Set())).toBe(true);
  });
});
