// Suggest never shows a lesson the key may not see, and lessons it may not see do not crowd out the
// ones it may: a visible lesson further down the title search is still suggested.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  asKey,
  buildTestApp,
  createFixtures,
  expectStatus,
  issueKey,
  lessonBody,
  uniqueWord,
} from "../helpers/app.js";

describe("suggest and visibility", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it("finds a visible lesson behind thirty that the key may not see", async () => {
    const hidden = await createFixtures(app, `Skjultby ${uniqueWord()}`);
    const other = await createFixtures(app, `Synligby ${uniqueWord()}`);
    const word = "zebrafinke";
    for (let i = 0; i < 30; i++)
      expectStatus(
        await app.inject({
          method: "POST",
          url: "/v1/lessons",
          payload: lessonBody(hidden.homeCareUnitId, { title: `${word} ${i}`, visibility: "unit" }),
        }),
        201,
      );
    // a long title ranks below the short ones in the title search
    const visible = expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        payload: lessonBody(other.homeCareUnitId, {
          title: `What the morning visits taught us about trust when the ${word} came along in the end`,
          visibility: "organisation",
        }),
      }),
      201,
    ).id;
    const staff = await issueKey(app, { role: "staff", unitId: other.homeCareUnitId });
    const reply = expectStatus<{ lessons: { id: string; title: string }[] }>(
      await app.inject({ url: `/v1/suggest?q=${word}&limit=5`, headers: asKey(staff.key) }),
      200,
    );
    expect(reply.lessons.map((l) => l.id)).toEqual([visible]);
    // the admin sees the hidden ones first
    const admin = expectStatus<{ lessons: { id: string }[] }>(
      await app.inject({ url: `/v1/suggest?q=${word}&limit=5` }),
      200,
    );
    expect(admin.lessons).toHaveLength(5);
    expect(admin.lessons.map((l) => l.id)).not.toContain(visible);
  });
});
