// Webhook delivery when receivers fail: retries on a short schedule after 500s, timeouts and refused
// connections, a delivery failed for good once the schedule is exhausted, manual redelivery, automatic
// disabling after failing for longer than allowed (an injected clock), and the SSRF guard: loopback
// targets refused with 422 when private addresses are not allowed, and a host that resolves to a public
// address when registered but to a loopback one at delivery (DNS rebinding) refused before connecting.
// Receivers listen on 127.0.0.1 only; host names resolve through a stand-in that opens no connection.
import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ResolvedAddress, systemResolve } from "../../src/domain/webhooks/target.js";
import {
  buildTestApp,
  createFixtures,
  expectProblem,
  expectStatus,
  type Fixtures,
  lessonBody,
} from "../helpers/app.js";
import { type Receiver, startReceiver, waitFor } from "../helpers/receiver.js";

type WebhookReply = {
  id: string;
  status: string;
  disabledReason: string | null;
  failingSince: string | null;
  version: number;
};
type Delivery = {
  id: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  attemptLog: {
    attempt: number;
    at: string;
    statusCode: number | null;
    error: string | null;
    manual: boolean;
  }[];
};

async function setUp(app: FastifyInstance, receiver: Receiver, path: string) {
  const fx = await createFixtures(app, `Testby ${path.slice(1)}`);
  const hook = expectStatus<WebhookReply>(
    await app.inject({
      method: "POST",
      url: "/v1/webhooks",
      payload: { url: receiver.url(path), events: ["lesson.published"] },
    }),
    201,
  );
  return { fx, hook };
}

const publish = async (app: FastifyInstance, fx: Fixtures) =>
  expectStatus<{ id: string }>(
    await app.inject({ method: "POST", url: "/v1/lessons", payload: lessonBody(fx.homeCareUnitId) }),
    201,
  );

const deliveriesOf = async (app: FastifyInstance, hook: WebhookReply) =>
  expectStatus<{ items: Delivery[] }>(await app.inject({ url: `/v1/webhooks/${hook.id}/deliveries` }), 200)
    .items;

/** Waits until the webhook's only delivery satisfies `done`, and returns it. */
const awaitDelivery = (
  app: FastifyInstance,
  hook: WebhookReply,
  done: (d: Delivery) => boolean,
  what: string,
) =>
  waitFor(
    async () => {
      const [delivery] = await deliveriesOf(app, hook);
      return delivery && done(delivery) ? delivery : undefined;
    },
    10_000,
    what,
  );

describe("webhook retries (WEBHOOK_RETRY_SCHEDULE=1s,1s, timeout 300 ms)", () => {
  let app: FastifyInstance;
  let receiver: Receiver;

  beforeAll(async () => {
    app = await buildTestApp({
      webhooks: { allowPrivate: true, retrySchedule: [1000, 1000], timeoutMs: 300 },
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
  });
  afterEach(() => receiver.answerWith(() => 204));

  it("retries after 500s on the schedule until the receiver answers 2xx", async () => {
    const { fx, hook } = await setUp(app, receiver, "/flaky");
    let calls = 0;
    receiver.answerWith((_, request) => (request.path === "/flaky" && calls++ < 2 ? 500 : 204));
    await publish(app, fx);
    const delivery = await awaitDelivery(
      app,
      hook,
      (d) => d.status === "succeeded",
      "success after two 500s",
    );
    expect(delivery.attemptLog.map((a) => a.statusCode)).toEqual([500, 500, 204]);
    expect(delivery.attemptLog[0]!.error).toMatch(/answered 500/);
    expect(delivery).toMatchObject({
      attempts: 3,
      lastStatusCode: 204,
      lastError: null,
      nextAttemptAt: null,
    });
    // the receiver saw the same message id each time, and the retries waited for the schedule (1 s −20%)
    const requests = receiver.received.filter((r) => r.path === "/flaky");
    expect(new Set(requests.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(790);
    const read = expectStatus<WebhookReply>(await app.inject({ url: `/v1/webhooks/${hook.id}` }), 200);
    expect(read.failingSince).toBeNull();
  });

  it("retries after a timeout", async () => {
    const { fx, hook } = await setUp(app, receiver, "/slow");
    let calls = 0;
    receiver.answerWith((_, request) => (request.path === "/slow" && calls++ === 0 ? "hang" : 204));
    await publish(app, fx);
    const delivery = await awaitDelivery(
      app,
      hook,
      (d) => d.status === "succeeded",
      "success after a timeout",
    );
    expect(delivery.attemptLog).toEqual([
      expect.objectContaining({
        attempt: 1,
        statusCode: null,
        error: expect.stringMatching(/within 300 ms/),
      }),
      expect.objectContaining({ attempt: 2, statusCode: 204, error: null }),
    ]);
  });

  it("fails a delivery once the schedule is exhausted; a manual redelivery is attempted at once", async () => {
    const { fx, hook } = await setUp(app, receiver, "/down");
    receiver.answerWith((_, request) => (request.path === "/down" ? 503 : 204));
    await publish(app, fx);
    const failed = await awaitDelivery(app, hook, (d) => d.status === "failed", "the delivery to fail");
    expect(failed).toMatchObject({ attempts: 3, nextAttemptAt: null, lastStatusCode: 503 });
    const failing = expectStatus<WebhookReply>(await app.inject({ url: `/v1/webhooks/${hook.id}` }), 200);
    expect(failing.failingSince).not.toBeNull();

    receiver.answerWith(() => 200);
    const retried = expectStatus<Delivery>(
      await app.inject({ method: "POST", url: `/v1/webhooks/${hook.id}/deliveries/${failed.id}/retry` }),
      200,
    );
    expect(retried).toMatchObject({ status: "succeeded", attempts: 4, lastStatusCode: 200 });
    expect(retried.attemptLog.at(-1)).toMatchObject({ attempt: 4, statusCode: 200, manual: true });
    const healthy = expectStatus<WebhookReply>(await app.inject({ url: `/v1/webhooks/${hook.id}` }), 200);
    expect(healthy.failingSince).toBeNull();

    expectProblem(
      await app.inject({ method: "POST", url: `/v1/webhooks/${hook.id}/deliveries/dlv_nope/retry` }),
      404,
    );
    expectStatus(
      await app.inject({ method: "PATCH", url: `/v1/webhooks/${hook.id}`, payload: { status: "disabled" } }),
      200,
    );
    expectProblem(
      await app.inject({ method: "POST", url: `/v1/webhooks/${hook.id}/deliveries/${failed.id}/retry` }),
      409,
    );
  });

  it("records a refused connection as a failed attempt without a status code", async () => {
    const closed = await startReceiver();
    const url = closed.url("/gone");
    await closed.close();
    const fx = await createFixtures(app, "Testby refused");
    const hook = expectStatus<WebhookReply>(
      await app.inject({
        method: "POST",
        url: "/v1/webhooks",
        payload: { url, events: ["lesson.published"] },
      }),
      201,
    );
    await publish(app, fx);
    const delivery = await awaitDelivery(app, hook, (d) => d.attempts >= 1, "a refused attempt");
    expect(delivery.attemptLog[0]).toMatchObject({
      statusCode: null,
      error: expect.stringMatching(/ECONNREFUSED/),
    });
  });
});

describe("automatic disabling (WEBHOOK_DISABLE_AFTER=1h, an injected clock)", () => {
  let app: FastifyInstance;
  let receiver: Receiver;
  let now = new Date("2026-03-02T08:00:00.000Z");
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };

  beforeAll(async () => {
    app = await buildTestApp({
      clock: { now: () => now },
      webhooks: { allowPrivate: true, retrySchedule: [1000, 1000, 1000], disableAfterMs: 3_600_000 },
    });
    receiver = await startReceiver(() => 500);
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
  });

  it("disables a webhook failing for longer than allowed, with a clear reason; enabling it resumes delivery", async () => {
    const { fx, hook } = await setUp(app, receiver, "/broken");
    await publish(app, fx);
    await awaitDelivery(app, hook, (d) => d.attempts === 1, "the first attempt");
    const first = expectStatus<WebhookReply>(await app.inject({ url: `/v1/webhooks/${hook.id}` }), 200);
    expect(first).toMatchObject({ status: "active", failingSince: "2026-03-02T08:00:00.000Z" });

    // half an hour later the retry fails too: still within the hour
    advance(30 * 60_000);
    await awaitDelivery(app, hook, (d) => d.attempts === 2, "the second attempt");
    expect(expectStatus<WebhookReply>(await app.inject({ url: `/v1/webhooks/${hook.id}` }), 200).status).toBe(
      "active",
    );

    // past the hour: the next failure disables it
    advance(31 * 60_000);
    await awaitDelivery(app, hook, (d) => d.attempts === 3, "the third attempt");
    const disabled = expectStatus<WebhookReply>(await app.inject({ url: `/v1/webhooks/${hook.id}` }), 200);
    expect(disabled.status).toBe("disabled");
    expect(disabled.disabledReason).toMatch(
      /failed without a success since 2026-03-02T08:00:00.000Z \(the limit is 1 hour\)/,
    );
    expect(disabled.disabledReason).toMatch(/set status to active/);

    // nothing is attempted while disabled, however long, nor are new events fanned out to it: a
    // witness webhook's delivery of the same event shows the fan-out has happened
    advance(24 * 3_600_000);
    const witness = expectStatus<WebhookReply>(
      await app.inject({
        method: "POST",
        url: "/v1/webhooks",
        payload: { url: receiver.url("/witness"), events: ["lesson.published"] },
      }),
      201,
    );
    await publish(app, fx);
    await awaitDelivery(app, witness, (d) => d.attempts === 1, "the witness's attempt");
    expect((await deliveriesOf(app, hook)).map((d) => d.attempts)).toEqual([3]);
    const before = receiver.received.length;

    // enabled again, the pending delivery resumes and succeeds, clearing the failing streak
    receiver.answerWith(() => 204);
    const enabled = expectStatus<WebhookReply>(
      await app.inject({ method: "PATCH", url: `/v1/webhooks/${hook.id}`, payload: { status: "active" } }),
      200,
    );
    expect(enabled).toMatchObject({ status: "active", disabledReason: null, failingSince: null });
    const delivered = await awaitDelivery(
      app,
      hook,
      (d) => d.status === "succeeded",
      "delivery after enabling",
    );
    expect(delivered.attempts).toBe(4);
    expect(receiver.received.length).toBe(before + 1);
  });
});

describe("the SSRF guard (WEBHOOK_ALLOW_PRIVATE off)", () => {
  let app: FastifyInstance;
  let receiver: Receiver;
  const resolved: string[] = [];
  // a stand-in resolver: no connection and no DNS query leaves the machine
  const answers: Record<string, ResolvedAddress[][]> = {
    // public when registered, loopback at delivery: DNS rebinding
    "rebind.example.org": [[{ address: "93.184.216.34", family: 4 }]],
    "mixed.example.org": [
      [
        { address: "93.184.216.34", family: 4 },
        { address: "10.0.0.7", family: 4 },
      ],
    ],
    "metadata.example.org": [[{ address: "169.254.169.254", family: 4 }]],
  };
  const resolve = async (host: string) => {
    resolved.push(host);
    // localhost as the system resolves it (/etc/hosts: no query leaves the machine)
    if (host === "localhost") return systemResolve(host);
    const queue = answers[host];
    if (!queue) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
    return queue.length > 1 ? queue.shift()! : (queue[0] ?? []);
  };

  beforeAll(async () => {
    app = await buildTestApp({ webhooks: { allowPrivate: false }, resolve });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
  });

  const register = (url: string) =>
    app.inject({ method: "POST", url: "/v1/webhooks", payload: { url, events: ["lesson.published"] } });

  it("refuses loopback, private and link-local targets with 422 at /url", async () => {
    for (const url of [
      receiver.url("/local"),
      `http://[::1]:${receiver.port}/hook`,
      `http://localhost:${receiver.port}/hook`,
      "http://127.1/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://169.254.169.254/latest/meta-data/",
      "https://10.1.2.3/hook",
      "http://metadata.example.org/hook",
      "http://mixed.example.org/hook",
    ]) {
      const problem = expectProblem(await register(url), 422);
      expect(problem.errors, url).toEqual([
        expect.objectContaining({
          pointer: "/url",
          code: "not_public",
          message: expect.stringMatching(/public addresses only/),
        }),
      ]);
    }
    const unknown = expectProblem(await register("http://nowhere.example.org/hook"), 422);
    expect(unknown.errors).toEqual([expect.objectContaining({ pointer: "/url", code: "does_not_resolve" })]);
    expect(receiver.received).toEqual([]);
  });

  it("checks a new URL on PATCH too", async () => {
    const hook = expectStatus<WebhookReply>(await register("http://rebind.example.org/first"), 201);
    const problem = expectProblem(
      await app.inject({
        method: "PATCH",
        url: `/v1/webhooks/${hook.id}`,
        payload: { url: `http://localhost:${receiver.port}/hook` },
      }),
      422,
    );
    expect(problem.errors?.[0]?.pointer).toBe("/url");
    expectStatus(await app.inject({ method: "DELETE", url: `/v1/webhooks/${hook.id}` }), 204);
  });

  it("resolves again at delivery and refuses, before connecting, a host that now points inside", async () => {
    answers["rebind.example.org"] = [
      [{ address: "93.184.216.34", family: 4 }],
      [{ address: "127.0.0.1", family: 4 }],
    ];
    // the receiver's port: were the guard to let it through, the pinned connection would land there
    const hook = expectStatus<WebhookReply>(
      await register(`http://rebind.example.org:${receiver.port}/rebound`),
      201,
    );
    const fx = await createFixtures(app, "Testby rebinding");
    await publish(app, fx);
    const delivery = await awaitDelivery(app, hook, (d) => d.attempts >= 1, "the refused attempt");
    expect(delivery.attemptLog[0]).toMatchObject({
      statusCode: null,
      error: expect.stringMatching(/Refused before connecting: .*rebind\.example\.org.*127\.0\.0\.1/),
    });
    expect(delivery.status).toBe("pending");
    expect(receiver.received).toEqual([]);
    expect(resolved.filter((host) => host === "rebind.example.org").length).toBeGreaterThanOrEqual(3);
  });
});

describe("the connection goes to the address checked", () => {
  let app: FastifyInstance;
  let receiver: Receiver;

  beforeAll(async () => {
    // `receiver.test` exists only for this stand-in resolver: the system's would not find it, so a
    // delivery that arrives was connected to the address the check resolved, not resolved again
    app = await buildTestApp({
      webhooks: { allowPrivate: true },
      resolve: async (host) => {
        if (host !== "receiver.test") throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
        return [{ address: "127.0.0.1", family: 4 }];
      },
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
  });

  it("delivers to a host name through the pinned address, naming the host", async () => {
    const fx = await createFixtures(app, "Testby pinned");
    const hook = expectStatus<WebhookReply>(
      await app.inject({
        method: "POST",
        url: "/v1/webhooks",
        payload: {
          url: `http://receiver.test:${receiver.port}/pinned?source=samskab`,
          events: ["lesson.published"],
        },
      }),
      201,
    );
    await publish(app, fx);
    const request = await waitFor(() => receiver.received.find((r) => r.path === "/pinned?source=samskab"));
    expect(request.headers.host).toBe(`receiver.test:${receiver.port}`);
    const delivery = await awaitDelivery(app, hook, (d) => d.status === "succeeded", "the pinned delivery");
    expect(delivery.attemptLog[0]).toMatchObject({ statusCode: 204, error: null });
  });
});
