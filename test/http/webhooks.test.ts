// Webhooks: registering (the secret shown once), who may manage which, the SSRF guard on the URL, events
// written to the outbox in the change's own transaction (a refused write emits nothing), and delivery
// to a real receiver on 127.0.0.1, signed as Standard Webhooks, of only what the key may see.
import type { FastifyInstance } from "fastify";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "../../src/db/schema.js";
import {
  asKey,
  buildTestApp,
  createFixtures,
  expectProblem,
  expectStatus,
  type Fixtures,
  type IssuedTestKey,
  issueKey,
  lessonBody,
} from "../helpers/app.js";
import { type Receiver, startReceiver, waitFor } from "../helpers/receiver.js";

type WebhookReply = {
  id: string;
  url: string;
  events: string[];
  status: string;
  disabledReason: string | null;
  keyId: string;
  organisationId: string | null;
  version: number;
  secret?: string;
};
type Delivery = {
  id: string;
  eventId: string;
  type: string;
  status: string;
  attempts: number;
  attemptLog: { attempt: number; statusCode: number | null; error: string | null; manual: boolean }[];
};
type Lesson = { id: string; version: number; status: string };
type Payload = { type: string; timestamp: string; data: Record<string, unknown> };

const ALL_EVENTS = ["lesson.published", "lesson.updated", "lesson.archived", "adaptation.created"];

describe("webhooks", () => {
  let app: FastifyInstance;
  let receiver: Receiver;
  let fx: Fixtures;
  let other: Fixtures;
  let integration: IssuedTestKey; // fx's organisation, lessons:read + webhooks
  let otherIntegration: IssuedTestKey; // the other organisation, lessons:read + webhooks
  let readOnly: IssuedTestKey; // fx's organisation, lessons:read only
  let manager: IssuedTestKey; // fx's organisation

  beforeAll(async () => {
    app = await buildTestApp({ webhooks: { allowPrivate: true } });
    receiver = await startReceiver();
    fx = await createFixtures(app);
    other = await createFixtures(app, "Andenby Kommune");
    integration = await issueKey(app, {
      role: "integration",
      organisationId: fx.organisationId,
      scopes: ["lessons:read", "webhooks"],
    });
    otherIntegration = await issueKey(app, {
      role: "integration",
      organisationId: other.organisationId,
      scopes: ["lessons:read", "webhooks"],
    });
    readOnly = await issueKey(app, {
      role: "integration",
      organisationId: fx.organisationId,
      scopes: ["lessons:read"],
    });
    manager = await issueKey(app, { role: "manager", organisationId: fx.organisationId });
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
  });

  const register = (body: Record<string, unknown>, key?: IssuedTestKey) =>
    app.inject({
      method: "POST",
      url: "/v1/webhooks",
      ...(key ? { headers: asKey(key.key) } : {}),
      payload: { description: "Intranet", ...body },
    });
  const createHook = async (path: string, events = ALL_EVENTS, key?: IssuedTestKey, extra = {}) =>
    expectStatus<WebhookReply>(await register({ url: receiver.url(path), events, ...extra }, key), 201);
  const deliveries = async (hook: WebhookReply, key?: IssuedTestKey) =>
    expectStatus<{ items: Delivery[]; nextCursor: string | null }>(
      await app.inject({
        url: `/v1/webhooks/${hook.id}/deliveries`,
        ...(key ? { headers: asKey(key.key) } : {}),
      }),
      200,
    ).items;
  const publish = async (unitId: string, overrides: Record<string, unknown> = {}) =>
    expectStatus<Lesson>(
      await app.inject({ method: "POST", url: "/v1/lessons", payload: lessonBody(unitId, overrides) }),
      201,
    );
  const at = (path: string) => receiver.received.filter((r) => r.path === path);
  const payloads = (path: string) => at(path).map((r) => JSON.parse(r.body) as Payload);
  const outboxCount = () => app.database.db.select().from(outbox).all().length;

  describe("registering and managing", () => {
    it("returns a Standard Webhooks secret once; reads never show it", async () => {
      const created = await createHook("/manage");
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      const bytes = Buffer.from(created.secret!.slice("whsec_".length), "base64").length;
      expect(bytes).toBeGreaterThanOrEqual(24);
      expect(bytes).toBeLessThanOrEqual(64);
      expect(created).toMatchObject({ status: "active", events: ALL_EVENTS, keyId: "key_admin" });
      const read = expectStatus<WebhookReply>(await app.inject({ url: `/v1/webhooks/${created.id}` }), 200);
      expect(read).not.toHaveProperty("secret");
      const list = expectStatus<{ items: WebhookReply[] }>(await app.inject({ url: "/v1/webhooks" }), 200);
      expect(list.items.map((w) => w.id)).toContain(created.id);
      expect(list.items.every((w) => !("secret" in w))).toBe(true);
    });

    it("is for admins and integration keys with the webhooks scope, each seeing its own organisation's", async () => {
      const own = await createHook("/own", ["lesson.published"], integration);
      expect(own.organisationId).toBe(fx.organisationId);
      expectProblem(await register({ url: receiver.url(), events: ["lesson.published"] }, readOnly), 403);
      expectProblem(await register({ url: receiver.url(), events: ["lesson.published"] }, manager), 403);
      const theirs = await createHook("/theirs", ["lesson.published"], otherIntegration);

      const listed = expectStatus<{ items: WebhookReply[] }>(
        await app.inject({ url: "/v1/webhooks", headers: asKey(integration.key) }),
        200,
      );
      expect(listed.items.map((w) => w.id)).toContain(own.id);
      expect(listed.items.map((w) => w.id)).not.toContain(theirs.id);
      for (const [method, url] of [
        ["GET", `/v1/webhooks/${theirs.id}`],
        ["GET", `/v1/webhooks/${theirs.id}/deliveries`],
        ["DELETE", `/v1/webhooks/${theirs.id}`],
      ] as const)
        expectProblem(await app.inject({ method, url, headers: asKey(integration.key) }), 404);
      expectProblem(
        await app.inject({
          method: "PATCH",
          url: `/v1/webhooks/${theirs.id}`,
          headers: asKey(integration.key),
          payload: { description: "mine now" },
        }),
        404,
      );
      // the admin sees both
      const all = expectStatus<{ items: WebhookReply[] }>(await app.inject({ url: "/v1/webhooks" }), 200);
      expect(all.items.map((w) => w.id)).toEqual(expect.arrayContaining([own.id, theirs.id]));
    });

    it("changes, pauses, enables and deletes a webhook (If-Match optional, 412 when stale)", async () => {
      const hook = await createHook("/patch", ["lesson.published"], integration);
      const patch = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
        app.inject({
          method: "PATCH",
          url: `/v1/webhooks/${hook.id}`,
          headers: { ...asKey(integration.key), ...headers },
          payload,
        });
      const paused = expectStatus<WebhookReply>(await patch({ status: "disabled" }), 200);
      expect(paused).toMatchObject({ status: "disabled", version: 2 });
      expect(paused.disabledReason).toMatch(/Disabled by/);
      expectProblem(await patch({ status: "active" }, { "if-match": '"1"' }), 412);
      const resumed = expectStatus<WebhookReply>(
        await patch(
          { status: "active", events: ["lesson.updated", "lesson.archived"] },
          { "if-match": '"2"' },
        ),
        200,
      );
      expect(resumed).toMatchObject({
        status: "active",
        disabledReason: null,
        events: ["lesson.updated", "lesson.archived"],
      });
      expectProblem(await patch({ events: [] }), 400);
      expectProblem(await patch({ events: ["lesson.exploded"] }), 400);
      expect(
        (
          await app.inject({
            method: "DELETE",
            url: `/v1/webhooks/${hook.id}`,
            headers: asKey(integration.key),
          })
        ).statusCode,
      ).toBe(204);
      expectProblem(await app.inject({ url: `/v1/webhooks/${hook.id}` }), 404);
    });

    it("refuses an unknown filter term with 422 naming it", async () => {
      const problem = expectProblem(
        await register({
          url: receiver.url(),
          events: ["lesson.published"],
          filter: { filters: { mechanism: ["trustt"] } },
        }),
        422,
      );
      expect(problem.errors?.[0]).toMatchObject({
        pointer: "/filter/filters/mechanism/0",
        code: "unknown_term",
      });
      const facet = expectProblem(
        await register({
          url: receiver.url(),
          events: ["lesson.published"],
          filter: { filters: { nofacet: ["x"] } },
        }),
        422,
      );
      expect(facet.errors?.[0]).toMatchObject({ pointer: "/filter/filters/nofacet", code: "unknown_facet" });
    });

    it("refuses URLs that are not http(s) or carry credentials, with 422 at /url", async () => {
      for (const [url, code] of [
        ["ftp://127.0.0.1/hook", "unsupported_scheme"],
        ["file:///etc/passwd", "unsupported_scheme"],
        ["not a url", "invalid_url"],
        [`http://user:secret@127.0.0.1:${receiver.port}/hook`, "credentials_in_url"],
      ]) {
        const problem = expectProblem(await register({ url, events: ["lesson.published"] }), 422);
        expect(problem.errors, url).toEqual([expect.objectContaining({ pointer: "/url", code })]);
      }
    });
  });

  describe("events in the outbox", () => {
    it("a refused write emits nothing: 422 lesson, 412 and 409 version conflicts, 403", async () => {
      const lesson = await publish(fx.homeCareUnitId);
      const before = outboxCount();
      expectProblem(
        await app.inject({
          method: "POST",
          url: "/v1/lessons",
          payload: lessonBody(fx.homeCareUnitId, { mechanisms: ["no_such_mechanism"] }),
        }),
        422,
      );
      expectProblem(
        await app.inject({
          method: "PATCH",
          url: `/v1/lessons/${lesson.id}`,
          headers: { "if-match": `"${lesson.version + 5}"` },
          payload: { title: "A title that never lands" },
        }),
        412,
      );
      expectProblem(
        await app.inject({
          method: "PATCH",
          url: `/v1/lessons/${lesson.id}`,
          headers: { "if-match": `"${lesson.version}"` },
          payload: { status: "draft" },
        }),
        409,
      );
      expectProblem(
        await app.inject({
          method: "POST",
          url: "/v1/lessons",
          headers: asKey(readOnly.key),
          payload: lessonBody(fx.homeCareUnitId),
        }),
        403,
      );
      expect(outboxCount()).toBe(before);
      // …while a write that commits emits its event
      expectStatus(
        await app.inject({
          method: "PATCH",
          url: `/v1/lessons/${lesson.id}`,
          headers: { "if-match": `"${lesson.version}"` },
          payload: { title: "A title that lands" },
        }),
        200,
      );
      expect(outboxCount()).toBe(before + 1);
    });
  });

  describe("delivery", () => {
    it("delivers lesson.published to a local receiver, signed so that standardwebhooks verifies it", async () => {
      const hook = await createHook("/signed", ["lesson.published"]);
      const lesson = await publish(fx.homeCareUnitId, { title: "Signed delivery lesson" });
      const request = await waitFor(() => at("/signed")[0], 10_000, "the delivery");
      const verified = new Webhook(hook.secret!).verify(request.body, {
        "webhook-id": String(request.headers["webhook-id"]),
        "webhook-timestamp": String(request.headers["webhook-timestamp"]),
        "webhook-signature": String(request.headers["webhook-signature"]),
      }) as Payload;
      expect(verified).toMatchObject({
        type: "lesson.published",
        data: {
          lessonId: lesson.id,
          title: "Signed delivery lesson",
          status: "published",
          visibility: "organisation",
          unitId: fx.homeCareUnitId,
          organisationId: fx.organisationId,
          version: 1,
          url: `/v1/lessons/${lesson.id}`,
        },
      });
      expect(request.headers["webhook-id"]).toMatch(/^msg_/);
      expect(request.headers["content-type"]).toBe("application/json");
      // a different secret does not verify it
      const forged = new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`);
      expect(() =>
        forged.verify(request.body, {
          "webhook-id": String(request.headers["webhook-id"]),
          "webhook-timestamp": String(request.headers["webhook-timestamp"]),
          "webhook-signature": String(request.headers["webhook-signature"]),
        }),
      ).toThrow();

      const [delivery] = await waitFor(async () => {
        const items = await deliveries(hook);
        return items[0]?.status === "succeeded" ? items : undefined;
      });
      expect(delivery).toMatchObject({
        eventId: request.headers["webhook-id"],
        type: "lesson.published",
        status: "succeeded",
        attempts: 1,
        attemptLog: [expect.objectContaining({ attempt: 1, statusCode: 204, error: null, manual: false })],
      });
    });

    it("announces updates, archiving, review publishing and adaptations; drafts announce nothing", async () => {
      await createHook("/lifecycle", ALL_EVENTS);
      const published = await publish(fx.homeCareUnitId, { title: "Lifecycle lesson" });
      const updated = expectStatus<Lesson>(
        await app.inject({
          method: "PATCH",
          url: `/v1/lessons/${published.id}`,
          headers: { "if-match": `"${published.version}"` },
          payload: { title: "Lifecycle lesson, revised" },
        }),
        200,
      );
      expectStatus(
        await app.inject({
          method: "POST",
          url: `/v1/lessons/${published.id}/adaptations`,
          payload: { unitId: fx.jobCentreUnitId, result: "worked", notes: "Worked for us too." },
        }),
        201,
      );
      expectStatus(
        await app.inject({
          method: "DELETE",
          url: `/v1/lessons/${published.id}`,
          headers: { "if-match": `"${updated.version}"` },
        }),
        200,
      );
      const draft = await publish(fx.homeCareUnitId, { status: "draft", title: "A quiet draft" });
      const submitted = expectStatus<Lesson>(
        await app.inject({
          method: "PATCH",
          url: `/v1/lessons/${draft.id}`,
          headers: { "if-match": `"${draft.version}"` },
          payload: { status: "submitted" },
        }),
        200,
      );
      expectStatus(
        await app.inject({
          method: "POST",
          url: `/v1/lessons/${submitted.id}/review`,
          payload: { decision: "publish", note: "Good." },
        }),
        200,
      );
      await waitFor(() => at("/lifecycle").length >= 5);
      // deliveries are attempted side by side and may arrive in any order: put them in the outbox's (commit) order
      const seq = new Map(
        app.database.db
          .select()
          .from(outbox)
          .all()
          .map((event) => [event.id, event.seq]),
      );
      const seen = at("/lifecycle")
        .sort((a, b) => seq.get(String(a.headers["webhook-id"]))! - seq.get(String(b.headers["webhook-id"]))!)
        .map((r) => JSON.parse(r.body) as Payload);
      expect(seen.map((p) => [p.type, p.data.lessonId])).toEqual([
        ["lesson.published", published.id],
        ["lesson.updated", published.id],
        ["adaptation.created", published.id],
        ["lesson.archived", published.id],
        ["lesson.published", draft.id],
      ]);
      expect(seen[1]!.data).toMatchObject({ title: "Lifecycle lesson, revised", version: 2 });
      expect(seen[2]!.data).toMatchObject({ unitId: fx.jobCentreUnitId, result: "worked" });
      expect(seen[2]!.data.url).toMatch(new RegExp(`^/v1/lessons/${published.id}/adaptations/adp_`));
      expect(seen[3]!.data).toMatchObject({ status: "archived" });
    });

    it("delivers only lessons the webhook's key may see", async () => {
      // the integration key of fx's organisation sees its organisation's and network lessons, not unit-only
      // ones, nor another organisation's organisation-wide ones
      await createHook("/sight", ["lesson.published"], integration);
      const unitOnly = await publish(fx.homeCareUnitId, { visibility: "unit", title: "Unit only" });
      const otherOrganisation = await publish(other.homeCareUnitId, { title: "Andenby internal" });
      const network = await publish(other.homeCareUnitId, { visibility: "network", title: "Shared" });
      // events fan out in commit order: once the last one has arrived, the earlier ones were decided
      await waitFor(() => payloads("/sight").some((p) => p.data.lessonId === network.id));
      const delivered = payloads("/sight").map((p) => p.data.lessonId);
      expect(delivered).toContain(network.id);
      expect(delivered).not.toContain(unitOnly.id);
      expect(delivered).not.toContain(otherOrganisation.id);
      // and the same key reading it would be refused those lessons too
      expectProblem(
        await app.inject({ url: `/v1/lessons/${unitOnly.id}`, headers: asKey(integration.key) }),
        404,
      );
    });

    it("delivers lesson events only for lessons carrying the filter's terms", async () => {
      await createHook("/filtered", ["lesson.published"], undefined, {
        filter: { filters: { mechanism: ["recognition"], outcome: ["user_wellbeing"] } },
      });
      const without = await publish(fx.homeCareUnitId, { mechanisms: ["trust"], title: "Trust only" });
      const withTerms = await publish(fx.homeCareUnitId, { title: "Trust and recognition" });
      await waitFor(() => payloads("/filtered").some((p) => p.data.lessonId === withTerms.id));
      expect(payloads("/filtered").map((p) => p.data.lessonId)).not.toContain(without.id);
    });

    it("pages the deliveries log with signed cursors bound to the reader", async () => {
      const hook = await createHook("/paged", ["lesson.published"], integration);
      for (const title of ["Paged one", "Paged two", "Paged three"])
        await publish(fx.homeCareUnitId, { title });
      await waitFor(async () => ((await deliveries(hook, integration)).length === 3 ? true : undefined));
      const first = expectStatus<{ items: Delivery[]; nextCursor: string | null }>(
        await app.inject({
          url: `/v1/webhooks/${hook.id}/deliveries?limit=2`,
          headers: asKey(integration.key),
        }),
        200,
      );
      expect(first.items).toHaveLength(2);
      expect(first.nextCursor).not.toBeNull();
      const cursor = encodeURIComponent(first.nextCursor!);
      const second = expectStatus<{ items: Delivery[]; nextCursor: string | null }>(
        await app.inject({
          url: `/v1/webhooks/${hook.id}/deliveries?limit=2&cursor=${cursor}`,
          headers: asKey(integration.key),
        }),
        200,
      );
      expect(second.items).toHaveLength(1);
      expect(second.nextCursor).toBeNull();
      expect(new Set([...first.items, ...second.items].map((d) => d.eventId)).size).toBe(3);
      // the admin may read the log, but not page on with the integration key's cursor
      expectProblem(
        await app.inject({ url: `/v1/webhooks/${hook.id}/deliveries?limit=2&cursor=${cursor}` }),
        422,
      );
      const failed = expectStatus<{ items: Delivery[] }>(
        await app.inject({
          url: `/v1/webhooks/${hook.id}/deliveries?status=failed`,
          headers: asKey(integration.key),
        }),
        200,
      );
      expect(failed.items).toEqual([]);
    });

    it("is refused to staff (403) and to requests without a key (401)", async () => {
      const staff = await issueKey(app, { role: "staff", unitId: fx.homeCareUnitId });
      expectProblem(await app.inject({ url: "/v1/webhooks", headers: asKey(staff.key) }), 403);
      expectProblem(await app.inject({ url: "/v1/webhooks", headers: { authorization: "" } }), 401);
    });

    it("disables the webhook of a revoked key, saying why, and delivers nothing more to it", async () => {
      const key = await issueKey(app, {
        role: "integration",
        organisationId: fx.organisationId,
        scopes: ["lessons:read", "webhooks"],
      });
      const hook = await createHook("/revoked", ["lesson.published"], key);
      expectStatus(await app.inject({ method: "DELETE", url: `/v1/keys/${key.id}` }), 200);
      await publish(fx.homeCareUnitId, { title: "After the revocation" });
      const disabled = await waitFor(async () => {
        const read = expectStatus<WebhookReply>(await app.inject({ url: `/v1/webhooks/${hook.id}` }), 200);
        return read.status === "disabled" ? read : undefined;
      });
      expect(disabled.disabledReason).toMatch(new RegExp(`${key.id}.*revoked`));
      expect(at("/revoked")).toEqual([]);
    });
  });
});
