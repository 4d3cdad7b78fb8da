// Another process holds the database's write lock (a seed run, an admin shell): the service keeps
// answering reads and /health, and a write waits without blocking, then succeeds — or, if the lock
// outlasts the wait, answers 503 with Retry-After; never 500.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseHolder, holdDatabase } from "../../src/db/service-lock.js";
import { buildTestApp, expectProblem, expectStatus } from "../helpers/app.js";

describe("a database locked by another process", () => {
  let dir: string;
  let path: string;
  let app: FastifyInstance;
  let other: SQLite.Database;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "samskab-lock-"));
    path = join(dir, "samskab.db");
    app = await buildTestApp({ databasePath: path });
    other = new SQLite(path);
  });
  afterAll(async () => {
    other.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const createOrganisation = (name: string) =>
    app.inject({ method: "POST", url: "/v1/organisations", payload: { name, kind: "municipality" } });

  it("answers /health and reads while a write waits for the lock, then stores the write", async () => {
    other.exec("BEGIN IMMEDIATE");
    let settled: LightMyRequestResponse | undefined;
    const write = createOrganisation("Låsby Kommune").then((response) => {
      settled = response;
      return response;
    });
    // the write meets the lock and waits; meanwhile the event loop serves other requests
    const health = await app.inject({ method: "GET", url: "/health" });
    expect(health.statusCode).toBe(200);
    const read = await app.inject({ method: "GET", url: "/v1/vocabularies" });
    expect(read.statusCode).toBe(200);
    expect(settled).toBeUndefined();
    other.exec("COMMIT");
    expectStatus(await write, 201);
  });

  it("answers 503 with Retry-After, as problem+json, when the lock outlasts the wait; nothing is stored", async () => {
    other.exec("BEGIN IMMEDIATE");
    try {
      const response = await createOrganisation("Ventby Kommune");
      const problem = expectProblem(response, 503);
      expect(problem.type).toBe("urn:samskab:problem:database-busy");
      expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
    } finally {
      other.exec("COMMIT");
    }
    const names = other.prepare("SELECT name FROM organisations").all() as { name: string }[];
    expect(names.map((n) => n.name)).not.toContain("Ventby Kommune");
  });

  it("lets npm run seed refuse to write into a database a running service holds, naming it", () => {
    expect(databaseHolder(path)).toBeUndefined();
    // this process's own mark is not "another service"; a live other process's is
    const hold = holdDatabase(path);
    expect(databaseHolder(path)).toBeUndefined();
    hold.release();
    // on a first start the database's folder does not exist yet
    const fresh = join(dir, "not-yet", "samskab.db");
    holdDatabase(fresh).release();
    writeFileSync(`${path}.pid`, String(process.ppid));
    try {
      expect(databaseHolder(path)).toBe(process.ppid);
      const seed = spawnSync(process.execPath, ["--import", "tsx", "src/cli/seed.ts", "demo"], {
        env: { ...process.env, DATABASE_PATH: path },
        encoding: "utf8",
      });
      expect(seed.status).toBe(1);
      expect(seed.stderr).toContain(`pid ${process.ppid}`);
    } finally {
      rmSync(`${path}.pid`, { force: true });
    }
    const lessons = other.prepare("SELECT count(*) AS n FROM lessons").get() as { n: number };
    expect(lessons.n).toBe(0);
  });
});
