// The pool of "use node" action workers gives memory back: a worker left
// idle is stopped (a large report grows a worker's heap by hundreds of
// megabytes), and the next action starts a fresh one. The worker here is a
// stand-in that answers each run with its thread id.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NodeActionRunner } from "../../local/engine/nodeActions";

const dir = mkdtempSync(join(tmpdir(), "ww-node-idle-"));
const entry = join(dir, "worker.mjs");
writeFileSync(
  entry,
  `import { parentPort, threadId } from "node:worker_threads";
parentPort.on("message", (m) => {
  if (m.type === "run") parentPort.postMessage({ type: "done", callId: m.callId, resultJson: JSON.stringify(threadId) });
});
`,
);

let runner: NodeActionRunner | undefined;
afterEach(() => runner?.close());

const run = (r: NodeActionRunner) => r.run("file:///unused.js", "default", {}, null) as Promise<number>;

describe("the node action worker pool", () => {
  it("gives the next action the idle worker, and stops a worker left idle past its time", async () => {
    runner = new NodeActionRunner(async () => entry, () => undefined, 300);
    const first = await run(runner);
    expect(await run(runner)).toBe(first);
    await new Promise((r) => setTimeout(r, 800));
    const later = await run(runner);
    expect(later).not.toBe(first);
  });

  it("stops its idle workers on request, and the next action still runs", async () => {
    runner = new NodeActionRunner(async () => entry, () => undefined);
    const first = await run(runner);
    await runner.stopIdle();
    const next = await run(runner);
    expect(next).not.toBe(first);
    expect(next).toBeGreaterThan(0);
  });
});
