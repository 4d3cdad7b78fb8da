// When a routine's forum meets again: a cadence added to a time (UTC; months are calendar months, the
// day clipped to the month's end, so a routine made on 31 January is next due on 28 or 29 February).
import type { Cadence } from "../words.js";

const DAYS: Partial<Record<Cadence, number>> = { weekly: 7, fortnightly: 14 };
const MONTHS: Partial<Record<Cadence, number>> = { monthly: 1, quarterly: 3 };

/** `from` plus one cadence. */
export function addCadence(from: Date, cadence: Cadence): Date {
  const days = DAYS[cadence];
  if (days !== undefined) return new Date(from.getTime() + days * 86_400_000);
  const months = MONTHS[cadence] ?? 1;
  const next = new Date(from.getTime());
  const day = next.getUTCDate();
  next.setUTCDate(1);
  next.setUTCMonth(next.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, lastDay));
  return next;
}

/**
 * The first due time after `now` on the schedule that starts at `due` (`due` itself if it is later):
 * after downtime, missed due times are skipped, not caught up one by one.
 */
export function nextDueAfter(due: Date, cadence: Cadence, now: Date): Date {
  let next = due;
  // bounded: a routine's schedule cannot be more than a few thousand cadences behind
  for (let i = 0; i < 10_000 && next.getTime() <= now.getTime(); i++) next = addCadence(next, cadence);
  return next;
}
