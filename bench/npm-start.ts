// Cold start as a user starts it: spawns `npm start` (which checks dist/ and rebuilds only when a
// source changed) against an existing database and times it until GET /ready answers 200, on a free
// port on 127.0.0.1. One untimed start first (it builds dist/ if needed), then `runs` timed ones.
// Each server is stopped (its process group, which this module started) before the next.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as nodeHttp from "node:http";
import * as net from "node:net";
import { join } from "node:path";
import { projectRoot } from "./stats.js";

export type NpmStart = { readyMs: number; rebuilt: boolean };

const STAMP = join(projectRoot, "dist", ".build-stamp");
const READY_TIMEOUT_MS = 180_000;
const POLL_MS = 20;

const stampTime = () => statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function readyStatus(port: number): Promise<number> {
  return new Promise((resolve) => {
    const request = nodeHttp.get({ host: "127.0.0.1", port, path: "/ready", timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(0));
  });
}

/** The resident memory of the server: the largest process in the start's group running dist/server.js (not its shell). */
function serverRss(group: number): number | undefined {
  let largest: number | undefined;
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(fields[2]) !== group) continue;
        const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
        if (!cmdline.includes("dist/server.js")) continue;
        const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, "utf8"))?.[1];
        if (kb) largest = Math.max(largest ?? 0, Number(kb) * 1024);
      } catch {}
    }
  } catch {}
  return largest;
}

/**
 * Until the server has let go of the database (its `<database>.pid` mark is gone): a shutdown saves the
 * search index first, and the next start must not find the database still served.
 */
async function released(databasePath: string): Promise<void> {
  const started = performance.now();
  while (existsSync(`${databasePath}.pid`) && performance.now() - started < 30_000)
    await new Promise((r) => setTimeout(r, POLL_MS));
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      resolve();
      return;
    }
    const pid = child.pid;
    const kill = setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {}
    }, 15_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      clearTimeout(kill);
      resolve();
    }
  });
}

/** How a user starts it (`npm start`), or the server alone (`node dist/server.js`, no npm, no build check). */
export type StartCommand = "npm start" | "node dist/server.js";

async function startOnce(
  databasePath: string,
  command: StartCommand,
): Promise<NpmStart & { rss: number | undefined }> {
  const port = await freePort();
  const stampBefore = stampTime();
  const started = performance.now();
  const [file, ...args] = command === "npm start" ? ["npm", "start"] : [process.execPath, "dist/server.js"];
  const child = spawn(file!, args, {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_PATH: databasePath,
      SEED: "none",
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true, // its own process group: stop() ends npm, the shell and the server together
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${command} exited (${child.exitCode ?? child.signalCode}): ${stderr.trim()}`);
      if (performance.now() - started > READY_TIMEOUT_MS)
        throw new Error(`${command}: /ready not 200 within ${READY_TIMEOUT_MS / 1000} s`);
      if ((await readyStatus(port)) === 200) break;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const readyMs = performance.now() - started;
    const rss = child.pid === undefined ? undefined : serverRss(child.pid);
    return { readyMs, rebuilt: stampTime() !== stampBefore, rss };
  } finally {
    await stop(child);
    await released(databasePath);
  }
}

export async function timeNpmStart(
  databasePath: string,
  {
    runs,
    command = "npm start",
    log = () => {},
    beforeEach = () => {},
  }: {
    runs: number;
    command?: StartCommand;
    log?: (message: string) => void;
    /** Runs before every start, the untimed one too. */
    beforeEach?: () => void;
  },
): Promise<{ first: NpmStart; timed: NpmStart[]; rssAtReady: number | undefined }> {
  beforeEach();
  const first = await startOnce(databasePath, command);
  log(`first ${command} ${Math.round(first.readyMs)} ms${first.rebuilt ? " (rebuilt dist/)" : ""}`);
  const timed: NpmStart[] = [];
  let rssAtReady: number | undefined;
  for (let i = 0; i < runs; i++) {
    beforeEach();
    const { rss, ...start } = await startOnce(databasePath, command);
    timed.push(start);
    rssAtReady = Math.max(rssAtReady ?? 0, rss ?? 0) || undefined;
  }
  return { first, timed, rssAtReady };
}
