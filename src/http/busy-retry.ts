// A database another process holds a write lock on (a seed run, an admin shell) must not stall the
// service. SQLite's own busy wait is synchronous and would block every request, so the database waits
// only a few milliseconds itself (BUSY_TIMEOUT_MS in db/database.ts) and a request that meets the lock
// is run again after a pause, without blocking the event loop — its transaction was rolled back, so
// running it again is safe. If the lock outlasts the pauses, the answer is 503 with Retry-After.
import type { RouteHandlerMethod } from "fastify";
import fp from "fastify-plugin";
import { DomainError } from "../domain/errors.js";

/** Pauses between attempts: about 1.3 s in all before the service gives up. */
export const BUSY_RETRY_DELAYS_MS: readonly number[] = [20, 40, 80, 160, 320, 640];

/** The database stayed locked by another process (503, try again shortly). */
export class DatabaseBusy extends DomainError {
  readonly status = 503;
  readonly type = "database-busy";
  readonly title = "Database busy";
  constructor(readonly retryAfterSeconds: number) {
    super("Another process is writing to the database; nothing was changed. Try again shortly.");
  }
  override headers() {
    return { "retry-after": String(this.retryAfterSeconds) };
  }
}

/** SQLITE_BUSY and its extended codes (BUSY_SNAPSHOT, BUSY_RECOVERY…), and SQLITE_LOCKED. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Handler = (this: unknown, ...args: Parameters<RouteHandlerMethod>) => unknown;

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === "function";

/**
 * Wraps a route's handler: a busy database is waited out by running it again after each pause. A
 * handler that answers by itself (returns nothing, e.g. a static file streaming out) is left as it is.
 */
export function retryingBusy(handler: Handler, delaysMs: readonly number[]): Handler {
  async function again(
    self: unknown,
    args: Parameters<RouteHandlerMethod>,
    attempt: number,
    error: unknown,
  ): Promise<unknown> {
    if (!isBusy(error)) throw error;
    const delay = delaysMs[attempt];
    if (delay === undefined) throw new DatabaseBusy(1);
    args[0].log.warn(
      { attempt: attempt + 1, delayMs: delay },
      "database locked by another process; retrying",
    );
    await pause(delay);
    try {
      return await handler.apply(self, args);
    } catch (next) {
      return again(self, args, attempt + 1, next);
    }
  }
  return function retrying(this: unknown, ...args) {
    try {
      const result = handler.apply(this, args);
      return isPromise(result) ? result.catch((error: unknown) => again(this, args, 0, error)) : result;
    } catch (error) {
      return again(this, args, 0, error);
    }
  };
}

export const busyRetry = fp<{ delaysMs?: readonly number[] }>(
  async (app, { delaysMs = BUSY_RETRY_DELAYS_MS }) => {
    app.addHook("onRoute", (route) => {
      route.handler = retryingBusy(route.handler as Handler, delaysMs) as RouteHandlerMethod;
    });
  },
  { name: "busy-retry" },
);
