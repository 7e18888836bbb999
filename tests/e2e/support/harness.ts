// Starts everything an end-to-end test needs and stops it again: the local
// backend (child process, free ports, temporary data directory, small seed),
// the web app built by Vite and served statically, and Debian's Chromium via
// playwright-core. Screenshots go to test-results/screenshots/. The static
// server sends the headers of the build's own `_headers` file (the security
// headers and the Content Security Policy), and every page reports the CSP
// violations it sees into `cspViolations`, which the tests require empty.
import { spawn, type ChildProcess } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { parseHeadersFile } from "../../../config/securityHeaders";

export const ROOT = resolve(import.meta.dirname, "../../..");
export const SCREENSHOTS = join(ROOT, "test-results", "screenshots");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : "/usr/bin/chromium-browser");

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createNetServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export type Harness = {
  backendUrl: string;
  /** The backend's HTTP actions origin (feeds post to `${siteUrl}/api/imports`). */
  siteUrl: string;
  webUrl: string;
  browser: Browser;
  /** The headers the built app is served with (from its `_headers`). */
  webHeaders: Record<string, string>;
  /** Every CSP violation any page reported, as "directive blocked-uri (page)". */
  cspViolations: string[];
  newPage: () => Promise<{ context: BrowserContext; page: Page }>;
  /** Errors the pages wrote to the browser console (and uncaught page errors), for "no console errors". */
  consoleErrors: string[];
  stop: () => Promise<void>;
};

export type HarnessOptions = {
  /** A large department added to the seed, "modules x lecturers" (e.g. "400x60"), for the sheet's scale test. */
  largeDepartment?: string;
};

function startBackend(
  dataDir: string,
  port: number,
  sitePort: number,
  options: HarnessOptions,
): Promise<{ child: ChildProcess; url: string; issuer: string }> {
  return new Promise((ok, fail) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "tests/e2e/support/backend.ts",
        "--functions",
        "convex",
        "--data",
        dataDir,
        "--port",
        String(port),
        "--site-port",
        String(sitePort),
      ],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, ...(options.largeDepartment ? { E2E_LARGE_DEPARTMENT: options.largeDepartment } : {}) },
      },
    );
    let out = "";
    const timer = setTimeout(() => fail(new Error(`The backend did not start in time:\n${out.slice(-3000)}`)), options.largeDepartment ? 600_000 : 220_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /E2E backend ready (\S+) (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ child, url: m[1], issuer: m[2] });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`The backend exited (${code}):\n${out.slice(-3000)}`));
    });
  });
}

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

async function buildAndServe(
  backendUrl: string,
  issuer: string,
): Promise<{ server: Server; url: string; outDir: string; headers: Record<string, string> }> {
  const outDir = mkdtempSync(join(tmpdir(), "ww-web-"));
  const { build } = await import("vite");
  process.env.VITE_CONVEX_URL = backendUrl;
  process.env.VITE_DEV_AUTH_URL = issuer;
  delete process.env.VITE_CLERK_PUBLISHABLE_KEY;
  await build({
    root: ROOT,
    configFile: join(ROOT, "vite.config.ts"),
    logLevel: "warn",
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  });
  const headers = parseHeadersFile(readFileSync(join(outDir, "_headers"), "utf8"));
  const server = createHttpServer((req, res) => {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0]);
    let file = join(outDir, path);
    if (!file.startsWith(outDir) || !existsSync(file) || statSync(file).isDirectory()) file = join(outDir, "index.html");
    res.writeHead(200, { ...headers, "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  const port = await freePort();
  await new Promise<void>((ok) => server.listen(port, "127.0.0.1", ok));
  return { server, url: `http://127.0.0.1:${port}`, outDir, headers };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), "ww-e2e-data-"));
  const [port, sitePort] = [await freePort(), await freePort()];
  const backend = await startBackend(dataDir, port, sitePort, options);
  let web: Awaited<ReturnType<typeof buildAndServe>> | null = null;
  let browser: Browser;
  try {
    web = await buildAndServe(backend.url, backend.issuer);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-gpu",
        "--disable-dev-shm-usage",
      ],
    });
  } catch (e) {
    backend.child.kill("SIGTERM");
    web?.server.close();
    throw e;
  }
  const b = browser;
  const w = web;
  const consoleErrors: string[] = [];
  const cspViolations: string[] = [];
  return {
    backendUrl: backend.url,
    siteUrl: backend.url.replace(/:\d+$/, `:${sitePort}`),
    webUrl: w.url,
    browser: b,
    consoleErrors,
    webHeaders: w.headers,
    cspViolations,
    newPage: async () => {
      const context = await b.newContext({ viewport: { width: 1366, height: 768 } });
      // The page reports each violation event; Chromium's own console line
      // for a refused load or eval is caught as well.
      await context.exposeFunction("__reportCspViolation", (v: string) => cspViolations.push(v));
      await context.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (e) => {
          const report = (window as unknown as { __reportCspViolation: (v: string) => void }).__reportCspViolation;
          report(`${e.effectiveDirective} ${e.blockedURI || "(inline)"} (${location.pathname})`);
        });
      });
      const page = await context.newPage();
      page.on("console", (m) => {
        if (/Content Security Policy/i.test(m.text())) cspViolations.push(`console: ${m.text()}`);
      });
      page.setDefaultTimeout(20_000);
      page.on("console", (m) => {
        if (m.type() === "error") consoleErrors.push(`${page.url()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => consoleErrors.push(`${page.url()}: uncaught ${e.message}`));
      return { context, page };
    },
    stop: async () => {
      await b.close().catch(() => {});
      await new Promise<void>((ok) => w.server.close(() => ok()));
      await new Promise<void>((ok) => {
        if (backend.child.exitCode !== null) return ok();
        backend.child.once("exit", () => ok());
        backend.child.kill("SIGTERM");
        setTimeout(() => {
          backend.child.kill("SIGKILL");
          ok();
        }, 10_000);
      });
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(w.outDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the dev sign-in screen as the first demo person whose roles include `role`; returns their name. */
export async function signInAs(page: Page, webUrl: string, role: string, skip = 0): Promise<string> {
  await page.goto(webUrl);
  const people = page.locator('[data-testid="dev-user"]', { hasText: role });
  await people.first().waitFor();
  const person = people.nth(skip);
  const name = (await person.locator("span span").first().textContent())?.trim() ?? "";
  await person.click();
  await page.locator('[data-testid="current-user"]').waitFor();
  return name;
}

/** A rule of axe-core broken on a page, in one line. */
export type A11yViolation = { page: string; id: string; impact: string; help: string; count: number; targets: string[] };

/**
 * Runs axe-core (WCAG 2.x A/AA rules) over the page as it stands and returns
 * its serious and critical violations.
 */
export async function seriousA11yViolations(page: Page, name: string): Promise<A11yViolation[]> {
  const { AxeBuilder } = await import("@axe-core/playwright");
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      page: name,
      id: v.id,
      impact: v.impact!,
      help: v.help,
      count: v.nodes.length,
      targets: v.nodes.slice(0, 8).map((n) => `${n.target.join(" ")}${n.failureSummary ? ` (${n.failureSummary.split("\n").slice(1).join(" ").slice(0, 120)})` : ""}`),
    }));
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}
