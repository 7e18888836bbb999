// Scheduled functions, crons, mutation de-duplication across reconnects,
// and file storage.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { api, newClient, newHttpClient, startBackend, waitFor, type RunningBackend } from "./helpers.js";

let backend: RunningBackend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await backend?.stop();
});

type JobState = { id: string; name: string; state: string };

describe("scheduler and crons", () => {
  it("runs a scheduled function and shows its state to subscribed queries", async () => {
    const client = newClient(backend.url);
    let states: JobState[] = [];
    client.onUpdate(api.jobs.jobStates, {}, (r: JobState[]) => (states = r));
    const jobId = (await client.mutation(api.jobs.scheduleNote, { note: "later", delayMs: 300 })) as string;
    await waitFor(() => states.some((j) => j.id === jobId && j.state === "pending"), "the job to show as pending");
    await waitFor(() => states.some((j) => j.id === jobId && j.state === "success"), "the job to succeed");
    expect(states.find((j) => j.id === jobId)?.name).toBe("jobs:record");
    expect(await client.query(api.jobs.events, { kind: "scheduled" })).toContain("later");
    await client.close();
  });

  it("cancels a scheduled function", async () => {
    const http = newHttpClient(backend.url);
    const jobId = (await http.mutation(api.jobs.scheduleNote, { note: "never", delayMs: 500 })) as string;
    await http.mutation(api.jobs.cancel, { id: jobId });
    await new Promise((r) => setTimeout(r, 800));
    const states = (await http.query(api.jobs.jobStates, {})) as JobState[];
    expect(states.find((j) => j.id === jobId)?.state).toBe("canceled");
    expect(await http.query(api.jobs.events, { kind: "scheduled" })).not.toContain("never");
  });

  it("fires the fixture's one-second cron", async () => {
    const client = newClient(backend.url);
    let ticks: unknown[] = [];
    client.onUpdate(api.jobs.events, { kind: "cron" }, (r: unknown[]) => (ticks = r));
    await waitFor(() => ticks.length > 0, "a first tick");
    const first = ticks.length;
    await waitFor(() => ticks.length >= first + 2, "two more ticks", 5_000);
    await client.close();
  });
});

describe("mutation de-duplication", () => {
  // Drives the raw protocol: the same (sessionId, requestId) on two
  // connections, as a client does when it re-sends after a reconnect.
  const connect = async (sessionId: string, connectionCount: number) => {
    const ws = new WebSocket(`${backend.url.replace("http", "ws")}/api/1.48.0/sync`);
    const messages: Array<Record<string, unknown>> = [];
    ws.on("message", (d) => messages.push(JSON.parse(String(d)) as Record<string, unknown>));
    await new Promise((r) => ws.once("open", r));
    ws.send(JSON.stringify({ type: "Connect", sessionId, connectionCount, lastCloseReason: null, clientTs: Date.now() }));
    return { ws, messages };
  };
  const mutation = (requestId: number, body: string) =>
    JSON.stringify({ type: "Mutation", requestId, udfPath: "messages:send", args: [{ body, author: "dedup" }] });
  const responseTo = (messages: Array<Record<string, unknown>>, requestId: number) =>
    waitFor(() => messages.find((m) => m.type === "MutationResponse" && m.requestId === requestId), `response ${requestId}`);
  const count = async (body: string) => {
    const list = (await newHttpClient(backend.url).query(api.messages.list, {})) as { msgs: Array<{ body: string }> };
    return list.msgs.filter((m) => m.body === body).length;
  };

  it("applies a mutation re-sent after a reconnect once", async () => {
    const sessionId = crypto.randomUUID();
    const first = await connect(sessionId, 0);
    first.ws.send(mutation(0, "exactly once"));
    const r1 = await responseTo(first.messages, 0);
    expect(r1.success).toBe(true);
    first.ws.close();

    const second = await connect(sessionId, 1);
    second.ws.send(mutation(0, "exactly once"));
    const r2 = await responseTo(second.messages, 0);
    expect(r2.success).toBe(true);
    expect(r2.result).toEqual(r1.result);
    second.ws.close();
    expect(await count("exactly once")).toBe(1);
  });

  it("applies it once when both copies are in flight", async () => {
    const sessionId = crypto.randomUUID();
    const a = await connect(sessionId, 0);
    const b = await connect(sessionId, 1);
    a.ws.send(mutation(7, "in flight twice"));
    b.ws.send(mutation(7, "in flight twice"));
    const [ra, rb] = await Promise.all([responseTo(a.messages, 7), responseTo(b.messages, 7)]);
    expect(ra.result).toEqual(rb.result);
    expect(await count("in flight twice")).toBe(1);
    // A different session with the same requestId is a different mutation.
    const other = await connect(crypto.randomUUID(), 0);
    other.ws.send(mutation(7, "in flight twice"));
    await responseTo(other.messages, 7);
    expect(await count("in flight twice")).toBe(2);
    for (const c of [a, b, other]) c.ws.close();
  });
});

describe("file storage", () => {
  it("uploads through a generated URL, serves the file, and resolves getUrl", async () => {
    const client = newClient(backend.url);
    const uploadUrl = (await client.mutation(api.files.generateUploadUrl, {})) as string;
    expect(uploadUrl.startsWith(`${backend.url}/api/storage/upload`)).toBe(true);
    const upload = await fetch(uploadUrl, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "file contents" });
    expect(upload.status).toBe(200);
    const { storageId } = (await upload.json()) as { storageId: string };
    await client.mutation(api.files.save, { storageId, name: "notes.txt" });

    const files = (await client.query(api.files.list, {})) as Array<{ name: string; url: string }>;
    const url = files.find((f) => f.name === "notes.txt")!.url;
    expect(url).toBe(`${backend.url}/api/storage/${storageId}`);
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("text/plain");
    expect(await download.text()).toBe("file contents");

    expect(await client.action(api.files.readText, { storageId })).toBe("file contents");
    await client.close();
  });

  it("stores blobs from actions", async () => {
    const client = newClient(backend.url);
    const storageId = (await client.action(api.files.storeText, { text: "from an action" })) as string;
    const res = await fetch(`${backend.url}/api/storage/${storageId}`);
    expect(await res.text()).toBe("from an action");
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect((await fetch(`${backend.url}/api/storage/123nope_storage`)).status).toBe(404);
    await client.close();
  });
});
