import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildTestApp,
  createFixtures,
  expectProblem,
  expectStatus,
  type Fixtures,
  lessonBody,
} from "../helpers/app.js";

type Warning = { code: string; pointer: string; message: string; signals?: string[] };
type Lesson = {
  id: string;
  organisationId: string;
  unitId: string;
  initiativeId: string | null;
  title: string;
  summary: string;
  language: string;
  context: { narrative: string | null; tags: Record<string, string[]> };
  mechanisms: string[];
  why: string;
  outcomes: { term: string; direction: string }[];
  outcomeNarrative: string | null;
  evidence: { kind: string; reference: string | null };
  pressures: { term: string; coping: string | null; strategy: string | null; carriedOver?: true }[];
  coping: string | null;
  stage: string;
  status: string;
  visibility: string;
  adaptations: { worked: number; partly: number; didNotWork: number };
  version: number;
  publishedAt: string | null;
  warnings?: Warning[];
};
type Page = { items: Lesson[]; nextCursor: string | null };

const HOME_CARE_PROFILE = {
  serviceArea: ["home_care"],
  userGroup: ["older_adults"],
  setting: ["rural"],
  organisationForm: ["team_based"],
  scale: ["one_team"],
};

describe("lessons over HTTP", () => {
  let app: FastifyInstance;
  let organisations = 0;

  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  /** A fresh organisation with two units, so no test sees another test's lessons. */
  const fixtures = (): Promise<Fixtures> => createFixtures(app, `Lessons Kommune ${++organisations}`);

  const post = (payload: Record<string, unknown>) =>
    app.inject({ method: "POST", url: "/v1/lessons", payload });
  const get = (id: string) => app.inject({ method: "GET", url: `/v1/lessons/${id}` });
  const patch = (id: string, payload: Record<string, unknown>, ifMatch?: string) =>
    app.inject({
      method: "PATCH",
      url: `/v1/lessons/${id}`,
      payload,
      ...(ifMatch === undefined ? {} : { headers: { "if-match": ifMatch } }),
    });
  const list = async (query: string) =>
    expectStatus<Page>(await app.inject({ method: "GET", url: `/v1/lessons?${query}` }), 200);
  const create = async (payload: Record<string, unknown>) => expectStatus<Lesson>(await post(payload), 201);
  const count = async (unitId: string) => {
    const active = await list(`unitId=${unitId}&limit=100`);
    const archived = await list(`unitId=${unitId}&status=archived&limit=100`);
    return active.items.length + archived.items.length;
  };
  const warningCodes = (lesson: Lesson) => (lesson.warnings ?? []).map((w) => w.code);

  describe("creating and reading", () => {
    it("answers 201 with Location, ETag 1 and the unit's context profile as default tags", async () => {
      const { homeCareUnitId } = await fixtures();
      const body: Record<string, unknown> = lessonBody(homeCareUnitId);
      delete body.status;
      const response = await post(body);
      const created = expectStatus<Lesson>(response, 201);
      expect(response.headers.location).toBe(`/v1/lessons/${created.id}`);
      expect(response.headers.etag).toBe('"1"');
      expect(created).toMatchObject({
        unitId: homeCareUnitId,
        initiativeId: null,
        version: 1,
        status: "submitted",
        stage: "ad_hoc_individual",
        visibility: "organisation",
        language: "en",
        mechanisms: ["trust", "recognition"],
        outcomes: [{ term: "user_wellbeing", direction: "positive" }],
        // the helper sends the deprecated lesson-level coping: it lands on the first pressure
        pressures: [
          {
            term: "time",
            coping: "The team traded route efficiency for continuity on two routes.",
            strategy: null,
            carriedOver: true,
          },
        ],
        coping: null,
        adaptations: { worked: 0, partly: 0, didNotWork: 0 },
        publishedAt: null,
        warnings: [],
      });
      expect(created.context.tags).toEqual(HOME_CARE_PROFILE);
    });

    it("defaults evidence to anecdote and visibility to organisation when left out", async () => {
      const { homeCareUnitId } = await fixtures();
      const body: Record<string, unknown> = lessonBody(homeCareUnitId);
      delete body.evidence;
      delete body.visibility;
      const created = await create(body);
      expect(created.evidence).toEqual({ kind: "anecdote", reference: null });
      expect(created.visibility).toBe("organisation");
    });

    it("keeps explicitly given context tags instead of the unit's profile", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(
        lessonBody(homeCareUnitId, { context: { narrative: null, tags: { serviceArea: ["nursing_home"] } } }),
      );
      expect(created.context).toEqual({ narrative: null, tags: { serviceArea: ["nursing_home"] } });
    });

    it("takes the initiative's stage when the lesson belongs to an initiative", async () => {
      const { homeCareUnitId } = await fixtures();
      const initiative = await createInitiative(homeCareUnitId, "project");
      const created = await create(lessonBody(homeCareUnitId, { initiativeId: initiative.id }));
      expect(created.initiativeId).toBe(initiative.id);
      expect(created.stage).toBe("project");
    });

    it("reads a lesson back with its ETag", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId, { title: "Read me back" }));
      const response = await get(created.id);
      const read = expectStatus<Lesson>(response, 200);
      expect(response.headers.etag).toBe('"1"');
      expect(read).toMatchObject({ id: created.id, title: "Read me back", version: 1, status: "published" });
      expect(read).not.toHaveProperty("warnings");
    });
  });

  describe("listing", () => {
    it("filters by unit", async () => {
      const { homeCareUnitId, jobCentreUnitId } = await fixtures();
      const mine = await create(lessonBody(homeCareUnitId));
      const theirs = await create(lessonBody(jobCentreUnitId));
      const page = await list(`unitId=${homeCareUnitId}`);
      expect(page.items.map((l) => l.id)).toEqual([mine.id]);
      expect(page.nextCursor).toBeNull();
      expect((await list(`unitId=${jobCentreUnitId}`)).items.map((l) => l.id)).toEqual([theirs.id]);
    });

    it("filters by status", async () => {
      const { homeCareUnitId } = await fixtures();
      const draft = await create(lessonBody(homeCareUnitId, { status: "draft" }));
      const submitted = await create(lessonBody(homeCareUnitId, { status: "submitted" }));
      const published = await create(lessonBody(homeCareUnitId, { status: "published" }));
      const ids = async (status: string) =>
        (await list(`unitId=${homeCareUnitId}&status=${status}`)).items.map((l) => l.id);
      expect(await ids("draft")).toEqual([draft.id]);
      expect(await ids("submitted")).toEqual([submitted.id]);
      expect(await ids("published")).toEqual([published.id]);
    });

    it("filters by language", async () => {
      const { homeCareUnitId } = await fixtures();
      const english = await create(lessonBody(homeCareUnitId, { language: "en" }));
      const danish = await create(lessonBody(homeCareUnitId, { language: "da" }));
      const norwegian = await create(lessonBody(homeCareUnitId, { language: "nb" }));
      const ids = async (language: string) =>
        (await list(`unitId=${homeCareUnitId}&language=${language}`)).items.map((l) => l.id);
      expect(await ids("en")).toEqual([english.id]);
      expect(await ids("da")).toEqual([danish.id]);
      expect(await ids("nb")).toEqual([norwegian.id]);
    });

    it("leaves archived lessons out unless status=archived is asked for", async () => {
      const { homeCareUnitId } = await fixtures();
      const kept = await create(lessonBody(homeCareUnitId));
      const archived = await create(lessonBody(homeCareUnitId));
      expectStatus(await app.inject({ method: "DELETE", url: `/v1/lessons/${archived.id}` }), 200);
      expect((await list(`unitId=${homeCareUnitId}`)).items.map((l) => l.id)).toEqual([kept.id]);
      const onlyArchived = await list(`unitId=${homeCareUnitId}&status=archived`);
      expect(onlyArchived.items.map((l) => l.id)).toEqual([archived.id]);
      expect(onlyArchived.items[0]!.status).toBe("archived");
    });
  });

  describe("pagination", () => {
    it("walks every lesson exactly once across pages of 7", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = new Set<string>();
      for (let i = 0; i < 25; i++) {
        created.add((await create(lessonBody(homeCareUnitId, { title: `Lesson number ${i}` }))).id);
      }
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `unitId=${homeCareUnitId}&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
        const page = await list(query);
        sizes.push(page.items.length);
        seen.push(...page.items.map((l) => l.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== null && pages < 10);
      expect(sizes).toEqual([7, 7, 7, 4]);
      expect(cursor).toBeNull();
      expect(new Set(seen).size).toBe(seen.length);
      expect(new Set(seen)).toEqual(created);
    });

    it("answers 422 naming /cursor for a cursor it did not issue", async () => {
      const problem = expectProblem(
        await app.inject({ method: "GET", url: "/v1/lessons?cursor=not-a-real-cursor" }),
        422,
      );
      expect(problem.errors).toEqual([
        expect.objectContaining({ pointer: "/cursor", code: "invalid_cursor" }),
      ]);
    });

    it("answers 400 naming limit when limit is above 100", async () => {
      const problem = expectProblem(await app.inject({ method: "GET", url: "/v1/lessons?limit=101" }), 400);
      expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/limit", in: "querystring" })]);
    });
  });

  describe("request validation", () => {
    const rejects400 = async (payload: Record<string, unknown>, unitId: string) => {
      const before = await count(unitId);
      const problem = expectProblem(await post(payload), 400);
      expect(problem.type).toBe("urn:samskab:problem:validation");
      expect(await count(unitId)).toBe(before);
      return problem.errors ?? [];
    };

    it("answers 400 naming /why when why is missing", async () => {
      const { homeCareUnitId } = await fixtures();
      const body: Record<string, unknown> = lessonBody(homeCareUnitId);
      delete body.why;
      const errors = await rejects400(body, homeCareUnitId);
      expect(errors).toEqual([expect.objectContaining({ pointer: "/why", in: "body" })]);
    });

    it("answers 400 naming /why when why is too short", async () => {
      const { homeCareUnitId } = await fixtures();
      const errors = await rejects400(lessonBody(homeCareUnitId, { why: "It worked." }), homeCareUnitId);
      expect(errors).toEqual([expect.objectContaining({ pointer: "/why", code: "too_small" })]);
    });

    it("answers 400 naming /mechanisms when mechanisms is a string", async () => {
      const { homeCareUnitId } = await fixtures();
      const errors = await rejects400(lessonBody(homeCareUnitId, { mechanisms: "trust" }), homeCareUnitId);
      expect(errors).toEqual([expect.objectContaining({ pointer: "/mechanisms", code: "invalid_type" })]);
    });

    it("answers 400 naming an unknown field", async () => {
      const { homeCareUnitId } = await fixtures();
      const body: Record<string, unknown> = lessonBody(homeCareUnitId, { mechanism: ["trust"] });
      const errors = await rejects400(body, homeCareUnitId);
      expect(errors).toContainEqual(
        expect.objectContaining({ pointer: "/mechanism", code: "unknown_field" }),
      );
    });

    it("answers 400 naming the unknown field and the missing one when mechanisms is misspelt", async () => {
      const { homeCareUnitId } = await fixtures();
      const body: Record<string, unknown> = lessonBody(homeCareUnitId, { mechanism: ["trust"] });
      delete body.mechanisms;
      const errors = await rejects400(body, homeCareUnitId);
      expect(errors.map((e) => e.pointer).sort()).toEqual(["/mechanism", "/mechanisms"]);
    });

    it("answers 400 naming /outcomes when the same outcome term is given twice", async () => {
      const { homeCareUnitId } = await fixtures();
      const before = await count(homeCareUnitId);
      const outcomes = [
        { term: "user_wellbeing", direction: "positive" },
        { term: "user_wellbeing", direction: "negative" },
      ];
      const problem = expectProblem(await post(lessonBody(homeCareUnitId, { outcomes })), 400);
      expect(problem.errors?.map((e) => e.pointer)).toEqual(["/outcomes"]);
      expect(await count(homeCareUnitId)).toBe(before);
    });

    it("answers 400 naming /mechanisms for an empty mechanisms list", async () => {
      const { homeCareUnitId } = await fixtures();
      const errors = await rejects400(lessonBody(homeCareUnitId, { mechanisms: [] }), homeCareUnitId);
      expect(errors).toEqual([expect.objectContaining({ pointer: "/mechanisms", code: "too_small" })]);
    });
  });

  describe("unknown controlled terms", () => {
    const rejects422 = async (payload: Record<string, unknown>, unitId: string) => {
      const before = await count(unitId);
      const problem = expectProblem(await post(payload), 422);
      expect(await count(unitId)).toBe(before);
      return problem;
    };

    it("answers 422 unknown-term with a suggestion found by the Danish label", async () => {
      const { homeCareUnitId } = await fixtures();
      const problem = await rejects422(
        lessonBody(homeCareUnitId, { mechanisms: ["tillid"] }),
        homeCareUnitId,
      );
      expect(problem.type).toBe("urn:samskab:problem:unknown-term");
      expect(problem.errors).toHaveLength(1);
      const [error] = problem.errors!;
      expect(error).toMatchObject({ pointer: "/mechanisms/0", code: "unknown_term" });
      expect(error!.suggestions![0]).toMatchObject({ facet: "mechanism", slug: "trust", label: "Trust" });
      expect(error!.suggestions![0]!.matchedOn).toMatch(/^da label/);
    });

    it("suggests trust for its Danish synonym 'fortrolighed'", async () => {
      const { homeCareUnitId } = await fixtures();
      const problem = await rejects422(
        lessonBody(homeCareUnitId, { mechanisms: ["recognition", "fortrolighed"] }),
        homeCareUnitId,
      );
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors![0]!.pointer).toBe("/mechanisms/1");
      expect(problem.errors![0]!.suggestions![0]).toMatchObject({ slug: "trust" });
      expect(problem.errors![0]!.suggestions![0]!.matchedOn).toBe("da synonym 'fortrolighed'");
    });

    it("suggests trust for its Norwegian synonym 'trygghet'", async () => {
      const { homeCareUnitId } = await fixtures();
      const problem = await rejects422(
        lessonBody(homeCareUnitId, { mechanisms: ["trygghet"] }),
        homeCareUnitId,
      );
      expect(problem.errors![0]!.suggestions![0]).toMatchObject({ slug: "trust" });
      expect(problem.errors![0]!.suggestions![0]!.matchedOn).toBe("nb synonym 'trygghet'");
    });

    it("suggests relationships for the English typo 'relashionships'", async () => {
      const { homeCareUnitId } = await fixtures();
      const problem = await rejects422(
        lessonBody(homeCareUnitId, { mechanisms: ["relashionships"] }),
        homeCareUnitId,
      );
      expect(problem.errors![0]).toMatchObject({ pointer: "/mechanisms/0", code: "unknown_term" });
      expect(problem.errors![0]!.suggestions![0]).toMatchObject({
        facet: "mechanism",
        slug: "relationships",
      });
    });

    it("names an unknown context tag by its pointer with suggestions from that dimension", async () => {
      const { homeCareUnitId } = await fixtures();
      const problem = await rejects422(
        lessonBody(homeCareUnitId, { context: { tags: { serviceArea: ["hjemmehjaelp_x", "hjemmepleje"] } } }),
        homeCareUnitId,
      );
      expect(problem.errors!.map((e) => e.pointer)).toEqual([
        "/context/tags/serviceArea/0",
        "/context/tags/serviceArea/1",
      ]);
      expect(problem.errors![1]!.suggestions![0]).toMatchObject({ facet: "serviceArea", slug: "home_care" });
    });

    it("names an unknown outcome by /outcomes/<i>/term", async () => {
      const { homeCareUnitId } = await fixtures();
      const problem = await rejects422(
        lessonBody(homeCareUnitId, {
          outcomes: [
            { term: "user_wellbeing", direction: "positive" },
            { term: "tilfredshed", direction: "mixed" },
          ],
        }),
        homeCareUnitId,
      );
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors![0]).toMatchObject({ pointer: "/outcomes/1/term", code: "unknown_term" });
      expect(problem.errors![0]!.suggestions![0]).toMatchObject({
        facet: "outcome",
        slug: "user_satisfaction",
      });
    });

    it("answers 422 naming an unknown context dimension", async () => {
      const { homeCareUnitId } = await fixtures();
      const problem = await rejects422(
        lessonBody(homeCareUnitId, { context: { tags: { servicearea: ["home_care"] } } }),
        homeCareUnitId,
      );
      expect(problem.type).toBe("urn:samskab:problem:unknown-term");
      expect(problem.errors).toEqual([
        expect.objectContaining({ pointer: "/context/tags/servicearea", code: "unknown_dimension" }),
      ]);
      expect(problem.errors![0]!.message).toContain("'serviceArea'");
    });

    it("reports every unknown term of a request at once", async () => {
      const { homeCareUnitId } = await fixtures();
      const problem = await rejects422(
        lessonBody(homeCareUnitId, {
          context: { tags: { serviceArea: ["homecare"], housing: ["flat"] } },
          mechanisms: ["trust", "tillid", "relashionships"],
          outcomes: [{ term: "wellbeing_x", direction: "positive" }],
          pressures: ["tidspres"],
          approaches: ["bikva", "billedkort"],
        }),
        homeCareUnitId,
      );
      expect(problem.errors!.map((e) => e.pointer).sort()).toEqual(
        [
          "/context/tags/serviceArea/0",
          "/context/tags/housing",
          "/mechanisms/1",
          "/mechanisms/2",
          "/outcomes/0/term",
          "/pressures/0",
          "/approaches/1",
        ].sort(),
      );
      const byPointer = new Map(problem.errors!.map((e) => [e.pointer, e]));
      expect(byPointer.get("/pressures/0")!.suggestions![0]).toMatchObject({ slug: "time" });
      expect(byPointer.get("/approaches/1")!.suggestions![0]).toMatchObject({ slug: "picture_cards" });
    });
  });

  describe("references", () => {
    it("answers 422 naming /unitId for an unknown unit and stores nothing", async () => {
      const { organisationId } = await fixtures();
      const problem = expectProblem(await post(lessonBody("unit_does_not_exist")), 422);
      expect(problem.errors).toEqual([
        expect.objectContaining({ pointer: "/unitId", code: "unknown_reference" }),
      ]);
      expect((await list(`organisationId=${organisationId}`)).items).toEqual([]);
    });

    it("answers 422 naming /initiativeId for an unknown initiative", async () => {
      const { homeCareUnitId } = await fixtures();
      const problem = expectProblem(
        await post(lessonBody(homeCareUnitId, { initiativeId: "ini_does_not_exist" })),
        422,
      );
      expect(problem.errors).toEqual([
        expect.objectContaining({ pointer: "/initiativeId", code: "unknown_reference" }),
      ]);
      expect(await count(homeCareUnitId)).toBe(0);
    });

    it("answers 422 when the unit neither leads nor takes part in the initiative", async () => {
      const { homeCareUnitId, jobCentreUnitId } = await fixtures();
      const initiative = await createInitiative(homeCareUnitId, "pilot");
      const problem = expectProblem(
        await post(lessonBody(jobCentreUnitId, { initiativeId: initiative.id })),
        422,
      );
      expect(problem.errors).toEqual([
        expect.objectContaining({ pointer: "/initiativeId", code: "not_a_participant" }),
      ]);
      expect(await count(jobCentreUnitId)).toBe(0);
    });

    it("accepts a lesson from a participating unit of the initiative", async () => {
      const { homeCareUnitId, jobCentreUnitId } = await fixtures();
      const initiative = await createInitiative(homeCareUnitId, "pilot", [jobCentreUnitId]);
      const created = await create(lessonBody(jobCentreUnitId, { initiativeId: initiative.id }));
      expect(created).toMatchObject({ initiativeId: initiative.id, stage: "pilot" });
    });

    it("answers 422 naming /stage for a pilot without an initiative", async () => {
      const { homeCareUnitId } = await fixtures();
      const problem = expectProblem(await post(lessonBody(homeCareUnitId, { stage: "pilot" })), 422);
      expect(problem.errors).toEqual([
        expect.objectContaining({ pointer: "/stage", code: "stage_needs_initiative" }),
      ]);
      expect(await count(homeCareUnitId)).toBe(0);
    });
  });

  describe("a why that reads like a recipe", () => {
    const recipes: [string, string, string][] = [
      [
        "numbered steps",
        "en",
        "1. We called the citizen the day before.\n2. We arrived at the agreed time.\n3. We asked what mattered most.",
      ],
      [
        "first … then …",
        "en",
        "First we phoned every citizen on the route, then we visited them at the time they had chosen.",
      ],
      [
        "Danish først … derefter …",
        "da",
        "Først ringede vi til alle borgerne på ruten, derefter besøgte vi dem på det tidspunkt, de selv valgte.",
      ],
      [
        "bullet lines",
        "en",
        "- a phone call the day before the visit\n- a visit at the time the citizen chose\n- a short chat over coffee",
      ],
    ];

    for (const [name, language, why] of recipes) {
      it(`stores a why with ${name} and warns why_reads_like_recipe`, async () => {
        const { homeCareUnitId } = await fixtures();
        const created = await create(lessonBody(homeCareUnitId, { why, language }));
        expect(created.why).toBe(why);
        expect(created.warnings![0]).toMatchObject({ code: "why_reads_like_recipe", pointer: "/why" });
        expect((await list(`unitId=${homeCareUnitId}`)).items.map((l) => l.id)).toEqual([created.id]);
      });
    }

    it("does not warn about a plain explanatory why", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId));
      expect(warningCodes(created)).not.toContain("why_reads_like_recipe");
      expect(created.warnings).toEqual([]);
    });
  });

  describe("language detection", () => {
    it("detects Danish when no language is given", async () => {
      const { homeCareUnitId } = await fixtures();
      const body: Record<string, unknown> = lessonBody(homeCareUnitId, {
        title: "Borgerne bestemte selv rækkefølgen af besøget",
        summary:
          "Da borgerne selv fik lov at bestemme hvad der skulle ske, blev de meget mere trygge efter nogle uger.",
        why: "Medarbejderne blev set som gæster og ikke som kontrollanter, og derfor begyndte borgerne at fortælle os hvad der virkelig bekymrede dem. Det var vigtigt for dem at blive hørt, og de gav os også lidt af deres tid tilbage.",
      });
      delete body.language;
      const created = await create(body);
      expect(created.language).toBe("da");
      expect(created.warnings).toContainEqual(
        expect.objectContaining({ code: "language_detected", pointer: "/language" }),
      );
      expect(expectStatus<Lesson>(await get(created.id), 200).language).toBe("da");
    });

    it("detects Norwegian Bokmål when no language is given", async () => {
      const { homeCareUnitId } = await fixtures();
      const body: Record<string, unknown> = lessonBody(homeCareUnitId, {
        title: "Brukerne bestemte selv rekkefølgen av besøket",
        summary:
          "Da brukerne selv fikk bestemme hva som skulle skje, ble de mye tryggere etter noen uker med hjemmetjenesten.",
        why: "De ansatte ble sett som gjester og ikke som kontrollører, og derfor begynte brukerne å fortelle oss hva som virkelig bekymret dem. Det var viktig for dem å bli hørt, og de gav oss også litt av tiden sin tilbake gjennom samtalene.",
      });
      delete body.language;
      const created = await create(body);
      expect(created.language).toBe("nb");
      expect(created.warnings).toContainEqual(
        expect.objectContaining({ code: "language_detected", pointer: "/language" }),
      );
    });

    it("detects English when no language is given", async () => {
      const { homeCareUnitId } = await fixtures();
      const body: Record<string, unknown> = lessonBody(homeCareUnitId);
      delete body.language;
      const created = await create(body);
      expect(created.language).toBe("en");
      expect(warningCodes(created)).toEqual(["language_detected"]);
    });

    it("keeps a given language without a warning", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId, { language: "nb" }));
      expect(created.language).toBe("nb");
      expect(created.warnings).toEqual([]);
    });
  });

  describe("updating with PATCH", () => {
    it("answers 428 without If-Match and leaves the lesson alone", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId));
      const problem = expectProblem(await patch(created.id, { title: "Changed title" }), 428);
      expect(problem.type).toBe("urn:samskab:problem:precondition-required");
      expect(expectStatus<Lesson>(await get(created.id), 200)).toMatchObject({
        title: created.title,
        version: 1,
      });
    });

    it("answers 412 with currentVersion for a stale If-Match", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId));
      expectStatus(await patch(created.id, { title: "Second title" }, '"1"'), 200);
      const problem = expectProblem(await patch(created.id, { title: "Third title" }, '"1"'), 412);
      expect(problem.currentVersion).toBe(2);
      expect(expectStatus<Lesson>(await get(created.id), 200).title).toBe("Second title");
    });

    it("applies a PATCH with the current If-Match and bumps version and ETag", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId));
      const response = await patch(created.id, { title: "A better title", mechanisms: ["ownership"] }, '"1"');
      const updated = expectStatus<Lesson>(response, 200);
      expect(response.headers.etag).toBe('"2"');
      expect(updated).toMatchObject({
        version: 2,
        title: "A better title",
        mechanisms: ["ownership"],
        summary: created.summary,
        why: created.why,
      });
      const read = await get(created.id);
      expect(read.headers.etag).toBe('"2"');
      expect(expectStatus<Lesson>(read, 200)).toMatchObject({ title: "A better title", version: 2 });
    });

    it("accepts If-Match: * as 'whatever the current version is'", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId));
      expectStatus(await patch(created.id, { title: "Second title" }, '"1"'), 200);
      const updated = expectStatus<Lesson>(await patch(created.id, { title: "Third title" }, "*"), 200);
      expect(updated).toMatchObject({ title: "Third title", version: 3 });
    });

    it("lets the first of two concurrent editors win and answers 412 to the second", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId));
      const etagA = (await get(created.id)).headers.etag as string;
      const etagB = (await get(created.id)).headers.etag as string;
      expect(etagA).toBe('"1"');
      expect(etagB).toBe('"1"');
      expectStatus(await patch(created.id, { summary: "Client A rewrote the summary here." }, etagA), 200);
      const problem = expectProblem(
        await patch(created.id, { summary: "Client B rewrote the summary there." }, etagB),
        412,
      );
      expect(problem.currentVersion).toBe(2);
      expect(expectStatus<Lesson>(await get(created.id), 200)).toMatchObject({
        summary: "Client A rewrote the summary here.",
        version: 2,
      });
    });

    it("answers 422 for an unknown term and leaves the lesson unchanged", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId));
      const problem = expectProblem(
        await patch(created.id, { title: "Should not stick", mechanisms: ["tillid"] }, '"1"'),
        422,
      );
      expect(problem.errors).toEqual([
        expect.objectContaining({
          pointer: "/mechanisms/0",
          suggestions: expect.arrayContaining([expect.objectContaining({ slug: "trust" })]),
        }),
      ]);
      expect(expectStatus<Lesson>(await get(created.id), 200)).toMatchObject({
        version: 1,
        title: created.title,
        mechanisms: ["trust", "recognition"],
      });
    });

    it("replaces the context tags and keeps the narrative", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId));
      expect(created.context.tags).toEqual(HOME_CARE_PROFILE);
      const updated = expectStatus<Lesson>(
        await patch(
          created.id,
          { context: { tags: { setting: ["island"], userGroup: ["relatives"] } } },
          '"1"',
        ),
        200,
      );
      expect(updated.context).toEqual({
        narrative: created.context.narrative,
        tags: { setting: ["island"], userGroup: ["relatives"] },
      });
      expect(expectStatus<Lesson>(await get(created.id), 200).context.tags).toEqual({
        setting: ["island"],
        userGroup: ["relatives"],
      });
    });

    it("clears outcomeNarrative with null", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId));
      expect(created.outcomeNarrative).not.toBeNull();
      const updated = expectStatus<Lesson>(await patch(created.id, { outcomeNarrative: null }, '"1"'), 200);
      expect(updated.outcomeNarrative).toBeNull();
      expect(expectStatus<Lesson>(await get(created.id), 200).outcomeNarrative).toBeNull();
    });

    it("answers 400 naming unitId when a PATCH tries to move the lesson to another unit", async () => {
      const { homeCareUnitId, jobCentreUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId));
      const problem = expectProblem(await patch(created.id, { unitId: jobCentreUnitId }, '"1"'), 400);
      expect(problem.errors).toEqual([
        expect.objectContaining({ pointer: "/unitId", code: "unknown_field" }),
      ]);
      expect(expectStatus<Lesson>(await get(created.id), 200)).toMatchObject({
        unitId: homeCareUnitId,
        version: 1,
      });
    });
  });

  describe("lifecycle", () => {
    it("moves draft → submitted → published → archived and sets publishedAt on publishing", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId, { status: "draft" }));
      expect(created).toMatchObject({ status: "draft", publishedAt: null });
      const submitted = expectStatus<Lesson>(await patch(created.id, { status: "submitted" }, '"1"'), 200);
      expect(submitted).toMatchObject({ status: "submitted", version: 2, publishedAt: null });
      const published = expectStatus<Lesson>(await patch(created.id, { status: "published" }, '"2"'), 200);
      expect(published).toMatchObject({ status: "published", version: 3 });
      expect(published.publishedAt).toEqual(expect.any(String));
      expect(Number.isNaN(Date.parse(published.publishedAt!))).toBe(false);
      const archived = expectStatus<Lesson>(await patch(created.id, { status: "archived" }, '"3"'), 200);
      expect(archived).toMatchObject({ status: "archived", version: 4, publishedAt: published.publishedAt });
    });

    it("sets publishedAt when a lesson is created published", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId, { status: "published" }));
      expect(created.publishedAt).toEqual(expect.any(String));
      expect(Number.isNaN(Date.parse(created.publishedAt!))).toBe(false);
    });

    it("lets a submitted lesson go back to draft", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId, { status: "submitted" }));
      expect(expectStatus<Lesson>(await patch(created.id, { status: "draft" }, '"1"'), 200).status).toBe(
        "draft",
      );
    });

    it("answers 409 allowing only archived when a published lesson is sent back to draft", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId, { status: "published" }));
      const problem = expectProblem(await patch(created.id, { status: "draft" }, '"1"'), 409);
      expect(problem).toMatchObject({
        type: "urn:samskab:problem:invalid-transition",
        from: "published",
        to: "draft",
        allowed: ["archived"],
      });
      expect(problem.detail).toContain("'archived'");
      expect(expectStatus<Lesson>(await get(created.id), 200)).toMatchObject({
        status: "published",
        version: 1,
      });
    });

    it("answers 409 allowing submitted and archived when a draft is published directly", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId, { status: "draft" }));
      const problem = expectProblem(await patch(created.id, { status: "published" }, '"1"'), 409);
      expect(problem.allowed).toEqual(["submitted", "archived"]);
      expect(problem.detail).toContain("'submitted'");
      expect(problem.detail).toContain("'archived'");
      expect(expectStatus<Lesson>(await get(created.id), 200)).toMatchObject({
        status: "draft",
        publishedAt: null,
      });
    });

    it("archives on DELETE, and a repeated DELETE still answers 200", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId));
      const first = await app.inject({ method: "DELETE", url: `/v1/lessons/${created.id}` });
      expect(expectStatus<Lesson>(first, 200)).toMatchObject({
        id: created.id,
        status: "archived",
        version: 2,
      });
      expect(first.headers.etag).toBe('"2"');
      const second = await app.inject({ method: "DELETE", url: `/v1/lessons/${created.id}` });
      expect(expectStatus<Lesson>(second, 200)).toMatchObject({ status: "archived", version: 2 });
      expect(expectStatus<Lesson>(await get(created.id), 200).status).toBe("archived");
    });

    it("answers 412 to a DELETE with a stale If-Match", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId));
      expectStatus(await patch(created.id, { title: "Edited once" }, '"1"'), 200);
      const problem = expectProblem(
        await app.inject({
          method: "DELETE",
          url: `/v1/lessons/${created.id}`,
          headers: { "if-match": '"1"' },
        }),
        412,
      );
      expect(problem.currentVersion).toBe(2);
      expect(expectStatus<Lesson>(await get(created.id), 200).status).toBe("published");
    });

    it("answers 409 to a PATCH of an archived lesson", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId));
      expectStatus(await app.inject({ method: "DELETE", url: `/v1/lessons/${created.id}` }), 200);
      expectProblem(await patch(created.id, { title: "Too late now" }, '"2"'), 409);
      expectProblem(await patch(created.id, { status: "published" }, '"2"'), 409);
      expect(expectStatus<Lesson>(await get(created.id), 200)).toMatchObject({
        title: created.title,
        status: "archived",
        version: 2,
      });
    });
  });

  describe("Unicode text", () => {
    it("stores a decomposed title NFC-normalised", async () => {
      const { homeCareUnitId } = await fixtures();
      const decomposed = "Hjemmepleje p\u0061\u030a \u00d8en og p\u0061\u030a landet";
      const created = await create(lessonBody(homeCareUnitId, { title: decomposed }));
      expect(created.title).toBe("Hjemmepleje p\u00e5 \u00d8en og p\u00e5 landet");
      expect(created.title).not.toContain("\u030a");
      expect(expectStatus<Lesson>(await get(created.id), 200).title).toBe(
        "Hjemmepleje p\u00e5 \u00d8en og p\u00e5 landet",
      );
    });

    it("round-trips emoji and æøå", async () => {
      const { homeCareUnitId } = await fixtures();
      const title = "Kaffe ☕ med Åse, Øystein og Ærø 🧓🏽👩‍🦳";
      const summary = "Blåbærsyltetøj og små samtaler 💬 gav mere tillid end nogen folder.";
      const created = await create(lessonBody(homeCareUnitId, { title, summary }));
      expect(created).toMatchObject({ title, summary });
      expect(expectStatus<Lesson>(await get(created.id), 200)).toMatchObject({ title, summary });
    });

    it("trims whitespace around the title", async () => {
      const { homeCareUnitId } = await fixtures();
      const created = await create(lessonBody(homeCareUnitId, { title: "  \t Trimmed title \n " }));
      expect(created.title).toBe("Trimmed title");
    });
  });

  describe("unknown lesson ids", () => {
    const expectNotFound = (response: LightMyRequestResponse) => {
      const problem = expectProblem(response, 404);
      expect(problem).toMatchObject({
        type: "urn:samskab:problem:not-found",
        resource: "lesson",
        id: "les_missing",
      });
    };

    it("answers 404 problem+json to GET of an unknown lesson", async () => {
      expectNotFound(await get("les_missing"));
    });

    it("answers 404 problem+json to PATCH of an unknown lesson", async () => {
      expectNotFound(await patch("les_missing", { title: "Nothing here" }, '"1"'));
    });

    it("answers 404 problem+json to DELETE of an unknown lesson", async () => {
      expectNotFound(await app.inject({ method: "DELETE", url: "/v1/lessons/les_missing" }));
    });
  });

  async function createInitiative(leadUnitId: string, stage: string, unitIds: string[] = []) {
    return expectStatus<{ id: string; stage: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/initiatives",
        payload: {
          title: "Continuity in home care",
          description: "Same carers for the same citizens.",
          stage,
          status: "active",
          leadUnitId,
          unitIds,
        },
      }),
      201,
    );
  }
});
