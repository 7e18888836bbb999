// Node actions test app: the queries, mutations and (V8) action the Node
// actions call back into.
import { v } from "convex/values";
import { action, internalMutation, mutation, query } from "./_generated/server";

export const count = query({
  args: {},
  handler: async (ctx) => (await ctx.db.query("items").collect()).length,
});

export const list = query({
  args: {},
  handler: async (ctx) => (await ctx.db.query("items").collect()).map((i) => ({ n: i.n, by: i.by })),
});

export const add = mutation({
  args: { n: v.number(), by: v.string() },
  handler: async (ctx, args) => await ctx.db.insert("items", args),
});

export const addLater = internalMutation({
  args: { n: v.number() },
  handler: async (ctx, { n }) => {
    await ctx.db.insert("items", { n, by: "scheduler" });
  },
});

export const double = action({
  args: { n: v.number() },
  handler: async (_ctx, { n }) => n * 2,
});
