// Who sees which lesson, over HTTP, as a generated table: for each key (staff and managers of two units of
// one organisation, one below the other; the organisation's manager; another organisation's manager;
// an integration key; admin; anonymous) × each visibility × each status × the lesson's unit, the answer of
// GET by id, the list, the filter (result and facet counts), suggest, the digest and the evidence map —
// expected from DESIGN.md's "Access", written below as lists independent of the service's canSee.
// The demo: a Nordvik staff key cannot see, find, count or read Fjordby's unit-only lesson.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LESSON_STATUSES, VISIBILITIES } from "../../src/words.js";
import {
  ANONYMOUS_HEADERS,
  asKey,
  buildTestApp,
  expectStatus,
  issueKey,
  lessonBody,
  TEST_ADMIN_KEY,
} from "../helpers/app.js";

const WHO = [
  "staffUpper",
  "staffLower",
  "managerUpper",
  "managerLower",
  "managerOrganisation",
  "managerOther",
  "integration",
  "admin",
  "anonymous",
] as const;
type Who = (typeof WHO)[number];
type Place = "upper" | "lower";
const STATUSES = LESSON_STATUSES.filter((s) => s !== "archived");
type Status = (typeof STATUSES)[number];
type Visibility = (typeof VISIBILITIES)[number];

/** Every key but anonymous. */
const KEYS: readonly Who[] = WHO.filter((who) => who !== "anonymous");
/** The keys of the lessons' organisation. */
const OWN_ORGANISATION: readonly Who[] = [
  "staffUpper",
  "staffLower",
  "managerUpper",
  "managerLower",
  "managerOrganisation",
  "integration",
  "admin",
];
/** A unit-only published lesson: its unit and the units below it (their staff and managers), the managers above. */
const UNIT_ONLY: Record<Place, readonly Who[]> = {
  upper: ["staffUpper", "staffLower", "managerUpper", "managerLower", "managerOrganisation", "admin"],
  lower: ["staffLower", "managerLower", "managerUpper", "managerOrganisation", "admin"],
};
/** Drafts and submitted lessons: their own unit's staff and the managers of that unit and above it. */
const UNPUBLISHED: Record<Place, readonly Who[]> = {
  upper: ["staffUpper", "managerUpper", "managerOrganisation", "admin"],
  lower: ["staffLower", "managerLower", "managerUpper", "managerOrganisation", "admin"],
};

function sees(who: Who, place: Place, visibility: Visibility, status: Status): boolean {
  if (status !== "published") return UNPUBLISHED[place].includes(who);
  if (visibility === "public") return true;
  if (visibility === "network") return KEYS.includes(who);
  if (visibility === "organisation") return OWN_ORGANISATION.includes(who);
  return UNIT_ONLY[place].includes(who);
}
/** Digests and maps are for managers, admins and integrations reading lessons; staff 403, anonymous 401. */
const managerial = (who: Who) =>
  who === "anonymous" ? 401 : who === "staffUpper" || who === "staffLower" ? 403 : 200;

/** A word of its own per lesson, far from every other (typo tolerance never joins two). */
const markerOf = (n: number) =>
  [...createHash("sha256").update(`lesson ${n}`).digest("hex").slice(0, 10)]
    .map((hex) => String.fromCharCode(97 + Number.parseInt(hex, 16)))
    .join("");

type Case = { place: Place; visibility: Visibility; status: Status; marker: string; id?: string };
const CASES: Case[] = (["upper", "lower"] as const).flatMap((place) =>
  VISIBILITIES.flatMap((visibility) => STATUSES.map((status) => ({ place, visibility, status, marker: "" }))),
);
CASES.forEach((c, i) => {
  c.marker = markerOf(i);
});

let app: FastifyInstance;
const headers = {} as Record<Who, Record<string, string>>;
const units = {} as Record<Place | "other", string>;
let organisationId = "";

beforeAll(async () => {
  app = await buildTestApp();
  const post = async (url: string, payload: object) =>
    expectStatus<{ id: string }>(await app.inject({ method: "POST", url, payload }), 201).id;
  organisationId = await post("/v1/organisations", { name: "Tofjell kommune" });
  const otherOrganisation = await post("/v1/organisations", { name: "Annenby kommune" });
  const context = { serviceArea: ["home_care"], userGroup: ["older_adults"] };
  units.upper = await post("/v1/units", { organisationId, name: "Helse og omsorg", context });
  units.lower = await post("/v1/units", {
    organisationId,
    name: "Hjemmetjenesten",
    parentId: units.upper,
    context,
  });
  units.other = await post("/v1/units", { organisationId: otherOrganisation, name: "Omsorg", context });
  const key = async (body: Parameters<typeof issueKey>[1]) => asKey((await issueKey(app, body)).key);
  headers.staffUpper = await key({ role: "staff", unitId: units.upper });
  headers.staffLower = await key({ role: "staff", unitId: units.lower });
  headers.managerUpper = await key({ role: "manager", unitId: units.upper });
  headers.managerLower = await key({ role: "manager", unitId: units.lower });
  headers.managerOrganisation = await key({ role: "manager", organisationId });
  headers.managerOther = await key({ role: "manager", organisationId: otherOrganisation });
  headers.integration = await key({ role: "integration", organisationId, scopes: ["lessons:read"] });
  headers.admin = asKey(TEST_ADMIN_KEY);
  headers.anonymous = { ...ANONYMOUS_HEADERS };
  for (const c of CASES)
    c.id = await post(
      "/v1/lessons",
      lessonBody(units[c.place], {
        title: `Visits planned with ${c.marker}`,
        status: c.status,
        visibility: c.visibility,
      }),
    );
}, 60_000);
afterAll(async () => {
  await app?.close();
});

describe.each(WHO)("as %s", (who) => {
  it.each(CASES)(
    "a $status $visibility lesson of the $place unit: read, listed, found, counted, suggested, digested and mapped as the table says",
    async (c) => {
      const visible = sees(who, c.place, c.visibility, c.status);
      const as = { headers: headers[who] };
      const searchable = visible && c.status === "published";

      const read = await app.inject({ ...as, method: "GET", url: `/v1/lessons/${c.id}` });
      expect(read.statusCode, "GET by id").toBe(visible ? 200 : 404);

      const list = expectStatus<{ items: { id: string }[] }>(
        await app.inject({
          ...as,
          method: "GET",
          url: `/v1/lessons?unitId=${units[c.place]}&status=${c.status}&limit=100`,
        }),
        200,
      );
      expect(
        list.items.some((l) => l.id === c.id),
        "listed",
      ).toBe(visible);

      const filter = expectStatus<{
        total: number;
        results: { id: string }[];
        facets: Record<string, Record<string, number>>;
      }>(
        await app.inject({
          ...as,
          method: "POST",
          url: "/v1/filter",
          payload: { q: c.marker, match: "all" },
        }),
        200,
      );
      expect(
        filter.results.map((r) => r.id),
        "filter results",
      ).toEqual(searchable ? [c.id] : []);
      expect(filter.total, "filter total").toBe(searchable ? 1 : 0);
      expect(filter.facets.mechanism?.trust ?? 0, "facet count").toBe(searchable ? 1 : 0);
      expect(filter.facets.serviceArea?.home_care ?? 0, "facet count").toBe(searchable ? 1 : 0);

      const suggest = expectStatus<{ lessons: { id: string; title: string }[] }>(
        await app.inject({ ...as, method: "GET", url: `/v1/suggest?q=${c.marker}` }),
        200,
      );
      expect(
        suggest.lessons.some((l) => l.id === c.id || l.title.includes(c.marker)),
        "suggested",
      ).toBe(searchable);

      const digest = await app.inject({
        ...as,
        method: "POST",
        url: "/v1/digests",
        payload: { q: c.marker, match: "all", scope: "all" },
      });
      expect(digest.statusCode, "digest status").toBe(managerial(who));
      if (digest.statusCode === 200) expect(digest.json().total, "digest total").toBe(searchable ? 1 : 0);

      const map = await app.inject({
        ...as,
        method: "GET",
        url: `/v1/maps/evidence?rows=mechanism&cols=outcome&q=${c.marker}&match=all`,
      });
      expect(map.statusCode, "map status").toBe(managerial(who));
      if (map.statusCode === 200) expect(map.json().total, "map total").toBe(searchable ? 1 : 0);
    },
  );

  it("counts in the organisation's maturity only the published lessons it may see", async () => {
    const maturity = await app.inject({
      headers: headers[who],
      method: "GET",
      url: `/v1/organisations/${organisationId}/maturity`,
    });
    expect(maturity.statusCode).toBe(managerial(who));
    if (maturity.statusCode !== 200) return;
    const seen = CASES.filter((c) => c.status === "published" && sees(who, c.place, c.visibility, c.status));
    expect(maturity.json().spread.publishedLessons).toBe(seen.length);
  });
});

describe("the demo's unit-only lesson", () => {
  const DEMO_KEYS = (
    JSON.parse(readFileSync(new URL("../../seed/demo/keys.json", import.meta.url), "utf8")) as {
      keys: { key: string; role: string; unitId?: string; organisationId?: string }[];
    }
  ).keys;
  const keyOf = (predicate: (k: (typeof DEMO_KEYS)[number]) => boolean) =>
    asKey(DEMO_KEYS.find(predicate)!.key);
  let demo: FastifyInstance;
  beforeAll(async () => {
    demo = await buildTestApp({ seed: "demo" });
  }, 60_000);
  afterAll(async () => {
    await demo?.close();
  });

  it("cannot be seen, found, counted or read by a Nordvik staff key; Fjordby's manager sees it", async () => {
    const lesson = expectStatus<{
      id: string;
      title: string;
      visibility: string;
      status: string;
      unitId: string;
    }>(await demo.inject({ method: "GET", url: "/v1/lessons/les_fj_17" }), 200);
    expect(lesson).toMatchObject({ visibility: "unit", status: "published", unitId: "u_fj_homecare_city" });
    const nordvikStaff = keyOf((k) => k.role === "staff" && (k.unitId ?? "").startsWith("u_nv_"));
    const fjordbyManager = keyOf((k) => k.role === "manager" && k.organisationId === "org_fjordby");
    const word = "udstillet";
    expect(lesson.title).toContain(word);

    const answers = async (as: Record<string, string>) => {
      const filter = (
        await demo.inject({
          headers: as,
          method: "POST",
          url: "/v1/filter",
          payload: { q: word, limit: 100 },
        })
      ).json();
      const all = (
        await demo.inject({
          headers: as,
          method: "POST",
          url: "/v1/filter",
          payload: { limit: 100, filters: { approach: ["bikva"] } },
        })
      ).json();
      return {
        read: (await demo.inject({ headers: as, method: "GET", url: "/v1/lessons/les_fj_17" })).statusCode,
        listed: (
          await demo.inject({
            headers: as,
            method: "GET",
            url: "/v1/lessons?unitId=u_fj_homecare_city&limit=100",
          })
        )
          .json()
          .items.some((l: { id: string }) => l.id === "les_fj_17"),
        found: filter.results.some((r: { id: string }) => r.id === "les_fj_17"),
        inResults: all.results.some((r: { id: string }) => r.id === "les_fj_17"),
        // the word is in no other lesson these keys see: a count over it counts the lesson or nothing
        counted: (filter.facets.approach?.bikva ?? 0) > 0,
        suggested: (await demo.inject({ headers: as, method: "GET", url: `/v1/suggest?q=${word}` }))
          .json()
          .lessons.some((l: { id: string }) => l.id === "les_fj_17"),
      };
    };
    const staff = await answers(nordvikStaff);
    const manager = await answers(fjordbyManager);
    const none = {
      read: 404,
      listed: false,
      found: false,
      inResults: false,
      counted: false,
      suggested: false,
    };
    expect(staff).toEqual(none);
    expect(manager).toEqual({
      read: 200,
      listed: true,
      found: true,
      inResults: true,
      counted: true,
      suggested: true,
    });
  });
});
