// An append-only journal: each writer appends numbered entries.
import { v } from "convex/values";
import { mutation, query } from "./_generated/server";

export const append = mutation({
  args: { writer: v.string(), seq: v.number(), payload: v.string() },
  handler: async (ctx, args) => await ctx.db.insert("journal", args),
});

export const entries = query({
  args: { writer: v.string() },
  handler: async (ctx, { writer }) =>
    (await ctx.db.query("journal").withIndex("by_writer_and_seq", (q) => q.eq("writer", writer)).collect()).map((e) => [e.seq, e._id]),
});

export const count = query({ args: {}, handler: async (ctx) => (await ctx.db.query("journal").collect()).length });
