// Durability of the data directory: acknowledged mutations survive kill -9;
// the log is replayed over the last snapshot; scheduled functions and files
// come back.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { api, newClient, newHttpClient, startBackend, tempDataDir, waitFor, type RunningBackend } from "./helpers.js";

const running: RunningBackend[] = [];
const start = async (dataDir?: string, extraArgs?: string[]) => {
  const b = await startBackend({ dataDir, extraArgs });
  running.push(b);
  return b;
};
afterEach(async () => {
  for (const b of running.splice(0)) await b.kill();
});

type ListResult = { msgs: Array<{ _id: string; body: string }> };

describe("durability", () => {
  it("keeps every acknowledged mutation when the process is killed mid-stream", async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    const client = newClient(first.url);
    const acknowledged = new Map<string, string>(); // body -> id
    let sent = 0;
    let stop = false;
    // Four concurrent writers, 1,000 mutations in all.
    const worker = async (w: number) => {
      for (let i = 0; i < 250 && !stop; i++) {
        const body = `m-${w}-${i}`;
        sent += 1;
        try {
          const id = (await client.mutation(api.messages.send, { body, author: "durable" })) as string;
          acknowledged.set(body, id);
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const writers = Promise.all([0, 1, 2, 3].map(worker));
    await waitFor(() => acknowledged.size >= 300, "300 acknowledged mutations", 60_000);
    await first.kill();
    stop = true;
    const ackedAtKill = new Map(acknowledged);
    await client.close();
    await Promise.race([writers, new Promise((r) => setTimeout(r, 2_000))]);
    expect(ackedAtKill.size).toBeLessThan(1000); // really mid-stream

    const second = await start(dataDir);
    const list = (await newHttpClient(second.url).query(api.messages.list, {})) as ListResult;
    const stored = new Map(list.msgs.map((m) => [m.body, m._id]));
    for (const [body, id] of ackedAtKill) expect(stored.get(body)).toBe(id);
    expect(list.msgs.length).toBeLessThanOrEqual(sent);
    // Ids keep counting from where they were.
    const id = (await newHttpClient(second.url).mutation(api.messages.send, { body: "after restart", author: "d" })) as string;
    expect(list.msgs.map((m) => m._id)).not.toContain(id);
  });

  it("restores data, files and pending scheduled functions after a clean shutdown", async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    const http = newHttpClient(first.url);
    const messageId = await http.mutation(api.messages.send, { body: "kept", author: "c" });
    const upload = await fetch(`${first.url}/api/storage/upload`, { method: "POST", headers: { "Content-Type": "image/png" }, body: new Uint8Array([137, 80, 78, 71]) });
    const { storageId } = (await upload.json()) as { storageId: string };
    await http.mutation(api.files.save, { storageId, name: "pixel.png" });
    const jobId = (await http.mutation(api.jobs.scheduleNote, { note: "after restart", delayMs: 2_500 })) as string;

    expect(await first.stop()).toBe(0);
    // Little was written: no snapshot, everything is in the log.
    expect(readdirSync(dataDir).filter((f) => f.startsWith("snapshot-"))).toEqual([]);
    expect(readFileSync(join(dataDir, "log-0.wal"), "utf8")).toContain("kept");

    const second = await start(dataDir);
    const http2 = newHttpClient(second.url);
    const list = (await http2.query(api.messages.list, {})) as ListResult;
    expect(list.msgs.map((m) => m._id)).toContain(messageId);

    const files = (await http2.query(api.files.list, {})) as Array<{ name: string; url: string }>;
    const file = await fetch(files.find((f) => f.name === "pixel.png")!.url);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect([...new Uint8Array(await file.arrayBuffer())]).toEqual([137, 80, 78, 71]);

    const live = newClient(second.url);
    let notes: Array<string | null> = [];
    live.onUpdate(api.jobs.events, { kind: "scheduled" }, (r: Array<string | null>) => (notes = r));
    await waitFor(() => notes.includes("after restart"), "the re-armed job to run", 10_000);
    const states = (await http2.query(api.jobs.jobStates, {})) as Array<{ id: string; state: string }>;
    expect(states.find((j) => j.id === jobId)?.state).toBe("success");
    await live.close();
  });

  it("replays the log over a mid-run snapshot after kill -9", async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir, ["--snapshot-at", "4000"]);
    const http = newHttpClient(first.url);
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push((await http.mutation(api.messages.send, { body: `c-${i}`, author: "c" })) as string);
    const files = readdirSync(dataDir);
    const snapshots = files.filter((f) => /^snapshot-\d+\.jsonl$/.test(f));
    const logs = files.filter((f) => /^log-\d+\.wal$/.test(f));
    expect(snapshots).toHaveLength(1);
    expect(logs).toHaveLength(1);
    // The snapshot replaced the logs it covers; the current log holds the rest.
    expect(Number(/\d+/.exec(logs[0])![0])).toBeGreaterThanOrEqual(Number(/\d+/.exec(snapshots[0])![0]));
    expect(statSync(join(dataDir, logs[0])).size).toBeGreaterThan(0);
    await first.kill();

    const second = await start(dataDir);
    const list = (await newHttpClient(second.url).query(api.messages.list, {})) as ListResult;
    expect(list.msgs.map((m) => m._id)).toEqual(ids);
  });

  it("recognises a mutation re-sent after a crash and restart", async () => {
    const dataDir = tempDataDir();
    const sessionId = crypto.randomUUID();
    const send = async (url: string, connectionCount: number) => {
      const ws = new WebSocket(`${url.replace("http", "ws")}/api/1.48.0/sync`);
      const messages: Array<Record<string, unknown>> = [];
      ws.on("message", (d) => messages.push(JSON.parse(String(d)) as Record<string, unknown>));
      await new Promise((r) => ws.once("open", r));
      ws.send(JSON.stringify({ type: "Connect", sessionId, connectionCount, lastCloseReason: null, clientTs: Date.now() }));
      ws.send(JSON.stringify({ type: "Mutation", requestId: 3, udfPath: "messages:send", args: [{ body: "survivor", author: "s" }] }));
      const response = await waitFor(() => messages.find((m) => m.type === "MutationResponse"), "the response");
      ws.close();
      return response;
    };
    const first = await start(dataDir);
    const r1 = await send(first.url, 0);
    await first.kill();
    const second = await start(dataDir);
    const r2 = await send(second.url, 1);
    expect(r2).toMatchObject({ success: true, result: r1.result });
    const list = (await newHttpClient(second.url).query(api.messages.list, {})) as ListResult;
    expect(list.msgs.filter((m) => m.body === "survivor")).toHaveLength(1);
  });

  it("starts over with --reset", async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    await newHttpClient(first.url).mutation(api.messages.send, { body: "gone", author: "r" });
    await first.stop();
    const second = await startBackend({ dataDir, extraArgs: ["--reset"] });
    running.push(second);
    expect(await newHttpClient(second.url).query(api.messages.count, {})).toBe(0);
  });
});
