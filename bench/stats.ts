// Latency summaries and the child-process plumbing shared by run.ts, cold-start.ts and minisearch.ts.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export type Latency = { n: number; p50: number; p95: number; p99: number; max: number; mean: number };

/** Nearest-rank percentiles of the timings (ms). */
export function summarize(timings: readonly number[]): Latency | undefined {
  if (timings.length === 0) return undefined;
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return {
    n: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

export const ms = (value: number) =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
export const formatLatency = (l: Latency | undefined) =>
  l ? `p50 ${ms(l.p50)} · p95 ${ms(l.p95)} · p99 ${ms(l.p99)} ms (n=${l.n})` : "n/a";
export const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

export const projectRoot = fileURLToPath(new URL("..", import.meta.url));

/**
 * Runs a bench/ script in a fresh Node process (through tsx's loader) and parses the JSON it prints
 * on its last stdout line. Rejects with the child's stderr when it fails or exceeds `timeoutMs`.
 */
export function runChild<T>(
  script: string,
  args: string[],
  { nodeFlags = [], timeoutMs }: { nodeFlags?: string[]; timeoutMs: number },
): Promise<{ result: T; wallMs: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...nodeFlags, "--import", "tsx", fileURLToPath(new URL(script, import.meta.url)), ...args],
      { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not finish within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0) {
        reject(new Error(`${script} exited with ${code}: ${(stderr || stdout).trim().slice(-2000)}`));
        return;
      }
      try {
        resolve({ result: JSON.parse(last) as T, wallMs });
      } catch {
        reject(new Error(`${script} printed no JSON result: ${(stderr || stdout).trim().slice(-2000)}`));
      }
    });
  });
}
