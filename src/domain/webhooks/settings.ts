// How webhooks deliver, as the installation configures it (WEBHOOK_* in src/config.ts): the retry
// schedule, the timeout of one attempt, how long a webhook may fail before it is disabled, and whether
// targets on private addresses are allowed. The duration syntax and the jitter rule live here.

export type WebhookSettings = {
  /** The waits before each retry, in ms (WEBHOOK_RETRY_SCHEDULE); after the last, a delivery has failed. */
  retrySchedule: readonly number[];
  /** Deliver to loopback, private and link-local addresses too (WEBHOOK_ALLOW_PRIVATE): tests, closed networks. */
  allowPrivate: boolean;
  /** How long one attempt may take, connecting and answering, in ms (WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  /** A webhook failing without a success for this long (ms) is disabled (WEBHOOK_DISABLE_AFTER). */
  disableAfterMs: number;
  /** Run the delivery worker and the routine scheduler in this process (off for tools). */
  worker: boolean;
};

export const DEFAULT_RETRY_SCHEDULE = "5s,5m,30m,2h,5h,10h";
export const DEFAULT_DISABLE_AFTER = "5d";

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A duration such as `5s`, `30m`, `2h` or `5d` (also `250ms`), in ms; undefined when it is not one.
 * `units` limits the accepted units (the retry schedule takes s, m and h).
 */
export function parseDuration(
  text: string,
  units: readonly (keyof typeof UNIT_MS)[] = ["ms", "s", "m", "h", "d"],
): number | undefined {
  const match = /^(\d{1,6})(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2] as keyof typeof UNIT_MS;
  if (!units.includes(unit)) return undefined;
  return Number(match[1]) * UNIT_MS[unit];
}

/** WEBHOOK_RETRY_SCHEDULE: comma-separated durations in s, m or h; the reason when it is not one. */
export function parseRetrySchedule(
  text: string,
): { ok: true; schedule: number[] } | { ok: false; reason: string } {
  const parts = text.split(",").map((part) => part.trim());
  if (parts.length > 20) return { ok: false, reason: "at most 20 retries" };
  const schedule: number[] = [];
  for (const part of parts) {
    const ms = parseDuration(part, ["s", "m", "h"]);
    if (ms === undefined || ms === 0)
      return {
        ok: false,
        reason: `'${part}' is not a duration: write each wait as a number and s, m or h (e.g. ${DEFAULT_RETRY_SCHEDULE})`,
      };
    schedule.push(ms);
  }
  return { ok: true, schedule };
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  retrySchedule: (parseRetrySchedule(DEFAULT_RETRY_SCHEDULE) as { schedule: number[] }).schedule,
  allowPrivate: false,
  timeoutMs: 10_000,
  disableAfterMs: parseDuration(DEFAULT_DISABLE_AFTER)!,
  worker: true,
};

/** At most ±20% of a wait, so that many receivers failing together do not all retry at the same moment. */
export const JITTER = 0.2;

/** The wait before retry number `retry` (1 = the first retry), or undefined when the schedule is exhausted. */
export function retryDelay(
  schedule: readonly number[],
  retry: number,
  random: () => number = Math.random,
): number | undefined {
  const base = schedule[retry - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (1 + JITTER * (2 * random() - 1)));
}
