// The doc ids FTS5 hands over as one comma-separated list (group_concat of rowids) are read back exactly.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIdList } from "../../src/db/text-index.js";

describe("parseIdList", () => {
  it("reads one id, several, and the largest rowid a doc id can have", () => {
    expect([...parseIdList("7")]).toEqual([7]);
    expect([...parseIdList("1,22,333,4444")]).toEqual([1, 22, 333, 4444]);
    expect([...parseIdList("0,2147483647")]).toEqual([0, 2147483647]);
  });

  it("reads any list of ids as the ids it was made of, in order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2147483647 }), { minLength: 1, maxLength: 200 }),
        (ids) => {
          expect([...parseIdList(ids.join(","))]).toEqual(ids);
        },
      ),
    );
  });
});
