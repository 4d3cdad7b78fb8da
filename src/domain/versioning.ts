// Optimistic concurrency: every updatable record carries a version, exposed as its ETag.
import { StaleVersion } from "./errors.js";

/** Throws StaleVersion when the client named a version (If-Match) that is no longer current. */
export function checkVersion(current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) throw new StaleVersion(expected, current);
}
