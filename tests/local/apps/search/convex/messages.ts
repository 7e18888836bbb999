// Search test app: writers and the search queries under test.
import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import { mutation, query } from "./_generated/server";

export const send = mutation({
  args: { body: v.string(), channel: v.string(), pinned: v.optional(v.boolean()) },
  handler: async (ctx, { body, channel, pinned }) => await ctx.db.insert("messages", { body, channel, pinned: pinned ?? false }),
});

export const remove = mutation({
  args: { id: v.id("messages") },
  handler: async (ctx, { id }) => await ctx.db.delete(id),
});

/** Bodies of the best matches, optionally in one channel. */
export const search = query({
  args: { text: v.string(), channel: v.optional(v.string()), limit: v.optional(v.number()) },
  handler: async (ctx, { text, channel, limit }) =>
    (
      await ctx.db
        .query("messages")
        .withSearchIndex("search_body", (q) => (channel === undefined ? q.search("body", text) : q.search("body", text).eq("channel", channel)))
        .take(limit ?? 20)
    ).map((m) => m.body),
});

/** Search followed by an ordinary filter. */
export const searchPinned = query({
  args: { text: v.string() },
  handler: async (ctx, { text }) =>
    (
      await ctx.db
        .query("messages")
        .withSearchIndex("search_body", (q) => q.search("body", text))
        .filter((q) => q.eq(q.field("pinned"), true))
        .collect()
    ).map((m) => m.body),
});

export const searchPage = query({
  args: { text: v.string(), paginationOpts: paginationOptsValidator },
  handler: async (ctx, { text, paginationOpts }) => {
    const result = await ctx.db.query("messages").withSearchIndex("search_body", (q) => q.search("body", text)).paginate(paginationOpts);
    return { ...result, page: result.page.map((m) => m.body) };
  },
});

/** Filters on a field the index does not declare. */
export const searchByPinned = query({
  args: { text: v.string() },
  handler: async (ctx, { text }) =>
    await ctx.db
      .query("messages")
      .withSearchIndex("search_body", (q) => q.search("body", text).eq("pinned" as "channel", true as unknown as string))
      .collect(),
});
