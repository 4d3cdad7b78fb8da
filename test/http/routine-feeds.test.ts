// A routine's feeds parsed back: Atom with an XML parser (fast-xml-parser), JSON Feed 1.1 against its
// required members, and both by a feed reader's parser (feedsmith, which knows neither our schema nor
// our renderer); one entry per new relevant lesson, newest first, only lessons the key may see.
import { XMLParser } from "fast-xml-parser";
import type { FastifyInstance } from "fastify";
import { parseAtomFeed, parseFeed, parseJsonFeed } from "feedsmith";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonFeedSchema } from "../../src/http/render/routine-feed.js";
import {
  asKey,
  buildTestApp,
  createFixtures,
  expectProblem,
  expectStatus,
  type Fixtures,
  issueKey,
  lessonBody,
  uniqueWord,
} from "../helpers/app.js";

const DAY = 86_400_000;
let now = Date.parse("2026-05-04T08:00:00.000Z");
const clock = { now: () => new Date(now) };

let app: FastifyInstance;
let fx: Fixtures;
let routineId: string;
let staffKey: string;
let otherStaffKey: string;
let shared: { id: string; title: string }[] = [];
let hidden: string;

async function publish(unitId: string, overrides: Record<string, unknown> = {}) {
  const title = `Visits & <trust> ${uniqueWord()}`;
  const { id } = expectStatus<{ id: string }>(
    await app.inject({
      method: "POST",
      url: "/v1/lessons",
      payload: lessonBody(unitId, { title, ...overrides }),
    }),
    201,
  );
  return { id, title };
}

beforeAll(async () => {
  app = await buildTestApp({ clock });
  fx = await createFixtures(app);
  const sibling = expectStatus<{ id: string }>(
    await app.inject({
      method: "POST",
      url: "/v1/units",
      payload: {
        organisationId: fx.organisationId,
        name: "Hjemmeplejen Syd",
        context: { serviceArea: ["home_care"] },
      },
    }),
    201,
  ).id;
  staffKey = (await issueKey(app, { role: "staff", unitId: fx.homeCareUnitId })).key;
  otherStaffKey = (await issueKey(app, { role: "staff", unitId: fx.jobCentreUnitId })).key;
  routineId = expectStatus<{ id: string }>(
    await app.inject({
      method: "POST",
      url: "/v1/routines",
      payload: {
        name: "Weekly huddle",
        ownerUnitId: fx.homeCareUnitId,
        filter: { filters: { serviceArea: ["home_care"] } },
        cadence: "weekly",
      },
    }),
    201,
  ).id;
  for (let i = 0; i < 3; i++) {
    now += DAY;
    shared.push(await publish(sibling));
  }
  hidden = (await publish(sibling, { visibility: "unit" })).id;
  shared = shared.reverse(); // newest first
});

afterAll(async () => {
  await app.close();
});

describe("routine feeds", () => {
  it("serves Atom that an XML parser reads back: one entry per new relevant lesson, newest first", async () => {
    const response = await app.inject({
      url: `/v1/routines/${routineId}/feed.atom`,
      headers: asKey(staffKey),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/atom\+xml/);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(response.body);
    const feed = parsed.feed;
    expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.title).toContain("Weekly huddle");
    expect(feed.id).toMatch(/\/v1\/routines\/.+\/feed\.atom$/);
    expect(Date.parse(feed.updated)).not.toBeNaN();
    const entries = [feed.entry].flat();
    expect(entries.map((entry: { id: string }) => entry.id.replace(/^.*\/v1\/lessons\//, ""))).toEqual(
      shared.map((l) => l.id),
    );
    const first = entries[0];
    // the html-typed title is escaped once: an HTML reader shows the title as written
    expect(first.title["#text"]).toBe(
      shared[0]!.title.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
    );
    expect(first.author.name).toBe("Hjemmeplejen Syd");
    expect(first.content["#text"]).toContain("<p>");
  });

  it("serves JSON Feed 1.1 with its required members", async () => {
    const response = await app.inject({
      url: `/v1/routines/${routineId}/feed.json`,
      headers: asKey(staffKey),
    });
    expect(response.headers["content-type"]).toMatch(/^application\/feed\+json/);
    const feed = JsonFeedSchema.parse(JSON.parse(response.body));
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.items.map((item) => item.title)).toEqual(shared.map((l) => l.title));
    for (const item of feed.items) {
      expect(item.id).toBe(item.url);
      expect(item.content_html).toContain("<p>");
    }
  });

  it("is read by a feed reader's Atom and JSON Feed parsers, entry for entry", async () => {
    const body = async (path: string) =>
      (await app.inject({ url: `/v1/routines/${routineId}/${path}`, headers: asKey(staffKey) })).body;
    const atomBody = await body("feed.atom");
    const jsonBody = await body("feed.json");
    // each is recognised as its own format…
    expect(parseFeed(atomBody).format).toBe("atom");
    expect(parseFeed(jsonBody).format).toBe("json");
    // …and read back: the same lessons, newest first, with their titles and links
    const atom = parseAtomFeed(atomBody);
    expect(atom.title?.value).toContain("Weekly huddle");
    expect(atom.entries?.map((entry) => entry.id?.replace(/^.*\/v1\/lessons\//, ""))).toEqual(
      shared.map((l) => l.id),
    );
    for (const entry of atom.entries ?? []) {
      expect(Date.parse(entry.updated ?? "")).not.toBeNaN();
      expect(entry.links?.[0]?.href).toMatch(/^http:\/\/[^/]+\/v1\/lessons\//);
    }
    const json = parseJsonFeed(jsonBody);
    expect(json.title).toContain("Weekly huddle");
    expect(json.items?.map((item) => item.title)).toEqual(shared.map((l) => l.title));
    expect(json.items?.map((item) => item.id)).toEqual(atom.entries?.map((entry) => entry.links?.[0]?.href));
  });

  it("escapes the lessons' own text on the agenda's HTML page and in its Markdown", async () => {
    const page = await app.inject({
      url: `/v1/routines/${routineId}/agenda?format=html`,
      headers: asKey(staffKey),
    });
    expect(page.body).toContain("Visits &amp; &lt;trust&gt;");
    expect(page.body).not.toContain("<trust>");
    const markdown = await app.inject({
      url: `/v1/routines/${routineId}/agenda?format=markdown`,
      headers: asKey(staffKey),
    });
    expect(markdown.body).toContain("Visits & \\<trust\\>");
  });

  it("leaves out lessons the key may not see, and is 404 to keys outside the forum", async () => {
    const staffFeed = JSON.parse(
      (await app.inject({ url: `/v1/routines/${routineId}/feed.json`, headers: asKey(staffKey) })).body,
    ) as { items: { id: string }[] };
    expect(staffFeed.items.some((item) => item.id.endsWith(hidden))).toBe(false);
    const adminFeed = JSON.parse((await app.inject({ url: `/v1/routines/${routineId}/feed.json` })).body) as {
      items: { id: string }[];
    };
    expect(adminFeed.items.some((item) => item.id.endsWith(hidden))).toBe(true);
    const atom = (await app.inject({ url: `/v1/routines/${routineId}/feed.atom`, headers: asKey(staffKey) }))
      .body;
    expect(atom).not.toContain(hidden);
    expectProblem(
      await app.inject({ url: `/v1/routines/${routineId}/feed.atom`, headers: asKey(otherStaffKey) }),
      404,
    );
    expectProblem(
      await app.inject({ url: `/v1/routines/${routineId}/feed.json`, headers: asKey(otherStaffKey) }),
      404,
    );
  });
});
