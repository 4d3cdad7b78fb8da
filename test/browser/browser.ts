// A real browser for layout tests: the app listening on 127.0.0.1 (a temp database, the demo data) and
// Debian's Chromium driven by playwright-core; pages are opened with the app's master key (BROWSER_ADMIN_KEY). `browserSession().inspect(request, { width })` opens one
// of the app's pages (GET, or POST with a JSON body) at a viewport width and measures what layout checks
// need: the page's width against the window's, the boxes of header cells and of their text, console
// errors (CSP violations among them); it saves a full-page screenshot in test-artifacts/ (git-ignored)
// for CI to keep. `overlappingPairs` and `contains` judge the boxes.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import { type Browser, chromium, type Page } from "playwright-core";
import { buildApp } from "../../src/app.js";

/** Debian's Chromium; CHROMIUM_PATH points elsewhere (another distribution, a local build). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Where screenshots go: git-ignored, kept by CI as artefacts. */
export const ARTIFACTS_DIR = resolve(import.meta.dirname, "../../test-artifacts");

/** One browser per test file: launching costs about a second, a page a few milliseconds. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM_PATH}. Install it with \`apt-get update && apt-get install -y chromium\` (Debian; .ci/run does this), or set CHROMIUM_PATH to a Chromium or Chrome executable.`,
    );
  // playwright-core launches without the sandbox by default, which running as root (CI) needs
  return chromium.launch({ executablePath: CHROMIUM_PATH });
}

export type RunningApp = { app: FastifyInstance; baseUrl: string; close: () => Promise<void> };

/** The master key of the app the browser tests start; every page is opened with it (an admin sees everything). */
export const BROWSER_ADMIN_KEY = "browser-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";

/** The app with the demo data on a temp-file database, listening on 127.0.0.1 on a free port. */
export async function startApp(): Promise<RunningApp> {
  const dir = mkdtempSync(join(tmpdir(), "samskab-browser-"));
  const app = await buildApp({
    config: {
      databasePath: join(dir, "samskab.db"),
      logLevel: "silent",
      seed: "demo",
      bodyLimitBytes: 1024 * 1024,
      adminKey: BROWSER_ADMIN_KEY,
    },
  });
  const baseUrl = await app.listen({ host: "127.0.0.1", port: 0 });
  return {
    app,
    baseUrl,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A test file's browser and app, started by the first `inspect` (so that a missing Chromium fails each
 * test with its message rather than the file's setup) and reused by the others; `close` in afterAll.
 */
export type BrowserSession = {
  inspect<T = undefined>(request: PageRequest, options: InspectOptions<T>): Promise<PageLayout<T>>;
  close(): Promise<void>;
};

export function browserSession(): BrowserSession {
  let started: Promise<{ browser: Browser; running: RunningApp }> | undefined;
  const start = async () => {
    const [browser, running] = await Promise.allSettled([launchBrowser(), startApp()]);
    if (browser.status === "fulfilled" && running.status === "fulfilled")
      return { browser: browser.value, running: running.value };
    // whichever did start must not outlive the failure
    if (browser.status === "fulfilled") await browser.value.close();
    if (running.status === "fulfilled") await running.value.close();
    throw browser.status === "rejected" ? browser.reason : (running as PromiseRejectedResult).reason;
  };
  return {
    async inspect(request, options) {
      started ??= start();
      const { browser, running } = await started;
      const headers = { authorization: `Bearer ${BROWSER_ADMIN_KEY}`, ...request.headers };
      return inspectPage(browser, running.baseUrl, { ...request, headers }, options);
    },
    async close() {
      const session = await started?.catch(() => undefined);
      await session?.browser.close();
      await session?.running.close();
    },
  };
}

/** What to open: a path of the app with its query, and for POST a JSON body. */
export type PageRequest = {
  path: string;
  method?: "GET" | "POST";
  body?: unknown;
  headers?: Record<string, string>;
};

export type Box = { left: number; top: number; right: number; bottom: number };

export type HeaderBox = {
  text: string;
  /** The cell's border box. */
  box: Box;
  /** The box around the cell's text as laid out: wider than `box` when the text runs out of its cell. */
  content: Box;
};

export type PageLayout<T> = {
  status: number;
  contentType: string;
  /** window.innerWidth */
  viewportWidth: number;
  /** document.scrollingElement.scrollWidth: above viewportWidth when the page scrolls sideways. */
  pageWidth: number;
  /** The elements matching `headerSelector`, in document order. */
  headers: HeaderBox[];
  /** Errors the page logged: a Content-Security-Policy violation shows up here. */
  consoleErrors: string[];
  screenshot: string;
  /** What `inspect` returned, for checks of a particular page. */
  extra: T;
};

export type InspectOptions<T> = {
  width: number;
  height?: number;
  /** The header cells whose boxes must not overlap; default `thead th`. */
  headerSelector?: string;
  /** The screenshot's file name without extension; default from the path and width. */
  name?: string;
  /** Reads more of the page after it loaded (e.g. a table row's cells). */
  inspect?: (page: Page) => Promise<T>;
};

/** Opens `request` at `width` pixels wide in a fresh page of `browser`, measures it and closes it. */
export async function inspectPage<T = undefined>(
  browser: Browser,
  baseUrl: string,
  request: PageRequest,
  options: InspectOptions<T>,
): Promise<PageLayout<T>> {
  const page = await browser.newPage({
    viewport: { width: options.width, height: options.height ?? 900 },
    ...(request.headers ? { extraHTTPHeaders: request.headers } : {}),
  });
  try {
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    const url = new URL(request.path, baseUrl).toString();
    if (request.method === "POST") {
      // a navigation is a GET: send it as the POST the page is answered by
      await page.route(url, (route) =>
        route.continue({
          method: "POST",
          postData: JSON.stringify(request.body ?? {}),
          headers: { ...route.request().headers(), "content-type": "application/json" },
        }),
      );
    }
    const response = await page.goto(url, { waitUntil: "load" });
    if (!response) throw new Error(`No response for ${url}`);
    const measured = await page.evaluate(measureLayout, options.headerSelector ?? "thead th");
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const screenshot = join(ARTIFACTS_DIR, `${options.name ?? slugOf(request.path)}-${options.width}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    const extra = options.inspect ? await options.inspect(page) : (undefined as T);
    return {
      status: response.status(),
      contentType: response.headers()["content-type"] ?? "",
      ...measured,
      consoleErrors,
      screenshot,
      extra,
    };
  } finally {
    await page.close();
  }
}

// The few DOM types the measuring function needs: the project compiles without the DOM library, so that
// no server code can use `document` by mistake.
type Rect = { left: number; top: number; right: number; bottom: number };
type PageElement = { textContent: string | null; getBoundingClientRect(): Rect };
type PageWindow = {
  innerWidth: number;
  document: {
    scrollingElement: { scrollWidth: number } | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
    createRange(): { selectNodeContents(node: PageElement): void; getBoundingClientRect(): Rect };
  };
};

/** Runs in the page: the window's and the page's width, and each header cell's box and its text's box. */
function measureLayout(selector: string) {
  const { innerWidth, document } = globalThis as unknown as PageWindow;
  const boxOf = (r: Rect): Box => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
  return {
    viewportWidth: innerWidth,
    pageWidth: document.scrollingElement!.scrollWidth,
    headers: Array.from(document.querySelectorAll(selector), (element): HeaderBox => {
      const range = document.createRange();
      range.selectNodeContents(element);
      return {
        text: (element.textContent ?? "").trim(),
        box: boxOf(element.getBoundingClientRect()),
        content: boxOf(range.getBoundingClientRect()),
      };
    }),
  };
}

function slugOf(path: string): string {
  return path
    .replace(/^\/+/, "")
    .replace(/[^a-zA-Z0-9]+/g, "-")
    .slice(0, 80);
}

/** Borders of neighbouring cells may share a pixel: overlaps up to this much do not count. */
const TOLERANCE_PX = 1;

/** Pairs of boxes (by index) that overlap by more than a shared border. */
export function overlappingPairs(boxes: readonly Box[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (width > TOLERANCE_PX && height > TOLERANCE_PX) pairs.push([i, j]);
    }
  return pairs;
}

/** Whether `inner` lies within `outer` (give or take a shared border). */
export function contains(outer: Box, inner: Box): boolean {
  return (
    inner.left >= outer.left - TOLERANCE_PX &&
    inner.right <= outer.right + TOLERANCE_PX &&
    inner.top >= outer.top - TOLERANCE_PX &&
    inner.bottom <= outer.bottom + TOLERANCE_PX
  );
}
