// What survives a crash or a restart: an event committed by a process killed with SIGKILL before it
// delivered is delivered by the next process on the same database; a routine that fell due while the
// service was down produces its agenda (and routine.agenda_ready) once, also across two more starts,
// and only to webhooks of the routine's organisation.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { producedAgendas } from "../../src/db/queries/routine-schedule.js";
import { routines } from "../../src/db/schema.js";
import type { Clock } from "../../src/domain/clock.js";
import {
  asKey,
  buildTestApp,
  createFixtures,
  expectStatus,
  issueKey,
  lessonBody,
  TEST_ADMIN_KEY,
} from "../helpers/app.js";
import { type Receiver, startReceiver, waitFor } from "../helpers/receiver.js";

type Payload = { type: string; data: Record<string, unknown> };

describe("webhooks across a crash and restarts", () => {
  let dir: string;
  let receiver: Receiver;
  const start = (databasePath: string, clock?: Clock, worker = true) =>
    buildTestApp({
      databasePath,
      webhooks: { allowPrivate: true, worker },
      ...(clock ? { clock } : {}),
    });
  const payloads = (path: string) =>
    receiver.received.filter((r) => r.path === path).map((r) => JSON.parse(r.body) as Payload);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "samskab-webhooks-"));
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("delivers an event committed by a process killed with SIGKILL before it could deliver", async () => {
    const databasePath = join(dir, "crash.db");
    const first = await start(databasePath, undefined, false);
    const fx = await createFixtures(first);
    expectStatus(
      await first.inject({
        method: "POST",
        url: "/v1/webhooks",
        payload: { url: receiver.url("/crash"), events: ["lesson.published"] },
      }),
      201,
    );
    await first.close();

    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "test/helpers/publish-and-hang.ts",
        databasePath,
        TEST_ADMIN_KEY,
        JSON.stringify(lessonBody(fx.homeCareUnitId)),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_, signal) => resolve(signal)),
    );
    const lessonId = await waitFor(
      () => /published (\S+)/.exec(output)?.[1],
      30_000,
      `the child to publish (${output})`,
    );
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(payloads("/crash")).toEqual([]);

    const second = await start(databasePath);
    try {
      const delivered = await waitFor(() => payloads("/crash")[0], 10_000, "the delivery after the crash");
      expect(delivered).toMatchObject({ type: "lesson.published", data: { lessonId } });
    } finally {
      await second.close();
    }
    expect(payloads("/crash")).toHaveLength(1);
  }, 60_000);

  it("produces a routine's missed agenda once after downtime, for its organisation's webhooks only", async () => {
    const databasePath = join(dir, "schedule.db");
    let now = new Date("2026-03-02T08:00:00.000Z");
    const clock = { now: () => now };

    const first = await start(databasePath, clock);
    const own = await createFixtures(first, "Fjordby");
    const other = await createFixtures(first, "Nordvik");
    const hookFor = async (organisationId: string, path: string) => {
      const key = await issueKey(first, {
        role: "integration",
        organisationId,
        scopes: ["lessons:read", "webhooks"],
      });
      expectStatus(
        await first.inject({
          method: "POST",
          url: "/v1/webhooks",
          headers: asKey(key.key),
          payload: { url: receiver.url(path), events: ["routine.agenda_ready", "lesson.published"] },
        }),
        201,
      );
    };
    await hookFor(own.organisationId, "/own");
    await hookFor(other.organisationId, "/other");
    const routineId = "rtn_monday_meeting";
    first.database.db
      .insert(routines)
      .values({
        id: routineId,
        name: "Mandagsmøde",
        ownerUnitId: own.homeCareUnitId,
        organisationId: own.organisationId,
        filter: {},
        cadence: "weekly",
        forum: null,
        language: null,
        nextAgendaAt: "2026-03-09T08:00:00.000Z",
        authorKeyId: null,
        version: 1,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      })
      .run();
    await first.close();

    // down for almost three weeks: two due times were missed; one agenda is produced, for the first
    now = new Date("2026-03-22T10:00:00.000Z");
    const publishShared = async (app: FastifyInstance) =>
      expectStatus<{ id: string }>(
        await app.inject({
          method: "POST",
          url: "/v1/lessons",
          payload: lessonBody(own.homeCareUnitId, { visibility: "network" }),
        }),
        201,
      ).id;

    const second = await start(databasePath, clock);
    const agenda = await waitFor(
      () => payloads("/own").find((p) => p.type === "routine.agenda_ready"),
      10_000,
      "routine.agenda_ready",
    );
    expect(agenda.data).toEqual({
      routineId,
      name: "Mandagsmøde",
      ownerUnitId: own.homeCareUnitId,
      dueAt: "2026-03-09T08:00:00.000Z",
      agendaUrl: `/v1/routines/${routineId}/agenda`,
      feedUrl: `/v1/routines/${routineId}/feed.atom`,
    });
    // the other organisation's webhook got a later event, so the agenda's was decided: not for it
    const shared = await publishShared(second);
    await waitFor(
      () => payloads("/other").some((p) => p.data.lessonId === shared),
      10_000,
      "the shared lesson",
    );
    expect(payloads("/other").map((p) => p.type)).toEqual(["lesson.published"]);
    await second.close();

    // started again at the same time: nothing new is due, nothing is produced twice
    const third = await start(databasePath, clock);
    const sharedAgain = await publishShared(third);
    await waitFor(
      () => payloads("/own").some((p) => p.data.lessonId === sharedAgain),
      10_000,
      "the second lesson",
    );
    expect(payloads("/own").filter((p) => p.type === "routine.agenda_ready")).toHaveLength(1);
    expect(producedAgendas(third.database.db, routineId).map((a) => a.dueAt)).toEqual([
      "2026-03-09T08:00:00.000Z",
    ]);
    const stored = third.database.db.select().from(routines).all()[0]!;
    expect(stored.nextAgendaAt).toBe("2026-03-23T08:00:00.000Z");

    // the next due time comes while it runs: the next agenda
    now = new Date("2026-03-23T08:00:01.000Z");
    await waitFor(
      () => payloads("/own").filter((p) => p.type === "routine.agenda_ready").length === 2,
      10_000,
      "the next agenda",
    );
    expect(producedAgendas(third.database.db, routineId).map((a) => a.dueAt)).toEqual([
      "2026-03-09T08:00:00.000Z",
      "2026-03-23T08:00:00.000Z",
    ]);
    await third.close();
    expect(payloads("/other").filter((p) => p.type === "routine.agenda_ready")).toEqual([]);
  }, 60_000);
});
