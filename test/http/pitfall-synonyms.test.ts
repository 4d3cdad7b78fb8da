// Consultation fatigue in people's words (migration 0009): "they stopped coming", "lei av å bli spurt"
// name the pitfall, so such a question finds the lessons tagged with it, whatever their language.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FilterReply } from "../../src/domain/filter/index.js";
import { buildTestApp, expectStatus } from "../helpers/app.js";

type Term = { slug: string; synonyms: Record<string, string[]> };

describe("consultation fatigue in people's words", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp({ seed: "demo" });
  });
  afterAll(() => app.close());

  it("keeps the pitfall's earlier synonyms and adds how people say it, in each language", async () => {
    const term = expectStatus<Term>(
      await app.inject({ method: "GET", url: "/v1/vocabularies/pitfall/terms/consultation_fatigue" }),
      200,
    );
    expect(term?.synonyms.en).toEqual(expect.arrayContaining(["participation fatigue", "stopped coming"]));
    expect(term?.synonyms.da).toEqual(
      expect.arrayContaining(["inddragelsestræthed", "holdt op med at komme"]),
    );
    expect(term?.synonyms.nb).toEqual(expect.arrayContaining(["høringstretthet", "lei av å bli spurt"]));
  });

  it.each([
    ["en", "why did the residents stop coming to our meetings"],
    ["nb", "hvorfor ble de lei av å bli spurt"],
  ])(
    "reads a %s question in those words as the pitfall and ranks its lessons first",
    async (_language, q) => {
      const reply = expectStatus<FilterReply>(
        await app.inject({ method: "POST", url: "/v1/filter", payload: { q, limit: 5 } }),
        200,
      );
      const concepts = (reply.query?.words ?? [])
        .filter((w) => w.kind === "concept")
        .flatMap((w) => w.terms.map((t) => t.slug));
      expect(concepts).toContain("consultation_fatigue");
      const tagged = expectStatus<FilterReply>(
        await app.inject({
          method: "POST",
          url: "/v1/filter",
          payload: { filters: { pitfall: ["consultation_fatigue"] }, limit: 100 },
        }),
        200,
      );
      const fatigue = new Set(tagged.results.map((r) => r.id));
      expect(fatigue.size).toBeGreaterThan(2);
      expect(fatigue.has(reply.results[0]!.id)).toBe(true);
    },
  );
});
