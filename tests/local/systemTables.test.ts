// The system tables as Convex has them: `_storage` (hex sha256, size,
// content type) and `_scheduled_functions` with Convex's state transitions,
// read through ctx.db.system.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, appFunctions, newClient, newHttpClient, startBackend, waitFor, type RunningBackend } from "./helpers.js";

let backend: RunningBackend;
beforeAll(async () => {
  backend = await startBackend({ functionsDir: appFunctions("system-tables") });
});
afterAll(async () => {
  await backend?.stop();
});

const hex = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

describe("_storage", () => {
  it("records an upload's sha256 (hex), size and content type", async () => {
    const http = newHttpClient(backend.url);
    const bytes = new Uint8Array([137, 80, 78, 71, 13, 10]);
    const uploadUrl = (await http.mutation(api.files.generateUploadUrl, {})) as string;
    const res = await fetch(uploadUrl, { method: "POST", headers: { "Content-Type": "image/png" }, body: bytes });
    const { storageId } = (await res.json()) as { storageId: string };
    expect(await http.query(api.files.metadata, { storageId })).toEqual({ sha256: hex(bytes), size: 6, contentType: "image/png" });
    expect(await http.query(api.files.count, {})).toBe(1);
  });

  it("records ctx.storage.store from an action with the blob's type, and getMetadata agrees", async () => {
    const http = newHttpClient(backend.url);
    const text = "name,hours\nAda,12\n";
    const { storageId, metadata } = (await http.action(api.files.storeText, { text, contentType: "text/csv" })) as {
      storageId: string; metadata: unknown;
    };
    expect(metadata).toEqual({ storageId, sha256: hex(text), size: text.length, contentType: "text/csv" });
    expect(await http.query(api.files.metadata, { storageId })).toEqual({ sha256: hex(text), size: text.length, contentType: "text/csv" });
    const download = await fetch(`${backend.url}/api/storage/${storageId}`);
    expect(download.headers.get("content-type")).toBe("text/csv");
    expect(await download.text()).toBe(text);
  });
});

type Job = { id: string; name: string; state: { kind: string; error?: string }; scheduledTime: number; completedTime: number | null };

describe("_scheduled_functions", () => {
  /** Watches the jobs and records the distinct states each one went through. */
  const watch = () => {
    const client = newClient(backend.url);
    const seen = new Map<string, string[]>();
    let latest: Job[] = [];
    client.onUpdate(api.jobs.jobs, {}, (jobs: Job[]) => {
      latest = jobs;
      for (const j of jobs) {
        const states = seen.get(j.id) ?? [];
        if (states.at(-1) !== j.state.kind) states.push(j.state.kind);
        seen.set(j.id, states);
      }
    });
    return { client, seen, job: (id: string) => latest.find((j) => j.id === id) };
  };

  it("takes a mutation from pending to success in its own commit, never inProgress", async () => {
    const w = watch();
    const id = (await w.client.mutation(api.jobs.scheduleMutation, { label: "m-ok", fail: false, delayMs: 800 })) as string;
    await waitFor(() => w.job(id)?.state.kind === "success", "the job to succeed");
    expect(w.seen.get(id)).toEqual(["pending", "success"]);
    expect(w.job(id)!.name).toBe("jobs:work");
    expect(w.job(id)!.completedTime).toBeGreaterThanOrEqual(w.job(id)!.scheduledTime);
    // While it ran, its own job was still pending: the success is part of its commit.
    expect(await newHttpClient(backend.url).query(api.jobs.done, {})).toContainEqual({ label: "m-ok", ownState: "pending" });
    await w.client.close();
  });

  it("marks a mutation that throws failed, with its error", async () => {
    const w = watch();
    const id = (await w.client.mutation(api.jobs.scheduleMutation, { label: "m-bad", fail: true, delayMs: 800 })) as string;
    await waitFor(() => w.job(id)?.state.kind === "failed", "the job to fail");
    expect(w.seen.get(id)).toEqual(["pending", "failed"]);
    expect(w.job(id)!.state.error).toContain("Uncaught Error: work m-bad failed");
    expect(w.job(id)!.completedTime).not.toBeNull();
    await w.client.close();
  });

  it("takes an action from pending through inProgress to success", async () => {
    const w = watch();
    const id = (await w.client.mutation(api.jobs.scheduleAction, { label: "a-ok", ms: 1_500, delayMs: 800 })) as string;
    await waitFor(() => w.job(id)?.state.kind === "success", "the action to succeed");
    expect(w.seen.get(id)).toEqual(["pending", "inProgress", "success"]);
    expect((await newHttpClient(backend.url).query(api.jobs.done, {})).map((d: { label: string }) => d.label)).toContain("a-ok");
    await w.client.close();
  });

  it("cancels a pending job, which then never runs", async () => {
    const w = watch();
    const http = newHttpClient(backend.url);
    const id = (await http.mutation(api.jobs.scheduleMutation, { label: "m-cancel", fail: false, delayMs: 600 })) as string;
    await http.mutation(api.jobs.cancel, { id });
    await waitFor(() => w.job(id)?.state.kind === "canceled", "the job to be canceled");
    await new Promise((r) => setTimeout(r, 900));
    // Pending may or may not be seen (the cancel follows at once); nothing after canceled is.
    expect(w.seen.get(id)!.filter((s) => s !== "pending")).toEqual(["canceled"]);
    expect(w.job(id)!.state.kind).toBe("canceled");
    expect((await http.query(api.jobs.done, {})).map((d: { label: string }) => d.label)).not.toContain("m-cancel");
    await w.client.close();
  });

  it("does not keep a job scheduled by a mutation that rolled back", async () => {
    const http = newHttpClient(backend.url);
    const before = ((await http.query(api.jobs.jobs, {})) as Job[]).length;
    await expect(http.mutation(api.jobs.scheduleThenFail, {})).rejects.toThrow("rolled back");
    await new Promise((r) => setTimeout(r, 300));
    expect(((await http.query(api.jobs.jobs, {})) as Job[]).length).toBe(before);
    expect((await http.query(api.jobs.done, {})).map((d: { label: string }) => d.label)).not.toContain("never");
  });
});
