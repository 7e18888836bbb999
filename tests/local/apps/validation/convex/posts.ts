// Validation test app: functions whose validators clients get wrong on purpose.
import { v } from "convex/values";
import { api } from "./_generated/api";
import { action, mutation, query } from "./_generated/server";

export const addAuthor = mutation({
  args: { name: v.string() },
  returns: v.id("authors"),
  handler: async (ctx, { name }) => await ctx.db.insert("authors", { name }),
});

export const create = mutation({
  args: {
    title: v.string(),
    authorId: v.id("authors"),
    tags: v.array(v.string()),
    meta: v.optional(v.object({ pinned: v.boolean() })),
  },
  returns: v.id("posts"),
  handler: async (ctx, { title, authorId, tags }) => await ctx.db.insert("posts", { title, authorId, tags, status: "draft" }),
});

export const byStatus = query({
  args: { status: v.union(v.literal("draft"), v.literal("published")) },
  returns: v.array(v.string()),
  handler: async (ctx, { status }) => (await ctx.db.query("posts").collect()).filter((p) => p.status === status).map((p) => p.title),
});

export const count = query({
  args: {},
  returns: v.number(),
  handler: async (ctx) => (await ctx.db.query("posts").collect()).length,
});

/** Promises a number and returns a string. */
export const brokenReturn = query({
  args: {},
  returns: v.object({ count: v.number() }),
  handler: async () => ({ count: "three" }) as unknown as { count: number },
});

/** Calls a query with arguments its validator refuses, and does not catch. */
export const callsWithBadArgs = action({
  args: {},
  handler: async (ctx): Promise<string[]> =>
    await ctx.runQuery(api.posts.byStatus, { status: "archived" as "draft" }),
});
