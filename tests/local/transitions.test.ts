// The client resolves a successful mutation only on a Transition that comes
// after its MutationResponse and covers its timestamp: such a Transition must
// follow every response, also for a mutation that wrote nothing (and so did
// not move the clock) after the session had already seen the latest state.
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startBackend, tempDataDir, waitFor, type RunningBackend } from "./helpers.js";
import { decodeTs } from "../../local/server/protocol.js";

const running: RunningBackend[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.kill();
});

describe("transitions after mutations", () => {
  it("follows the response of a mutation that wrote nothing with a Transition covering it", async () => {
    // An app without crons: nothing else commits while the test waits.
    const b = await startBackend({ dataDir: tempDataDir(), functionsDir: "tests/local/apps/editing/convex" });
    running.push(b);
    const ws = new WebSocket(`${b.url.replace("http", "ws")}/api/1.48.0/sync`);
    const messages: Array<Record<string, any>> = [];
    ws.on("message", (d) => messages.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once("open", r));
    ws.send(JSON.stringify({ type: "Connect", sessionId: crypto.randomUUID(), connectionCount: 0, lastCloseReason: null }));
    ws.send(JSON.stringify({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [{ type: "Add", queryId: 0, udfPath: "cells:sheet", args: [{ sheet: "s" }] }] }));
    await waitFor(() => messages.some((m) => m.type === "Transition"), "the first Transition");
    // Nothing else happens meanwhile, so the session is already at the latest ts.
    ws.send(JSON.stringify({ type: "Mutation", requestId: 0, udfPath: "cells:peek", args: [{ sheet: "s", cell: 1 }] }));
    const response = await waitFor(() => messages.find((m) => m.type === "MutationResponse"), "the response");
    expect(response.success).toBe(true);
    const after = await waitFor(() => messages.slice(messages.indexOf(response) + 1).find((m) => m.type === "Transition"), "a Transition after the response", 5_000);
    expect(decodeTs(after.endVersion.ts) >= decodeTs(response.ts)).toBe(true);
    ws.close();
  });
});
