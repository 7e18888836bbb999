// Loading test app: functions that use the schema (validation, an index)
// and a default-exported helper.
import { v } from "convex/values";
import { internalMutation, mutation, query } from "./_generated/server";
import greeting from "./lib/greeting";

export const add = mutation({
  args: { text: v.string(), source: v.string() },
  handler: async (ctx, args) => await ctx.db.insert("notes", args),
});

/** Writes a document the schema refuses (text must be a string). */
export const addInvalid = mutation({
  args: {},
  handler: async (ctx) => await ctx.db.insert("notes", { text: 42 as unknown as string, source: "bad" }),
});

export const bySource = query({
  args: { source: v.string() },
  handler: async (ctx, { source }) =>
    (await ctx.db.query("notes").withIndex("by_source", (q) => q.eq("source", source)).collect()).map((n) => n.text),
});

export const greet = query({
  args: { name: v.string() },
  handler: async (_ctx, { name }) => greeting(name),
});

export const tick = internalMutation({
  args: {},
  handler: async (ctx) => {
    await ctx.db.insert("notes", { text: "tick", source: "cron" });
  },
});
