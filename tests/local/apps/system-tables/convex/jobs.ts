// System tables test app: scheduled mutations and actions whose
// `_scheduled_functions` documents the tests watch.
import { v } from "convex/values";
import { internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { internalAction, internalMutation, mutation, query } from "./_generated/server";

export const scheduleMutation = mutation({
  args: { label: v.string(), fail: v.boolean(), delayMs: v.number() },
  handler: async (ctx, args): Promise<Id<"_scheduled_functions">> => await ctx.scheduler.runAfter(args.delayMs, internal.jobs.work, { label: args.label, fail: args.fail }),
});

export const scheduleAction = mutation({
  args: { label: v.string(), ms: v.number(), delayMs: v.number() },
  handler: async (ctx, { label, ms, delayMs }): Promise<Id<"_scheduled_functions">> => await ctx.scheduler.runAfter(delayMs, internal.jobs.slowAction, { label, ms }),
});

export const cancel = mutation({
  args: { id: v.id("_scheduled_functions") },
  handler: async (ctx, { id }) => await ctx.scheduler.cancel(id),
});

/** A mutation that schedules a job and then fails: the job must not exist. */
export const scheduleThenFail = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.scheduler.runAfter(0, internal.jobs.work, { label: "never", fail: false });
    throw new Error("rolled back");
  },
});

/** Records, with its label, the state its own job has while it runs. */
export const work = internalMutation({
  args: { label: v.string(), fail: v.boolean() },
  handler: async (ctx, { label, fail }) => {
    if (fail) throw new Error(`work ${label} failed`);
    const own = (await ctx.db.system.query("_scheduled_functions").collect()).find(
      (j) => j.name === "jobs:work" && (j.args[0] as { label?: string }).label === label,
    );
    await ctx.db.insert("done", { label, ownState: own?.state.kind });
  },
});

export const slowAction = internalAction({
  args: { label: v.string(), ms: v.number() },
  handler: async (ctx, { label, ms }) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await ctx.runMutation(internal.jobs.work, { label, fail: false });
  },
});

export const jobs = query({
  args: {},
  handler: async (ctx) =>
    (await ctx.db.system.query("_scheduled_functions").collect()).map((j) => ({
      id: j._id,
      name: j.name,
      state: j.state,
      scheduledTime: j.scheduledTime,
      completedTime: j.completedTime ?? null,
    })),
});

export const done = query({
  args: {},
  handler: async (ctx) => (await ctx.db.query("done").collect()).map((d) => ({ label: d.label, ownState: d.ownState ?? null })),
});
