// System tables test app: `_storage` documents, read through ctx.db.system.
import { v } from "convex/values";
import { action, mutation, query } from "./_generated/server";

export const generateUploadUrl = mutation({
  args: {},
  handler: async (ctx) => await ctx.storage.generateUploadUrl(),
});

export const metadata = query({
  args: { storageId: v.id("_storage") },
  handler: async (ctx, { storageId }) => {
    const doc = await ctx.db.system.get(storageId);
    return doc === null ? null : { sha256: doc.sha256, size: doc.size, contentType: doc.contentType ?? null };
  },
});

export const count = query({
  args: {},
  handler: async (ctx) => (await ctx.db.system.query("_storage").collect()).length,
});

/** Stores text from an action, with a content type, and reads its metadata back. */
export const storeText = action({
  args: { text: v.string(), contentType: v.string() },
  handler: async (ctx, { text, contentType }) => {
    const storageId = await ctx.storage.store(new Blob([text], { type: contentType }));
    return { storageId, metadata: await ctx.storage.getMetadata(storageId) };
  },
});
