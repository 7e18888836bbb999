// Scheduling test app: a scheduled mutation and a scheduled action slow
// enough to be interrupted by a stop, and the cron's target.
import { v } from "convex/values";
import { internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { internalAction, internalMutation, mutation, query } from "./_generated/server";

export const startSlowMutation = mutation({
  args: { label: v.string() },
  handler: async (ctx, { label }): Promise<Id<"_scheduled_functions">> => await ctx.scheduler.runAfter(0, internal.jobs.slowMutation, { label }),
});

export const startSlowAction = mutation({
  args: { label: v.string() },
  handler: async (ctx, { label }): Promise<Id<"_scheduled_functions">> => await ctx.scheduler.runAfter(0, internal.jobs.slowAction, { label }),
});

/** Says it started, then computes for 2.5 s before it writes. */
export const slowMutation = internalMutation({
  args: { label: v.string() },
  handler: async (ctx, { label }) => {
    console.log("slow mutation started", label);
    const started = performance.now();
    while (performance.now() - started < 2500) {
      // a long computation inside the transaction
    }
    await ctx.db.insert("results", { label });
  },
});

/** Says it started, then waits half a minute before it writes. */
export const slowAction = internalAction({
  args: { label: v.string() },
  handler: async (ctx, { label }) => {
    console.log("slow action started", label);
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    await ctx.runMutation(internal.jobs.record, { label });
  },
});

export const record = internalMutation({
  args: { label: v.string() },
  handler: async (ctx, { label }) => {
    await ctx.db.insert("results", { label });
  },
});

export const heartbeat = internalMutation({
  args: {},
  handler: async (ctx) => {
    await ctx.db.insert("beats", { at: Date.now() });
  },
});

export const results = query({
  args: {},
  handler: async (ctx) => (await ctx.db.query("results").collect()).map((r) => r.label),
});

export const beats = query({
  args: {},
  handler: async (ctx) => (await ctx.db.query("beats").collect()).map((b) => b.at),
});

export const jobs = query({
  args: {},
  handler: async (ctx) =>
    (await ctx.db.system.query("_scheduled_functions").collect()).map((j) => ({ name: j.name, args: j.args, state: j.state })),
});
