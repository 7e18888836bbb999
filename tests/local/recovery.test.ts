// Scheduling as Convex promises it, across stops of the backend: a scheduled
// mutation interrupted by a stop runs again (its transaction never
// committed), a running scheduled action is marked failed and not run again,
// and a cron that came due while the backend was down runs once at start-up.
import { afterEach, describe, expect, it } from "vitest";
import { api, appFunctions, newHttpClient, startBackend, tempDataDir, waitFor, type RunningBackend } from "./helpers.js";

const running: RunningBackend[] = [];
const start = async (dataDir: string) => {
  const b = await startBackend({ functionsDir: appFunctions("scheduling"), dataDir });
  running.push(b);
  return b;
};
afterEach(async () => {
  for (const b of running.splice(0)) await b.kill();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Job = { name: string; args: Array<{ label?: string }>; state: { kind: string; error?: string } };
const jobFor = async (b: RunningBackend, name: string, label: string) =>
  ((await newHttpClient(b.url).query(api.jobs.jobs, {})) as Job[]).find((j) => j.name === name && j.args[0]?.label === label);

describe("after a stop", () => {
  it("runs a scheduled mutation that was interrupted again, exactly once", async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    await newHttpClient(first.url).mutation(api.jobs.startSlowMutation, { label: "resumed" });
    await waitFor(() => first.output().includes("slow mutation started resumed"), "the mutation to start");
    await first.kill(); // mid-transaction: nothing of it committed

    const second = await start(dataDir);
    const http = newHttpClient(second.url);
    await waitFor(async () => ((await http.query(api.jobs.results, {})) as string[]).includes("resumed"), "the mutation to run again", 30_000);
    expect(second.output()).toContain("slow mutation started resumed");
    expect(((await http.query(api.jobs.results, {})) as string[]).filter((l) => l === "resumed")).toHaveLength(1);
    expect((await jobFor(second, "jobs:slowMutation", "resumed"))?.state.kind).toBe("success");
  });

  it("marks a scheduled action that was running failed, and does not run it again", async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    await newHttpClient(first.url).mutation(api.jobs.startSlowAction, { label: "cut short" });
    await waitFor(() => first.output().includes("slow action started cut short"), "the action to start");
    expect((await jobFor(first, "jobs:slowAction", "cut short"))?.state.kind).toBe("inProgress");
    await first.kill();

    const second = await start(dataDir);
    const job = await jobFor(second, "jobs:slowAction", "cut short");
    expect(job?.state.kind).toBe("failed");
    expect(job?.state.error).toContain("the local backend stopped while this action was running");
    await sleep(500);
    expect(second.output()).not.toContain("slow action started cut short");
    expect(await newHttpClient(second.url).query(api.jobs.results, {})).not.toContain("cut short");
  });

  it("runs a cron that came due while the backend was down once at start-up", async () => {
    const dataDir = tempDataDir();
    const beats = async (b: RunningBackend) => ((await newHttpClient(b.url).query(api.jobs.beats, {})) as number[]).sort((x, y) => x - y);
    const first = await start(dataDir);
    await waitFor(async () => (await beats(first)).length >= 1, "a first heartbeat", 15_000);
    const before = (await beats(first)).length;
    expect(await first.stop()).toBe(0);
    await sleep(4_500); // at least two heartbeats (every 2 s) missed

    const second = await start(dataDir);
    const readyAt = Date.now();
    await waitFor(async () => (await beats(second)).length >= before + 2, "the missed heartbeat and the next one", 15_000);
    const [caughtUp, next] = (await beats(second)).slice(before, before + 2);
    // The missed run happened at start-up, not at the next due time...
    expect(caughtUp).toBeLessThan(readyAt + 1_000);
    // ...once: the following run is a whole interval later, not another catch-up.
    expect(next - caughtUp).toBeGreaterThanOrEqual(1_500);
  });
});
