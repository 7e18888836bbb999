// "use node" actions run in a worker thread: a CPU-heavy one does not stall
// queries and mutations, and ctx.runQuery / runMutation / runAction, the
// scheduler, storage and auth work from the worker, with its log lines
// reaching the client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, appFunctions, devToken, newHttpClient, startBackend, waitFor, type RunningBackend } from "./helpers.js";

let backend: RunningBackend;
beforeAll(async () => {
  backend = await startBackend({ functionsDir: appFunctions("node-actions") });
});
afterAll(async () => {
  await backend?.stop();
});

/** POST /api/action, keeping the log lines the client receives. */
async function callAction(path: string, args: Record<string, unknown>, token?: string) {
  const res = await fetch(`${backend.url}/api/action`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ path, args: [args] }),
  });
  return (await res.json()) as { status: string; value?: unknown; errorMessage?: string; errorData?: unknown; logLines: string[] };
}

describe("\"use node\" actions", () => {
  it("keep the CPU of a worker busy without stalling queries and mutations", async () => {
    const http = newHttpClient(backend.url);
    const started = Date.now();
    let crunchDone = false;
    const crunch = (http.action(api.heavy.crunch, { ms: 4_000 }) as Promise<{ rounds: number; onMainThread: boolean }>).finally(() => {
      crunchDone = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      await http.mutation(api.items.add, { n: i, by: "client" });
      await http.query(api.items.count, {});
      latencies.push(Date.now() - t);
    }
    // Had the action run on the main thread, none of these would have been
    // answered before it finished.
    expect(crunchDone).toBe(false);
    expect(Math.max(...latencies)).toBeLessThan(2_000);
    const result = await crunch;
    expect(result.onMainThread).toBe(false);
    expect(result.rounds).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
  });

  it("reach queries, mutations, actions, the scheduler, storage and auth from the worker", async () => {
    const { token } = await devToken(backend.url, { subject: "ada", name: "Ada" });
    const r = await callAction("heavy:roundTrip", { n: 5 }, token);
    expect(r.status).toBe("success");
    const value = r.value as Record<string, unknown>;
    expect(value.onMainThread).toBe(false);
    expect(value.after).toBe((value.before as number) + 1);
    expect(value.doubled).toBe(10);
    expect(value.text).toBe("node bytes 5");
    expect(value.url).toBe(`${backend.url}/api/storage/${value.storageId as string}`);
    expect(value.subject).toBe("ada");
    expect(await (await fetch(value.url as string)).text()).toBe("node bytes 5");
    const http = newHttpClient(backend.url);
    await waitFor(async () => ((await http.query(api.items.list, {})) as Array<{ n: number; by: string }>).some((i) => i.n === 6 && i.by === "scheduler"),
      "the job scheduled from the worker to run");
    expect(r.logLines).toEqual(["[LOG] round trip done 5", "[WARN] a warning from the worker"]);
  });

  it("report their errors, ConvexError data included, and see the errors of what they call", async () => {
    const failed = await callAction("heavy:fails", {});
    expect(failed.status).toBe("error");
    expect(failed.errorData).toEqual({ code: "NODE_FAILED", message: "failed in the worker" });
    const caught = await callAction("heavy:catchesFailure", {});
    expect(caught.value).toBe('ArgumentValidationError: Value does not match validator.\nPath: .n\nValue: "not a number"\nValidator: v.float64()');
    const badArgs = await callAction("heavy:roundTrip", { n: "five" });
    expect(badArgs.errorMessage).toContain("ArgumentValidationError: Value does not match validator.\nPath: .n");
  });
});
