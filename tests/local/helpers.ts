// Helpers for the local backend tests: start `local/cli/local.ts` as a child
// process on free ports over the fixture app, and build real Convex clients.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { afterAll } from "vitest";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";

// The fixture's generated `api` is typed; these tests address functions by
// path through anyApi so they also cover unknown and internal names.
export const api = anyApi;

export const FIXTURE_FUNCTIONS = "tests/local/fixture/convex";

/** The functions directory of one of the small test apps in tests/local/apps/. */
export function appFunctions(app: string): string {
  return `tests/local/apps/${app}/convex`;
}

const tempDirs: string[] = [];
// Registered while the importing test file is collected: runs after its tests.
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test file's tests. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ww-local-"));
  tempDirs.push(dir);
  return dir;
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export type RunningBackend = {
  url: string;
  siteUrl: string;
  dataDir: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for exit (clean shutdown). */
  stop: () => Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill: () => Promise<void>;
};

/** Starts the backend over the fixture and waits for its ready line. */
export async function startBackend(
  options: { dataDir?: string; functionsDir?: string; watch?: boolean; extraArgs?: string[] } = {},
): Promise<RunningBackend> {
  const dataDir = options.dataDir ?? tempDataDir();
  const port = await freePort();
  const sitePort = await freePort();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "local/cli/local.ts", "--functions", options.functionsDir ?? FIXTURE_FUNCTIONS, "--data", dataDir,
      "--port", String(port), "--site-port", String(sitePort), "--no-seed",
      ...(options.watch ? [] : ["--no-watch"]), ...(options.extraArgs ?? [])],
    { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`backend did not start:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes(`Local backend ready at ${url}\n`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`backend exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    url,
    siteUrl: `http://127.0.0.1:${sitePort}`,
    dataDir,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return await exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/**
 * Starts the backend over a functions directory it is expected to refuse;
 * resolves with its exit code and output once it has exited.
 */
export async function runUntilExit(functionsDir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "local/cli/local.ts", "--functions", functionsDir, "--data", tempDataDir(), "--port", "0", "--site-port", "0", "--no-seed", "--no-watch"],
    { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output };
}

export function newClient(url: string): ConvexClient {
  return new ConvexClient(url, { webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket, logger: false });
}

export function newHttpClient(url: string): ConvexHttpClient {
  return new ConvexHttpClient(url, { logger: false });
}

/** Resolves when `predicate` holds, polling every 20 ms. */
export async function waitFor<T>(predicate: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const started = Date.now();
  for (;;) {
    const v = await predicate();
    if (v) return v as NonNullable<T>;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A dev sign-in token from the backend's identity provider. */
export async function devToken(url: string, body: Record<string, unknown>): Promise<{ token: string; expiresAt: number }> {
  const res = await fetch(`${url}/dev-auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; expiresAt: number };
}
