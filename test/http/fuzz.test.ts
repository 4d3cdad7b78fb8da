// Hostile and malformed requests, generated: whatever arrives, the answer is never a 5xx, and every
// error is problem+json. Bounded: a few hundred requests against an in-memory app.
import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANONYMOUS_HEADERS, buildTestApp, createFixtures, expectStatus, lessonBody } from "../helpers/app.js";

const PATHS = [
  "/health",
  "/ready",
  "/v1/organisations",
  "/v1/units",
  "/v1/lessons",
  "/v1/lessons/{lesson}",
  "/v1/lessons/{lesson}/adaptations",
  "/v1/lessons/{lesson}/review",
  "/v1/filter",
  "/v1/suggest",
  "/v1/digests",
  "/v1/maps/evidence",
  "/v1/vocabularies",
  "/v1/vocabularies/mechanism/terms",
  "/v1/initiatives",
  "/v1/keys",
  "/v1/audit",
  "/v1/units/{unit}/maturity",
];

/** Strings that have broken services before: Unicode edge cases, injections, huge and odd numbers. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom(
    "\ud800",
    "\u0000",
    "\u001b[31m",
    "\u202e",
    "\u200b",
    "../../etc/passwd",
    "'; DROP TABLE lessons; --",
    "<script>alert(1)</script>",
    "%ff",
    "__proto__",
    "constructor",
    "010190-1234",
    "a".repeat(10_000),
    "NaN",
    "-1",
    "1e309",
  ),
);
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    nasty,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(nasty, fc.constantFrom("q", "unitId", "title", "why", "filters", "limit", "cursor")),
      tie("value"),
      {
        maxKeys: 5,
      },
    ),
  ),
})).value;

/** Percent-encoding as a client's bytes would be: a lone surrogate becomes U+FFFD (it has no UTF-8). */
const encode = (s: string) => encodeURIComponent(s.toWellFormed());
/** Raw, already-encoded pieces that no well-behaved client sends: broken UTF-8 and bad escapes. */
const rawPiece = fc.constantFrom("", "%ff", "%ed%a0%80", "%", "%zz", "%00", "a=%c3%28", "x=%e2%82");

describe("generated hostile requests", () => {
  let app: FastifyInstance;
  let ids: { lesson: string; unit: string };
  beforeAll(async () => {
    app = await buildTestApp();
    const fixtures = await createFixtures(app, "Fuzzby Kommune");
    const lesson = expectStatus<{ id: string }>(
      await app.inject({ method: "POST", url: "/v1/lessons", payload: lessonBody(fixtures.homeCareUnitId) }),
      201,
    ).id;
    ids = { lesson, unit: fixtures.homeCareUnitId };
  });
  afterAll(() => app.close());

  it("never answers 5xx, and answers every error as problem+json", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          method: fc.constantFrom("GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS", "HEAD"),
          path: fc.constantFrom(...PATHS),
          suffix: fc.oneof(
            fc.constant(""),
            nasty.map((s) => `/${encode(s)}`),
            rawPiece.map((s) => `/${s}`),
          ),
          rawQuery: rawPiece,
          query: fc.array(fc.tuple(nasty, nasty), { maxLength: 3 }),
          body: fc.option(jsonValue, { nil: undefined }),
          rawBody: fc.option(nasty, { nil: undefined }),
          contentType: fc.constantFrom(
            "application/json",
            "application/merge-patch+json",
            "text/plain",
            "application/xml",
            "",
          ),
          anonymous: fc.boolean(),
          ifMatch: fc.option(
            nasty.filter((s) => /^[\x20-\x7e]*$/.test(s)),
            { nil: undefined },
          ),
        }),
        async ({ method, path, suffix, rawQuery, query, body, rawBody, contentType, anonymous, ifMatch }) => {
          const url =
            path.replace("{lesson}", ids.lesson).replace("{unit}", ids.unit) +
            suffix +
            (query.length > 0 || rawQuery
              ? `?${[...query.map(([k, v]) => `${encode(k)}=${encode(v)}`), rawQuery].filter(Boolean).join("&")}`
              : "");
          const headers: Record<string, string> = {
            ...(anonymous ? ANONYMOUS_HEADERS : {}),
            ...(contentType ? { "content-type": contentType } : {}),
            ...(ifMatch !== undefined ? { "if-match": ifMatch } : {}),
          };
          const payload = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
          const response = await app.inject({
            method,
            url,
            headers,
            ...(payload !== undefined && method !== "GET" && method !== "HEAD" ? { payload } : {}),
          });
          expect(response.statusCode, `${method} ${url}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
          if (response.statusCode >= 400 && method !== "HEAD")
            expect(response.headers["content-type"], `${method} ${url}`).toMatch(
              /^application\/problem\+json/,
            );
        },
      ),
      { numRuns: 400 },
    );
  });
});
