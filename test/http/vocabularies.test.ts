import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildTestApp,
  createFixtures,
  expectProblem,
  expectStatus,
  lessonBody,
  uniqueWord,
} from "../helpers/app.js";

type Term = {
  facet: string;
  slug: string;
  labels: Record<string, string>;
  synonyms: Record<string, string[]>;
  description: string | null;
  parent: string | null;
  status: string;
  version: number;
};
type Facet = { slug: string; kind: string; labels: Record<string, string>; terms: Term[] };

const standard = JSON.parse(readFileSync(new URL("../../seed/vocabulary.json", import.meta.url), "utf8")) as {
  terms: (Omit<Term, "version" | "status" | "description" | "parent" | "synonyms"> & {
    parent?: string;
    synonyms?: Record<string, string[]>;
  })[];
};
const FACETS = [
  "mechanism",
  "outcome",
  "pressure",
  "approach",
  "serviceArea",
  "userGroup",
  "setting",
  "organisationForm",
  "scale",
];

/** A unique slug-shaped suffix: lower-case letters only. */
const suffix = () =>
  randomUUID()
    .replace(/[^a-f]/g, "")
    .slice(0, 8)
    .padEnd(8, "q");
const slug = (prefix: string) => `${prefix}_${suffix()}`;
/** A unique camelCase dimension name. */
const dimension = (prefix: string) => `${prefix}${suffix().replace(/^./, (c) => c.toUpperCase())}`;

describe("vocabularies", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const postTerm = (facet: string, payload: Record<string, unknown>) =>
    app.inject({ method: "POST", url: `/v1/vocabularies/${facet}/terms`, payload });
  async function createTerm(facet: string, payload: Record<string, unknown>): Promise<Term> {
    return expectStatus<Term>(await postTerm(facet, payload), 201);
  }
  const postUnit = (organisationId: string, context: Record<string, string[]>) =>
    app.inject({
      method: "POST",
      url: "/v1/units",
      payload: { organisationId, name: `Unit ${uniqueWord()}`, context },
    });
  async function organisation(): Promise<string> {
    return expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/organisations",
        payload: { name: `Vocab Kommune ${uniqueWord()}` },
      }),
      201,
    ).id;
  }

  it("lists every standard facet with its terms", async () => {
    const body = expectStatus<{ items: Facet[]; nextCursor: null }>(
      await app.inject({ method: "GET", url: "/v1/vocabularies" }),
      200,
    );
    expect(body.nextCursor).toBeNull();
    const slugs = body.items.map((f) => f.slug);
    for (const facet of FACETS) expect(slugs).toContain(facet);
    for (const facet of FACETS) {
      const expected = standard.terms.filter((t) => t.facet === facet).map((t) => t.slug);
      const listed = body.items.find((f) => f.slug === facet)?.terms.map((t) => t.slug) ?? [];
      expect(expected.length).toBeGreaterThan(0);
      for (const term of expected) expect(listed, `${facet} terms`).toContain(term);
    }
    const kinds = Object.fromEntries(body.items.map((f) => [f.slug, f.kind]));
    expect(kinds).toMatchObject({
      mechanism: "mechanism",
      outcome: "outcome",
      pressure: "pressure",
      approach: "approach",
      serviceArea: "context",
      userGroup: "context",
      setting: "context",
      organisationForm: "context",
      scale: "context",
    });
  });

  it("reads one facet with its terms, labels, synonyms and parents", async () => {
    const facet = expectStatus<Facet>(
      await app.inject({ method: "GET", url: "/v1/vocabularies/serviceArea" }),
      200,
    );
    expect(facet).toMatchObject({ slug: "serviceArea", kind: "context", labels: { en: "Service area" } });
    const homeCare = facet.terms.find((t) => t.slug === "home_care");
    expect(homeCare).toMatchObject({
      facet: "serviceArea",
      labels: { en: "Home care", da: "Hjemmepleje", nb: "Hjemmetjeneste" },
      parent: "elder_care",
      status: "active",
    });
    expect(homeCare?.synonyms.nb).toContain("hjemmetjenesten");
    expect(facet.terms.every((t) => t.facet === "serviceArea")).toBe(true);
  });

  it("answers 404 for an unknown facet", async () => {
    const problem = expectProblem(await app.inject({ method: "GET", url: "/v1/vocabularies/flavour" }), 404);
    expect(problem).toMatchObject({ resource: "facet", id: "flavour" });
  });

  it("adds a context dimension that units can be tagged on at once", async () => {
    const housingType = dimension("housingType");
    const response = await app.inject({
      method: "POST",
      url: "/v1/vocabularies",
      payload: { slug: housingType, labels: { en: "Housing type", da: "Boligtype" } },
    });
    const created = expectStatus<Facet>(response, 201);
    expect(created).toMatchObject({ slug: housingType, kind: "context", terms: [] });
    expect(response.headers.location).toBe(`/v1/vocabularies/${housingType}`);

    const termSlug = slug("sheltered_housing");
    await createTerm(housingType, { slug: termSlug, labels: { en: "Sheltered housing", da: "Ældrebolig" } });
    const organisationId = await organisation();
    const unit = expectStatus<{ id: string; context: Record<string, string[]> }>(
      await postUnit(organisationId, { [housingType]: [termSlug], setting: ["urban"] }),
      201,
    );
    expect(unit.context).toEqual({ [housingType]: [termSlug], setting: ["urban"] });
    const read = expectStatus<{ context: Record<string, string[]> }>(
      await app.inject({ method: "GET", url: `/v1/units/${unit.id}` }),
      200,
    );
    expect(read.context[housingType]).toEqual([termSlug]);

    const listed = expectStatus<{ items: Facet[] }>(
      await app.inject({ method: "GET", url: "/v1/vocabularies" }),
      200,
    );
    expect(listed.items.find((f) => f.slug === housingType)?.terms.map((t) => t.slug)).toEqual([termSlug]);
  });

  it("refuses a duplicate dimension with 409", async () => {
    const name = dimension("tenure");
    expectStatus(
      await app.inject({
        method: "POST",
        url: "/v1/vocabularies",
        payload: { slug: name, labels: { en: "Tenure" } },
      }),
      201,
    );
    const problem = expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/vocabularies",
        payload: { slug: name, labels: { en: "Again" } },
      }),
      409,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/slug", code: "duplicate" })]);
    expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/vocabularies",
        payload: { slug: "serviceArea", labels: { en: "Service area" } },
      }),
      409,
    );
  });

  it("refuses a dimension name that is not camelCase with 400", async () => {
    const problem = expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/vocabularies",
        payload: { slug: "housing_type", labels: { en: "Housing type" } },
      }),
      400,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ in: "body", pointer: "/slug" })]);
  });

  it("adds a term with 201 and reads it back with its ETag", async () => {
    const termSlug = slug("kitchen_table_talks");
    const response = await postTerm("approach", {
      slug: termSlug,
      labels: { en: "Kitchen-table talks", da: "Køkkenbordssamtaler" },
      synonyms: { en: ["kitchen talks"] },
      description: "Conversations held in the citizen's own kitchen.",
    });
    const created = expectStatus<Term>(response, 201);
    expect(created).toMatchObject({
      facet: "approach",
      slug: termSlug,
      labels: { en: "Kitchen-table talks", da: "Køkkenbordssamtaler" },
      synonyms: { en: ["kitchen talks"] },
      description: "Conversations held in the citizen's own kitchen.",
      parent: null,
      status: "active",
      version: 1,
    });
    expect(response.headers.location).toBe(`/v1/vocabularies/approach/terms/${termSlug}`);
    expect(response.headers.etag).toBe('"1"');

    const read = await app.inject({ method: "GET", url: `/v1/vocabularies/approach/terms/${termSlug}` });
    expect(expectStatus<Term>(read, 200)).toEqual(created);
    expect(read.headers.etag).toBe('"1"');
  });

  it("adds a term below a parent of the same facet", async () => {
    const termSlug = slug("day_centre");
    const created = await createTerm("serviceArea", {
      slug: termSlug,
      labels: { en: "Day centre" },
      parent: "elder_care",
    });
    expect(created.parent).toBe("elder_care");
  });

  it("answers 404 for an unknown term", async () => {
    const problem = expectProblem(
      await app.inject({ method: "GET", url: "/v1/vocabularies/mechanism/terms/no_such_term" }),
      404,
    );
    expect(problem.type).toBe("urn:samskab:problem:not-found");
  });

  it("refuses a duplicate term slug with 409", async () => {
    const problem = expectProblem(
      await postTerm("mechanism", { slug: "trust", labels: { en: "Trust again" } }),
      409,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/slug", code: "duplicate" })]);
  });

  it("refuses a term with an unknown parent with 422 and a suggestion", async () => {
    const problem = expectProblem(
      // "eldreomsorg" is elder_care's Norwegian label, but not its slug
      await postTerm("serviceArea", {
        slug: slug("respite"),
        labels: { en: "Respite" },
        parent: "eldreomsorg",
      }),
      422,
    );
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors?.[0]?.code).toBe("unknown_term");
    expect(problem.errors?.[0]?.suggestions?.[0]).toMatchObject({ facet: "serviceArea", slug: "elder_care" });
  });

  it("names /parent as the failing field of an unknown parent", async () => {
    const problem = expectProblem(
      await postTerm("serviceArea", {
        slug: slug("respite"),
        labels: { en: "Respite" },
        parent: "no_such_parent",
      }),
      422,
    );
    // `parent` is a single slug, so the pointer is /parent itself; /parent/0 points at nothing in the body
    expect(problem.errors?.map((e) => e.pointer)).toEqual(["/parent"]);
  });

  it("refuses a term with a bad slug format with 400", async () => {
    const problem = expectProblem(
      await postTerm("mechanism", { slug: "Peer-Support", labels: { en: "Peer" } }),
      400,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ in: "body", pointer: "/slug" })]);
  });

  it("refuses a term without an English label with 400", async () => {
    const problem = expectProblem(
      await postTerm("mechanism", { slug: slug("nolabel"), labels: { da: "Kun dansk" } }),
      400,
    );
    expect(problem.errors?.map((e) => e.pointer)).toEqual(["/labels/en"]);
  });

  it("answers 404 when adding a term to an unknown facet", async () => {
    expectProblem(await postTerm("flavour", { slug: slug("sweet"), labels: { en: "Sweet" } }), 404);
  });

  it("merges labels per language and replaces synonyms on PATCH with If-Match", async () => {
    const termSlug = slug("walk_and_talk");
    await createTerm("approach", {
      slug: termSlug,
      labels: { en: "Walk and talk", da: "Gå-og-snak", nb: "Gå og prat" },
      synonyms: { en: ["walking meeting"], da: ["gåtur"] },
    });
    const response = await app.inject({
      method: "PATCH",
      url: `/v1/vocabularies/approach/terms/${termSlug}`,
      headers: { "if-match": '"1"' },
      payload: { labels: { da: "Gåtursamtale" }, synonyms: { nb: ["gåmøte"] } },
    });
    const updated = expectStatus<Term>(response, 200);
    expect(updated).toMatchObject({
      labels: { en: "Walk and talk", da: "Gåtursamtale", nb: "Gå og prat" },
      synonyms: { nb: ["gåmøte"] },
      version: 2,
    });
    expect(updated.synonyms.en).toBeUndefined();
    expect(updated.synonyms.da).toBeUndefined();
    expect(response.headers.etag).toBe('"2"');
    const read = expectStatus<Term>(
      await app.inject({ method: "GET", url: `/v1/vocabularies/approach/terms/${termSlug}` }),
      200,
    );
    expect(read).toEqual(updated);
  });

  it("refuses a term PATCH with a stale If-Match with 412", async () => {
    const termSlug = slug("stale_term");
    await createTerm("pressure", { slug: termSlug, labels: { en: "Stale" } });
    expectStatus(
      await app.inject({
        method: "PATCH",
        url: `/v1/vocabularies/pressure/terms/${termSlug}`,
        payload: { description: "first" },
      }),
      200,
    );
    expectProblem(
      await app.inject({
        method: "PATCH",
        url: `/v1/vocabularies/pressure/terms/${termSlug}`,
        headers: { "if-match": '"1"' },
        payload: { description: "second" },
      }),
      412,
    );
  });

  it("uses a new synonym in suggestions for units", async () => {
    const termSlug = slug("outreach");
    const synonym = `gadeplan${suffix()}`;
    await createTerm("serviceArea", { slug: termSlug, labels: { en: "Outreach work" } });
    expectStatus(
      await app.inject({
        method: "PATCH",
        url: `/v1/vocabularies/serviceArea/terms/${termSlug}`,
        headers: { "if-match": '"1"' },
        payload: { synonyms: { da: [synonym] } },
      }),
      200,
    );
    const problem = expectProblem(await postUnit(await organisation(), { serviceArea: [synonym] }), 422);
    expect(problem.errors?.[0]).toMatchObject({ pointer: "/context/serviceArea/0", code: "unknown_term" });
    expect(problem.errors?.[0]?.suggestions?.[0]).toMatchObject({
      facet: "serviceArea",
      slug: termSlug,
      matchedOn: `da synonym '${synonym}'`,
    });
  });

  it("uses a new synonym in suggestions for lessons", async () => {
    const termSlug = slug("being_heard");
    const synonym = `lydhoerhed${suffix()}`;
    await createTerm("mechanism", { slug: termSlug, labels: { en: "Being heard" } });
    expectStatus(
      await app.inject({
        method: "PATCH",
        url: `/v1/vocabularies/mechanism/terms/${termSlug}`,
        headers: { "if-match": '"1"' },
        payload: { synonyms: { da: [synonym] } },
      }),
      200,
    );
    const { homeCareUnitId } = await createFixtures(app, `Lesson Kommune ${uniqueWord()}`);
    const problem = expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        payload: lessonBody(homeCareUnitId, { mechanisms: ["trust", synonym] }),
      }),
      422,
    );
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors?.[0]).toMatchObject({ pointer: "/mechanisms/1", code: "unknown_term" });
    expect(problem.errors?.[0]?.suggestions?.[0]).toMatchObject({ facet: "mechanism", slug: termSlug });
  });

  it("counts and filters a term moved below a parent under that parent at once (POST /v1/filter)", async () => {
    const parentSlug = slug("outreach");
    const childSlug = slug("street_presence");
    const movedSlug = slug("door_knocking");
    await createTerm("approach", { slug: parentSlug, labels: { en: "Outreach" } });
    await createTerm("approach", { slug: childSlug, labels: { en: "Street presence" }, parent: parentSlug });
    await createTerm("approach", { slug: movedSlug, labels: { en: "Door knocking" } });
    const { homeCareUnitId } = await createFixtures(app, `Parent Kommune ${uniqueWord()}`);
    const word = uniqueWord();
    const publish = async (approach: string) =>
      expectStatus<{ id: string }>(
        await app.inject({
          method: "POST",
          url: "/v1/lessons",
          payload: lessonBody(homeCareUnitId, {
            title: `Meeting people where they are ${word}`,
            approaches: [approach],
            status: "published",
          }),
        }),
        201,
      ).id;
    const onTheStreet = await publish(childSlug);
    const atTheDoor = await publish(movedSlug);
    const filtered = async () =>
      expectStatus<{ results: { id: string }[] }>(
        await app.inject({
          method: "POST",
          url: "/v1/filter",
          payload: { q: word, filters: { approach: [parentSlug] } },
        }),
        200,
      )
        .results.map((r) => r.id)
        .sort();
    const counted = async () =>
      expectStatus<{ facets: Record<string, Record<string, number>> }>(
        await app.inject({ method: "POST", url: "/v1/filter", payload: { q: word } }),
        200,
      ).facets.approach?.[parentSlug];
    // asked before the move too, so that what is derived from the hierarchy has been derived once
    expect(await filtered()).toEqual([onTheStreet]);
    expect(await counted()).toBe(1);
    expectStatus(
      await app.inject({
        method: "PATCH",
        url: `/v1/vocabularies/approach/terms/${movedSlug}`,
        payload: { parent: parentSlug },
      }),
      200,
    );
    expect(await filtered()).toEqual([onTheStreet, atTheDoor].sort());
    expect(await counted()).toBe(2);
  });

  it("stops suggesting a synonym that was replaced", async () => {
    const termSlug = slug("street_team");
    const oldSynonym = `gammelord${suffix()}`;
    await createTerm("serviceArea", {
      slug: termSlug,
      labels: { en: "Street team" },
      synonyms: { da: [oldSynonym] },
    });
    const before = expectProblem(await postUnit(await organisation(), { serviceArea: [oldSynonym] }), 422);
    expect(before.errors?.[0]?.suggestions?.map((s) => s.slug)).toContain(termSlug);
    expectStatus(
      await app.inject({
        method: "PATCH",
        url: `/v1/vocabularies/serviceArea/terms/${termSlug}`,
        payload: { synonyms: { da: ["gadeteam"] } },
      }),
      200,
    );
    const after = expectProblem(await postUnit(await organisation(), { serviceArea: [oldSynonym] }), 422);
    expect(after.errors?.[0]?.suggestions?.map((s) => s.slug) ?? []).not.toContain(termSlug);
  });

  it("refuses a retired term on a new unit context with 422", async () => {
    const termSlug = slug("old_scheme");
    await createTerm("serviceArea", { slug: termSlug, labels: { en: "Old scheme" } });
    const organisationId = await organisation();
    expectStatus(await postUnit(organisationId, { serviceArea: [termSlug] }), 201);
    const retired = expectStatus<Term>(
      await app.inject({
        method: "PATCH",
        url: `/v1/vocabularies/serviceArea/terms/${termSlug}`,
        headers: { "if-match": '"1"' },
        payload: { status: "retired" },
      }),
      200,
    );
    expect(retired.status).toBe("retired");
    const problem = expectProblem(await postUnit(organisationId, { serviceArea: [termSlug] }), 422);
    expect(problem.errors).toEqual([
      expect.objectContaining({ pointer: "/context/serviceArea/0", code: "retired_term" }),
    ]);
  });

  it("refuses a term created as retired on a new unit context", async () => {
    const termSlug = slug("born_retired");
    await createTerm("setting", { slug: termSlug, labels: { en: "Born retired" }, status: "retired" });
    const problem = expectProblem(await postUnit(await organisation(), { setting: [termSlug] }), 422);
    expect(problem.errors?.[0]?.code).toBe("retired_term");
  });

  it("refuses a PATCH that would make a term its own ancestor", async () => {
    const top = slug("top");
    const below = slug("below");
    await createTerm("outcome", { slug: top, labels: { en: "Top" } });
    await createTerm("outcome", { slug: below, labels: { en: "Below" }, parent: top });
    const problem = expectProblem(
      await app.inject({
        method: "PATCH",
        url: `/v1/vocabularies/outcome/terms/${top}`,
        payload: { parent: below },
      }),
      422,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/parent", code: "cycle" })]);
  });

  it("refuses a bad slug in the term path with 400", async () => {
    const problem = expectProblem(
      await app.inject({ method: "GET", url: "/v1/vocabularies/mechanism/terms/Not-A-Slug" }),
      400,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ in: "params", pointer: "/slug" })]);
  });
});
