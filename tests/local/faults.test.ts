// Faults the local backend survives: kill -9 again and again under load, a
// full disk, a torn or corrupt log tail, and malformed, oversized and
// out-of-order protocol frames. `npm test` runs a short kill loop;
// `npm run test:long` (WW_LONG=1) runs it with 25 kills.
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { api, devToken, newClient, newHttpClient, startBackend, tempDataDir, waitFor, type RunningBackend } from "./helpers.js";

const LONG = process.env.WW_LONG === "1";
const KILLS = LONG ? 25 : 4;
const APP = "tests/local/apps/editing/convex";

const running: RunningBackend[] = [];
const start = async (dataDir: string, extraArgs: string[] = []) => {
  const b = await startBackend({ dataDir, functionsDir: APP, extraArgs });
  running.push(b);
  return b;
};
afterEach(async () => {
  for (const b of running.splice(0)) await b.kill();
});

type Entries = Array<[number, string]>;
const entries = async (url: string, writer: string) => (await newHttpClient(url).query(api.journal.entries, { writer })) as Entries;

describe("faults", () => {
  it(`loses no acknowledged write across ${KILLS} kill -9s under continuous mutations`, async () => {
    const dataDir = tempDataDir();
    // Small snapshots, so that kills also land during background snapshots.
    const args = ["--snapshot-at", "65536"];
    const acked = new Map<string, Map<number, string>>(); // writer -> seq -> id
    let sent = 0;
    for (let round = 0; round < KILLS; round++) {
      const b = await start(dataDir, args);
      expect(b.output()).not.toMatch(/do not check out \((?!torn)/); // only a torn last append may be cut
      const client = newClient(b.url);
      let stop = false;
      const writer = async (w: number) => {
        const name = `r${round}w${w}`;
        const mine = new Map<number, string>();
        acked.set(name, mine);
        for (let seq = 0; !stop; seq++) {
          sent += 1;
          try {
            mine.set(seq, (await client.mutation(api.journal.append, { writer: name, seq, payload: "x".repeat(200) })) as string);
          } catch {
            return;
          }
        }
      };
      const ackedCount = () => [...acked.values()].reduce((n, m) => n + m.size, 0);
      const before = ackedCount();
      const writers = Promise.all([0, 1, 2, 3].map(writer));
      // Kill at a random point after 20 to 80 acknowledged writes of this round.
      const target = 20 + Math.floor(Math.random() * 60);
      await waitFor(() => ackedCount() >= before + target, "acknowledged writes", 60_000);
      await new Promise((r) => setTimeout(r, Math.random() * 300));
      await b.kill();
      stop = true;
      await client.close();
      await Promise.race([writers, new Promise((r) => setTimeout(r, 2_000))]);
    }
    const last = await start(dataDir, args);
    expect(last.output()).not.toMatch(/do not check out \((?!torn)/);
    let total = 0;
    for (const [name, mine] of acked) {
      const stored = new Map(await entries(last.url, name));
      for (const [seq, id] of mine) expect(stored.get(seq), `${name} #${seq}`).toBe(id);
      // Each entry at most once (none applied twice).
      expect(new Set((await entries(last.url, name)).map(([seq]) => seq)).size).toBe(stored.size);
      total += mine.size;
    }
    expect(total).toBeGreaterThan(KILLS * 20);
    expect((await newHttpClient(last.url).query(api.journal.count, {})) as number).toBeLessThanOrEqual(sent);
    // The snapshots really happened during the run.
    expect(readdirSync(dataDir).some((f) => /^snapshot-\d+\.jsonl$/.test(f))).toBe(true);
  }, LONG ? 1_800_000 : 300_000);

  it("keeps the intact prefix of a torn or corrupt log and reports the rest", async () => {
    const dataDir = tempDataDir();
    const b = await start(dataDir);
    const http = newHttpClient(b.url);
    const ids: string[] = [];
    for (let seq = 0; seq < 10; seq++) ids.push((await http.mutation(api.journal.append, { writer: "t", seq, payload: `p${seq}` })) as string);
    await b.kill();
    const log = join(dataDir, readdirSync(dataDir).find((f) => /^log-\d+\.wal$/.test(f))!);

    // A torn last record: the crash came mid-append.
    const full = readFileSync(log);
    writeFileSync(log, full.subarray(0, full.length - 12));
    const b2 = await start(dataDir);
    expect(b2.output()).toMatch(/do not check out \(torn last record/);
    expect((await entries(b2.url, "t")).map(([, id]) => id)).toEqual(ids.slice(0, 9));
    expect(readdirSync(dataDir).some((f) => f.includes(".corrupt-"))).toBe(true);
    await b2.kill();

    // A damaged byte inside the fifth record: it and everything after it are set aside.
    const lines = readFileSync(log, "utf8").split("\n");
    const target = lines.findIndex((l) => l.includes('"p4"'));
    lines[target] = lines[target].replace('"p4"', '"q4"');
    writeFileSync(log, lines.join("\n"));
    const b3 = await start(dataDir);
    expect(b3.output()).toMatch(/do not check out \(checksum/);
    expect((await entries(b3.url, "t")).map(([, id]) => id)).toEqual(ids.slice(0, 4));
    // The repaired directory takes new writes and starts cleanly again.
    await newHttpClient(b3.url).mutation(api.journal.append, { writer: "t", seq: 99, payload: "after" });
    await b3.stop();
    const b4 = await start(dataDir);
    expect(b4.output()).not.toMatch(/do not check out/);
    expect((await entries(b4.url, "t")).map(([seq]) => seq)).toEqual([0, 1, 2, 3, 99]);
  });

  it.skipIf(!canMountTmpfs())("fails a write on a full disk, leaves nothing half-written, and recovers when space returns", async () => {
    const mount = mkdtempSync(join(tmpdir(), "ww-full-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mount]);
    try {
      const dataDir = join(mount, "data");
      mkdirSync(dataDir);
      const b = await start(dataDir);
      const http = newHttpClient(b.url);
      const watcher = newClient(b.url);
      let seen: Entries = [];
      watcher.onUpdate(api.journal.entries, { writer: "d" }, (v: Entries) => (seen = v));
      for (let seq = 0; seq < 5; seq++) await http.mutation(api.journal.append, { writer: "d", seq, payload: "ok" });
      await waitFor(() => seen.length === 5, "the watcher to see five entries");

      // Fill the disk to the last byte.
      const ballast = join(mount, "ballast");
      fillDisk(ballast);
      const failed = await http.mutation(api.journal.append, { writer: "d", seq: 5, payload: "y".repeat(20_000) }).then(() => null, (e: Error) => e);
      expect(failed?.message).toMatch(/Could not write to the data directory/);
      // Nothing of it is visible, and the backend still serves everyone.
      expect((await entries(b.url, "d")).map(([seq]) => seq)).toEqual([0, 1, 2, 3, 4]);
      expect(seen.length).toBe(5);

      rmSync(ballast);
      await http.mutation(api.journal.append, { writer: "d", seq: 6, payload: "after" });
      await waitFor(() => seen.length === 6, "the watcher to see the write after space returned");
      await watcher.close();
      await b.kill();
      const b2 = await start(dataDir);
      expect(b2.output()).not.toMatch(/do not check out/);
      expect((await entries(b2.url, "d")).map(([seq]) => seq)).toEqual([0, 1, 2, 3, 4, 6]);
      await b2.kill();
    } finally {
      for (const b of running.splice(0)) await b.kill();
      execFileSync("umount", [mount]);
      rmSync(mount, { recursive: true, force: true });
    }
  });

  it("refuses malformed, oversized and out-of-order frames without disturbing other clients", async () => {
    const b = await start(tempDataDir());
    const { token } = await devToken(b.url, { subject: "good", name: "Good" });
    const good = newClient(b.url);
    good.setAuth(async () => token);
    let sheet: { viewer: string | null; total: number } | undefined;
    good.onUpdate(api.cells.sheet, { sheet: "s" }, (v: typeof sheet) => (sheet = v));
    await waitFor(() => sheet?.viewer === "good", "the good client's first result");

    const raw = async (frames: Array<string | Buffer>, connect = true) => {
      const ws = new WebSocket(`${b.url.replace("http", "ws")}/api/1.48.0/sync`);
      const messages: Array<Record<string, unknown>> = [];
      const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
      ws.on("message", (d) => messages.push(JSON.parse(String(d)) as Record<string, unknown>));
      ws.on("error", () => undefined);
      await new Promise((r) => ws.once("open", r));
      if (connect) ws.send(JSON.stringify({ type: "Connect", sessionId: crypto.randomUUID(), connectionCount: 0, lastCloseReason: null }));
      for (const f of frames) ws.send(f);
      const code = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 5_000))]);
      return { code, fatal: messages.find((m) => m.type === "FatalError")?.error as string | undefined };
    };
    expect((await raw(["this is not json"])).fatal).toMatch(/not JSON/);
    expect((await raw(["[1, 2, 3]"])).fatal).toMatch(/not a JSON object/);
    expect((await raw([JSON.stringify({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [] })], false)).fatal).toMatch(/Expected Connect/);
    expect((await raw([JSON.stringify({ type: "ModifyQuerySet", baseVersion: 7, newVersion: 8, modifications: [] })])).fatal).toMatch(/Base version 7/);
    expect((await raw([JSON.stringify({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 0, modifications: [] })])).fatal).toMatch(/newer version/);
    expect((await raw([JSON.stringify({ type: "Mutation", requestId: "x", udfPath: "cells:set", args: [{}] })])).fatal).toMatch(/needs requestId/);
    expect((await raw([JSON.stringify({ type: "Authenticate", baseVersion: 3, tokenType: "None" })])).fatal).toMatch(/does not match/);
    // 25 MiB: over the frame limit, the socket is closed (1009 "message too big", or
    // 1006 when the server drops it before the client reads the close frame).
    expect([1006, 1009]).toContain((await raw([Buffer.alloc(25 * 1024 * 1024, 32)])).code);

    // The good client never noticed.
    await good.mutation(api.cells.set, { sheet: "s", cell: 1, value: 41 });
    await waitFor(() => sheet?.total === 41, "the good client's update");
    await good.close();
  });
});

function canMountTmpfs(): boolean {
  if (process.platform !== "linux" || process.getuid?.() !== 0) return false;
  const dir = mkdtempSync(join(tmpdir(), "ww-mount-check-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir], { stdio: "ignore" });
    execFileSync("umount", [dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fillDisk(path: string): void {
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) appendFileSync(path, chunk);
  } catch {
    // ENOSPC: full
  }
  try {
    for (;;) appendFileSync(path, Buffer.alloc(1, 1));
  } catch {
    // the last bytes
  }
}
