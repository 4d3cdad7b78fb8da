// One HTTP POST to a checked target, connected to the address the check approved (never resolved
// again by the socket: `lookup` answers with that address), within a time limit. Redirects are not
// followed (a 3xx is a failed attempt): a redirect could lead anywhere.
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { CheckedTarget } from "./target.js";

export type SendResult = {
  /** The receiver's status code; null when it did not answer. */
  statusCode: number | null;
  /** Why the attempt failed without an answer, or which status it failed with; null on success. */
  error: string | null;
  durationMs: number;
};

/** Sends `body` to `target`; never throws (a failure is a result). 2xx is a success. */
export function postJson(
  target: CheckedTarget,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  /** Aborts the attempt (shutting down): the result then says so and is not recorded. */
  signal?: AbortSignal | undefined,
): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = target.url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, durationMs: elapsed() });
    };
    const request = client.request(
      {
        protocol: target.url.protocol,
        hostname: target.hostname,
        port: target.url.port || undefined,
        path: `${target.url.pathname}${target.url.search}`,
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: pinned,
        // a fresh connection each time: a pooled socket could outlive the address check
        agent: false,
      },
      (response) => {
        const statusCode = response.statusCode ?? null;
        // the answer's body is not read: drain it, and stop waiting for it at the deadline
        response.resume();
        response.on("error", () => {});
        const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
        finish({ statusCode, error: ok ? null : `The receiver answered ${statusCode}.` });
      },
    );
    // also ends a connection whose answer's body never ends, after the status was read
    const deadline = setTimeout(() => {
      finish({ statusCode: null, error: `No answer within ${timeoutMs} ms (timed out).` });
      request.destroy();
    }, timeoutMs);
    request.on("error", (error: NodeJS.ErrnoException) => {
      finish({ statusCode: null, error: `Could not deliver: ${error.code ?? error.message}.` });
    });
    const abort = () => {
      finish({ statusCode: null, error: "Aborted: the service is shutting down." });
      request.destroy();
    };
    if (signal?.aborted) abort();
    else signal?.addEventListener("abort", abort, { once: true });
    request.on("close", () => {
      clearTimeout(deadline);
      signal?.removeEventListener("abort", abort);
    });
    request.end(body);
  });
}
