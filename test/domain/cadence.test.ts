import { describe, expect, it } from "vitest";
import { addCadence, nextDueAfter } from "../../src/domain/cadence.js";

describe("cadences", () => {
  it("adds days for weekly and fortnightly routines", () => {
    const monday = new Date("2026-11-30T07:00:00.000Z");
    expect(addCadence(monday, "weekly").toISOString()).toBe("2026-12-07T07:00:00.000Z");
    expect(addCadence(monday, "fortnightly").toISOString()).toBe("2026-12-14T07:00:00.000Z");
  });

  it("adds calendar months, clipping the day to the month's end", () => {
    expect(addCadence(new Date("2026-01-31T08:00:00.000Z"), "monthly").toISOString()).toBe(
      "2026-02-28T08:00:00.000Z",
    );
    expect(addCadence(new Date("2028-01-31T08:00:00.000Z"), "monthly").toISOString()).toBe(
      "2028-02-29T08:00:00.000Z",
    );
    expect(addCadence(new Date("2026-11-30T08:00:00.000Z"), "quarterly").toISOString()).toBe(
      "2027-02-28T08:00:00.000Z",
    );
    expect(addCadence(new Date("2026-10-15T08:00:00.000Z"), "quarterly").toISOString()).toBe(
      "2027-01-15T08:00:00.000Z",
    );
  });

  it("skips due times missed while the service was down, once", () => {
    const due = new Date("2026-11-02T07:00:00.000Z");
    const now = new Date("2026-11-25T12:00:00.000Z");
    expect(nextDueAfter(due, "weekly", now).toISOString()).toBe("2026-11-30T07:00:00.000Z");
    const later = new Date("2026-12-01T00:00:00.000Z");
    expect(nextDueAfter(later, "weekly", now)).toBe(later);
  });
});
