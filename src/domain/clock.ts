// The service's notion of "now", injectable so tests and the seed can fix time.
export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

/** ISO timestamps that sort as text; two writes in one millisecond still get distinct values via the id. */
export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
