// One codec for every page cursor (lists and the filter): the position as JSON, signed with HMAC-SHA256
// over the request's scope, so a cursor the service did not issue, or one made for another request, is refused.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { Unprocessable } from "./errors.js";

export type CursorCodec = {
  /** An opaque cursor for `payload`, valid only with the same `scope`. */
  encode(scope: string, payload: unknown): string;
  /** The payload of a cursor this codec issued for `scope`; an `Unprocessable` (pointer /cursor) otherwise. */
  decode<T>(scope: string, cursor: string, isPayload: (value: unknown) => value is T): T;
};

/** RFC 2104 advises a key at least as long as the hash's output: 32 bytes for SHA-256. */
export const CURSOR_SECRET_BYTES = 32;

const SEPARATOR = ".";

export function createCursorCodec(secret: Buffer): CursorCodec {
  if (secret.length < CURSOR_SECRET_BYTES) {
    throw new Error(`A cursor secret needs at least ${CURSOR_SECRET_BYTES} bytes; got ${secret.length}.`);
  }
  // the scope is framed by its length so that no (scope, payload) pair can pass for another
  const sign = (scope: string, body: string) =>
    createHmac("sha256", secret)
      .update(`${Buffer.byteLength(scope)}:${scope}`)
      .update(body)
      .digest();

  return {
    encode(scope, payload) {
      const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
      return `${body}${SEPARATOR}${sign(scope, body).toString("base64url")}`;
    },

    decode(scope, cursor, isPayload) {
      const [body, signature, ...rest] = cursor.split(SEPARATOR);
      if (body === undefined || signature === undefined || rest.length > 0) {
        throw invalidCursor("It is not a cursor this service issued.");
      }
      const expected = sign(scope, body);
      const given = Buffer.from(signature, "base64url");
      // base64url decoding ignores stray characters: compare the re-encoding too, so any edit is refused
      if (
        given.length !== expected.length ||
        given.toString("base64url") !== signature ||
        !timingSafeEqual(given, expected)
      ) {
        throw invalidCursor(
          "It was not issued for this request (another list, other filters, or edited) or not by this service.",
        );
      }
      let payload: unknown;
      try {
        payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
      } catch {
        throw invalidCursor("Its content is not readable.");
      }
      if (!isPayload(payload)) throw invalidCursor("Its content is not a position in this list.");
      return payload;
    },
  };
}

function invalidCursor(reason: string): Unprocessable {
  return new Unprocessable([
    {
      pointer: "/cursor",
      code: "invalid_cursor",
      message: `Not a valid cursor for this request: ${reason} Send the same request with nextCursor from its previous page, or leave cursor out to start again.`,
    },
  ]);
}

/**
 * The scope a cursor is bound to: `kind` (the list or "filter") and a hash of the request without
 * `cursor` and `limit`, so a page size may change between pages but nothing else. Keys are sorted
 * and undefined members dropped, so the same request in another key order has the same scope.
 */
export function requestScope(kind: string, request: Record<string, unknown>): string {
  const { cursor: _cursor, limit: _limit, ...rest } = request;
  const hash = createHash("sha256").update(canonicalJson(rest)).digest("base64url");
  return `${kind}:${hash}`;
}

/** JSON with object keys sorted at every depth; array order is kept (it can carry meaning). */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (member === null || typeof member !== "object" || Array.isArray(member)) return member;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(member).sort()) sorted[key] = (member as Record<string, unknown>)[key];
    return sorted;
  });
}
