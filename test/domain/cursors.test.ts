// The cursor codec: what it signs round-trips; anything else (edited, foreign, garbage) is a 422 on /cursor.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCursorCodec, requestScope } from "../../src/domain/cursors.js";
import { Unprocessable } from "../../src/domain/errors.js";

type Position = { t: number; s: number; d: number };
const isPosition = (value: unknown): value is Position =>
  typeof value === "object" &&
  value !== null &&
  ["t", "s", "d"].every((key) => typeof (value as Record<string, unknown>)[key] === "number");

const secret = randomBytes(32);
const codec = createCursorCodec(secret);
const scope = requestScope("filter", { q: "trust", filters: { serviceArea: ["home_care"] } });
const position: Position = { t: 1_700_000_000_000, s: 0.8125, d: 42 };

/** The problem `decode` throws, or a failure when it accepts the cursor. */
function refusal(decode: () => unknown) {
  try {
    decode();
  } catch (error) {
    expect(error).toBeInstanceOf(Unprocessable);
    const problems = (error as Unprocessable).problems;
    expect(problems).toEqual([
      expect.objectContaining({ pointer: "/cursor", code: "invalid_cursor", message: expect.any(String) }),
    ]);
    return problems[0]!;
  }
  throw new Error("the cursor was accepted");
}

describe("createCursorCodec", () => {
  it("gives back the payload it signed, for the same scope", () => {
    const cursor = codec.encode(scope, position);
    expect(codec.decode(scope, cursor, isPosition)).toEqual(position);
  });

  it("makes cursors that are URL-safe without escaping", () => {
    expect(codec.encode(scope, { ...position, note: "æøå / + = ?" })).toMatch(/^[A-Za-z0-9_.-]+$/);
  });

  it("refuses a cursor whose payload was edited and re-encoded", () => {
    const [, signature] = codec.encode(scope, position).split(".");
    const forged = Buffer.from(JSON.stringify({ ...position, d: 7 })).toString("base64url");
    refusal(() => codec.decode(scope, `${forged}.${signature}`, isPosition));
  });

  it("refuses a cursor changed in any one character", () => {
    const cursor = codec.encode(scope, position);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < cursor.length; i++) {
      const swapped = alphabet[(alphabet.indexOf(cursor[i]!) + 1) % alphabet.length] ?? "A";
      const edited = `${cursor.slice(0, i)}${swapped}${cursor.slice(i + 1)}`;
      refusal(() => codec.decode(scope, edited, isPosition));
    }
  });

  it("refuses a cursor made for another scope", () => {
    const cursor = codec.encode(scope, position);
    const other = requestScope("filter", { q: "trust", filters: { serviceArea: ["employment_services"] } });
    const problem = refusal(() => codec.decode(other, cursor, isPosition));
    expect(problem.message).toMatch(/not issued for this request/);
    refusal(() => codec.decode(requestScope("lessons", {}), cursor, isPosition));
  });

  it("refuses a cursor signed with another secret", () => {
    const cursor = createCursorCodec(randomBytes(32)).encode(scope, position);
    refusal(() => codec.decode(scope, cursor, isPosition));
  });

  it("refuses a signed payload of the wrong shape", () => {
    const cursor = codec.encode(scope, ["2026-01-01", "lesson_1"]);
    const problem = refusal(() => codec.decode(scope, cursor, isPosition));
    expect(problem.message).toMatch(/not a position/);
  });

  it.each([
    ["an empty string", ""],
    ["no signature", Buffer.from(JSON.stringify(position)).toString("base64url")],
    ["an unsigned list cursor", Buffer.from('["2026-01-01T00:00:00.000Z","x"]').toString("base64url")],
    ["two dots", "a.b.c"],
    ["a dot only", "."],
    ["non-base64 text", "not a cursor at all!"],
    ["a very long string", "x".repeat(10_000)],
  ])("refuses garbage: %s", (_name, cursor) => {
    refusal(() => codec.decode(scope, cursor, isPosition));
  });

  it("refuses a secret shorter than 32 bytes", () => {
    expect(() => createCursorCodec(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe("requestScope", () => {
  it("is the same for the same request in another key order, at every depth", () => {
    expect(requestScope("filter", { q: "a", filters: { x: ["1"], y: ["2"] }, match: "most" })).toBe(
      requestScope("filter", { match: "most", filters: { y: ["2"], x: ["1"] }, q: "a" }),
    );
  });

  it("ignores cursor, limit and members left undefined", () => {
    expect(requestScope("lessons", { unitId: "u1", cursor: "abc", limit: 7, status: undefined })).toBe(
      requestScope("lessons", { unitId: "u1" }),
    );
  });

  it("differs by kind and by any filter value", () => {
    const base = requestScope("lessons", { unitId: "u1" });
    expect(requestScope("units", { unitId: "u1" })).not.toBe(base);
    expect(requestScope("lessons", { unitId: "u2" })).not.toBe(base);
    expect(requestScope("lessons", {})).not.toBe(base);
    expect(requestScope("filter", { filters: { x: ["1", "2"] } })).not.toBe(
      requestScope("filter", { filters: { x: ["1"] } }),
    );
  });
});
