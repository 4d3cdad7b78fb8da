// The digest pages as a Danish or Norwegian manager reads them: the brief form of the demo's home-care
// digest fits a meeting, and no interface word on the da/nb pages is English.
import type { FastifyInstance } from "fastify";
import { parse } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DigestReply, LIMITS } from "../../src/domain/digest/index.js";
import { digestHtml, digestMarkdown } from "../../src/http/render/digest.js";
import { DIGEST_WORDS, type DigestWords } from "../../src/http/render/digest-words.js";
import type { Language } from "../../src/words.js";
import { buildTestApp, expectStatus } from "../helpers/app.js";

const HOME_CARE = { unitId: "u_fj_homecare_north" };
/** Words as a reader counts them: tokens with a letter or digit (not "—", ">" or "✓"). */
const wordsIn = (text: string) => text.split(/\s+/u).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;

/** Every string of a words table, with functions called on a few counts (singular and plural). */
function strings(words: DigestWords): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (typeof value === "string") out.set(path, value);
    else if (typeof value === "function")
      for (const n of [1, 3]) walk((value as (n: number, s: string) => string)(n, "·"), `${path}(${n})`);
    else if (value && typeof value === "object")
      for (const [key, inner] of Object.entries(value)) walk(inner, `${path}.${key}`);
  };
  walk(words, "");
  return out;
}

/** The reply with every client-written text replaced by a neutral token: what is left is interface. */
function neutral(digest: DigestReply): DigestReply {
  const x = "ZZ";
  return {
    ...digest,
    requester: {
      ...digest.requester,
      unitName: x,
      context: Object.fromEntries(
        Object.entries(digest.requester.context).map(([k, terms]) => [
          k,
          terms.map((t) => ({ ...t, label: x })),
        ]),
      ),
    },
    scope: { ...digest.scope, basis: digest.scope.basis.map((t) => ({ ...t, label: x })) },
    mechanisms: digest.mechanisms.map((m) => ({
      ...m,
      mechanism: { ...m.mechanism, label: x },
      worksIn: m.worksIn.map((c) => ({ ...c, label: x })),
      failsIn: m.failsIn.map((c) => ({ ...c, label: x })),
      statements: m.statements.map((s) => ({ ...s, text: x, title: x })),
      adaptations: {
        ...m.adaptations,
        notes: m.adaptations.notes.map((n) => ({
          ...n,
          text: x,
          title: x,
          unitName: x,
          contextDiffers: n.contextDiffers.map((t) => ({ ...t, label: x })),
        })),
      },
      pressures: m.pressures.map((p) => ({
        ...p,
        label: x,
        coping: p.coping.map((c) => ({ ...c, text: x })),
      })),
      pitfalls: m.pitfalls.map((p) => ({ ...p, label: x })),
    })),
  };
}

describe("digest pages on the demo data", () => {
  let app: FastifyInstance;
  const digest = async (language: Language, body: Record<string, unknown> = HOME_CARE) =>
    expectStatus<DigestReply>(
      await app.inject({
        method: "POST",
        url: `/v1/digests?lang=${language}`,
        payload: { ...body, detail: "brief" },
      }),
      200,
    );

  beforeAll(async () => {
    app = await buildTestApp({ seed: "demo" });
  });
  afterAll(() => app.close());

  it("gives Hjemmeplejen Nord a brief in Danish that fits a meeting", async () => {
    const brief = await digest("da");
    expect(brief.detail).toBe("brief");
    expect(brief.mechanisms.length).toBeLessThanOrEqual(LIMITS.brief.mechanisms);
    expect(brief.mechanisms.length).toBeGreaterThan(0);
    for (const m of brief.mechanisms) {
      expect(m.statements.filter((s) => s.direction === "positive").length).toBeLessThanOrEqual(3);
      expect(m.statements.length).toBeGreaterThan(0);
    }
    // the page as served: about 700 words, two printed pages
    const response = await app.inject({
      method: "POST",
      url: "/v1/digests?format=markdown&lang=da",
      payload: HOME_CARE,
    });
    expect(wordsIn(response.body)).toBeLessThanOrEqual(750);
    expect(response.body).toContain("## ");
    // what units that tried the lessons found is in it
    expect(brief.mechanisms.some((m) => m.adaptations.notes.length > 0)).toBe(true);
    expect(response.body).toContain("### Hvad andre fandt, da de prøvede det");
    // the full form lifts the limits, in the same scope
    const full = expectStatus<DigestReply>(
      await app.inject({
        method: "POST",
        url: "/v1/digests?lang=da",
        payload: { ...HOME_CARE, detail: "full" },
      }),
      200,
    );
    expect(full.total).toBe(brief.total);
    expect(full.mechanisms.length).toBeGreaterThan(brief.mechanisms.length);
    expect(brief.omittedMechanisms).toBe(full.mechanisms.length - brief.mechanisms.length);
  });

  it.each(["da", "nb"] as const)("has no English interface word on the %s pages", async (language) => {
    const reply = neutral(await digest(language));
    const full = neutral(
      expectStatus<DigestReply>(
        await app.inject({
          method: "POST",
          url: `/v1/digests?lang=${language}`,
          payload: { ...HOME_CARE, detail: "full", scope: "all" },
        }),
        200,
      ),
    );
    const english = strings(DIGEST_WORDS.en);
    const own = strings(DIGEST_WORDS[language]);
    for (const page of [reply, full]) {
      // the visible text: link targets (/v1/lessons/…) are addresses, not words
      const markdown = digestMarkdown(page).replace(/\]\([^)]*\)/g, "]");
      const text = `${parse(digestHtml(page)).querySelector("body")!.text}\n${markdown}`;
      let checked = 0;
      for (const [path, value] of english) {
        if (own.get(path) === value) continue; // the same word in both languages ("positive", "buffer")
        checked++;
        expect(text, path).not.toContain(value.replace(/[.·]+$/u, ""));
      }
      expect(checked).toBeGreaterThan(30);
    }
    // and the words it does use are its own
    const page = parse(digestHtml(reply));
    expect(page.querySelector("html")?.getAttribute("lang")).toBe(language);
    expect(page.querySelector("h1")?.text).toBe(`${DIGEST_WORDS[language].title}: ZZ`);
  });
});
