"use node";
// Node actions test app: actions that need Node.js (a hash from node:crypto,
// the worker_threads module) and one that keeps the CPU busy.
import { createHash } from "node:crypto";
import { isMainThread } from "node:worker_threads";
import { ConvexError, v } from "convex/values";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { action } from "./_generated/server";

type RoundTrip = {
  before: number;
  after: number;
  doubled: number;
  jobId: Id<"_scheduled_functions">;
  storageId: Id<"_storage">;
  url: string | null;
  text: string | null;
  subject: string | null;
  onMainThread: boolean;
};

/** Computes for `ms` milliseconds without yielding, like a PDF or a solver would. */
export const crunch = action({
  args: { ms: v.number() },
  handler: async (_ctx, { ms }) => {
    const started = Date.now();
    let rounds = 0;
    let digest = "";
    while (Date.now() - started < ms) {
      digest = createHash("sha256").update(`${digest}${rounds}`).digest("hex");
      rounds += 1;
    }
    return { rounds, onMainThread: isMainThread };
  },
});

/** Uses every ctx facility from the worker thread. */
export const roundTrip = action({
  args: { n: v.number() },
  returns: v.object({
    before: v.number(),
    after: v.number(),
    doubled: v.number(),
    jobId: v.id("_scheduled_functions"),
    storageId: v.id("_storage"),
    url: v.union(v.string(), v.null()),
    text: v.union(v.string(), v.null()),
    subject: v.union(v.string(), v.null()),
    onMainThread: v.boolean(),
  }),
  handler: async (ctx, { n }): Promise<RoundTrip> => {
    const before: number = await ctx.runQuery(api.items.count, {});
    await ctx.runMutation(api.items.add, { n, by: "node" });
    const after: number = await ctx.runQuery(api.items.count, {});
    const doubled: number = await ctx.runAction(api.items.double, { n });
    const jobId: Id<"_scheduled_functions"> = await ctx.scheduler.runAfter(0, internal.items.addLater, { n: n + 1 });
    const storageId = await ctx.storage.store(new Blob([`node bytes ${n}`], { type: "text/plain" }));
    const url = await ctx.storage.getUrl(storageId);
    const blob = await ctx.storage.get(storageId);
    const identity = await ctx.auth.getUserIdentity();
    console.log("round trip done", n);
    console.warn("a warning from the worker");
    return {
      before, after, doubled, jobId, storageId, url,
      text: blob === null ? null : await blob.text(),
      subject: identity?.subject ?? null,
      onMainThread: isMainThread,
    };
  },
});

export const fails = action({
  args: {},
  handler: async () => {
    throw new ConvexError({ code: "NODE_FAILED", message: "failed in the worker" });
  },
});

/** A runMutation that fails inside the worker, caught there. */
export const catchesFailure = action({
  args: {},
  handler: async (ctx): Promise<string> => {
    try {
      await ctx.runMutation(api.items.add, { n: "not a number" as unknown as number, by: "node" });
      return "no error";
    } catch (e) {
      return (e as Error).message;
    }
  },
});
