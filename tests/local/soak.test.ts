// 50 people edit at once, each signed in as themselves and watching their
// sheet: no errors, every edit reaches its editor's subscription, and the
// backend's memory stays flat. `npm test` runs 25 seconds of it;
// `npm run test:long` (WW_LONG=1) runs 10 minutes.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { api, devToken, newClient, startBackend, tempDataDir, waitFor, type RunningBackend } from "./helpers.js";

const LONG = process.env.WW_LONG === "1";
const CLIENTS = 50;
const SHEETS = 10;
const DURATION_MS = LONG ? 10 * 60_000 : 25_000;
const APP = "tests/local/apps/editing/convex";

const running: RunningBackend[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.kill();
});

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
}

describe("soak", () => {
  it(`${CLIENTS} clients edit for ${DURATION_MS / 1000} s: no errors, memory flat`, async () => {
    const b = await startBackend({ dataDir: tempDataDir(), functionsDir: APP });
    running.push(b);
    const errors: string[] = [];
    let edits = 0;
    const latencies: number[] = [];
    const stopAt = Date.now() + DURATION_MS;
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMb(b.child.pid!)), 1_000);

    const person = async (i: number) => {
      const { token } = await devToken(b.url, { subject: `editor${i}`, name: `Editor ${i}` });
      const client = newClient(b.url);
      client.setAuth(async () => token);
      const sheet = `s${i % SHEETS}`;
      let view: { viewer: string | null; cells: Array<[number, number]> } | undefined;
      client.onUpdate(api.cells.sheet, { sheet }, (v: typeof view) => (view = v), (e: Error) => errors.push(`subscription: ${e.message}`));
      await waitFor(() => view?.viewer === `editor${i}`, `editor ${i}'s first result`, 30_000);
      while (Date.now() < stopAt) {
        // Each editor has cells of their own on a shared sheet.
        const cell = i * 20 + Math.floor(Math.random() * 20);
        const value = edits++;
        try {
          const t0 = performance.now();
          await client.mutation(api.cells.set, { sheet, cell, value });
          latencies.push(performance.now() - t0);
          // Read your writes: the editor's subscription shows the edit once the mutation resolved.
          await waitFor(() => view?.cells.some(([c, v]) => c === cell && v === value), "the edit in the editor's view", 5_000);
        } catch (e) {
          errors.push(String((e as Error).message));
        }
        await new Promise((r) => setTimeout(r, 500 + Math.random() * 1_000));
      }
      await client.close();
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => person(i)));
    clearInterval(sampler);

    expect(errors).toEqual([]);
    expect(edits).toBeGreaterThan(CLIENTS * (DURATION_MS / 1000) * 0.3);
    // Memory: after a warm-up quarter, the last quarter is no higher than the
    // second quarter plus what a collector's swing explains.
    const q = Math.floor(samples.length / 4);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const early = mean(samples.slice(q, 2 * q));
    const late = mean(samples.slice(3 * q));
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]?.toFixed(0);
    console.log(`soak: edit acknowledged p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms`);
    console.log(`soak: ${edits} edits by ${CLIENTS} clients in ${DURATION_MS / 1000} s; RSS ${samples[0]?.toFixed(0)} -> early ${early.toFixed(0)} MB, late ${late.toFixed(0)} MB, max ${Math.max(...samples).toFixed(0)} MB`);
    expect(late).toBeLessThan(early * 1.2 + 40);
  }, DURATION_MS + 180_000);
});
