/**
 * File attachments in Convex storage: the client asks for an upload URL,
 * POSTs the file, then records it against an entity with `save`. Reads give
 * a short-lived URL. Delete is soft; the blob stays until purged.
 */
import { v } from "convex/values";
import { doc } from "convex-helpers/validators";
import schema from "../schema";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery } from "../lib/functions";

/** Largest attachment accepted (bytes): a spreadsheet or a PDF, not a video. */
const MAX_BYTES = 20 * 1024 * 1024;

export const generateUploadUrl = orgMutation({
  permission: "files.upload",
  args: {},
  returns: v.string(),
  handler: async (ctx) => await ctx.storage.generateUploadUrl(),
});

export const save = orgMutation({
  permission: "files.upload",
  args: {
    storageId: v.id("_storage"),
    fileName: v.string(),
    /** What the browser reported; used when storage recorded no type. */
    contentType: v.optional(v.string()),
    entityType: v.string(),
    entityId: v.string(),
  },
  returns: v.id("file_attachments"),
  handler: async (ctx, args) => {
    const meta = await ctx.db.system.get(args.storageId);
    if (!meta) throw appError("NOT_FOUND", "The uploaded file was not found; upload it again.");
    if (meta.size > MAX_BYTES) {
      await ctx.storage.delete(args.storageId);
      throw appError("INVALID_ARGUMENT", `Files can be at most ${MAX_BYTES / 1024 / 1024} MB.`);
    }
    const table = args.entityType as any;
    const normalised = ctx.db.normalizeId(table, args.entityId);
    if (!normalised || !(await ctx.db.get(normalised))) {
      throw appError("NOT_FOUND", "The item to attach the file to does not exist.");
    }
    return await ctx.db.insert("file_attachments", {
      organisation_id: ctx.organisationId,
      storage_id: args.storageId,
      file_name: args.fileName.trim() || "file",
      content_type: meta.contentType ?? args.contentType ?? "application/octet-stream",
      size: meta.size,
      entity_type: args.entityType,
      entity_id: args.entityId,
      uploaded_by: ctx.viewer._id,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
  },
});

export const forEntity = orgQuery({
  permission: "structure.view",
  args: { entityType: v.string(), entityId: v.string() },
  returns: v.array(v.object({ ...doc(schema, "file_attachments").fields, url: v.union(v.string(), v.null()) })),
  handler: async (ctx, { entityType, entityId }) => {
    const rows = await ctx.db
      .query("file_attachments")
      .withIndex("by_entity_type_and_entity_id", (q) => q.eq("entity_type", entityType).eq("entity_id", entityId))
      .collect();
    const out = [];
    for (const r of rows) out.push({ ...r, url: await ctx.storage.getUrl(r.storage_id) });
    return out;
  },
});

export const remove = orgMutation({
  permission: "files.upload",
  args: { id: v.id("file_attachments") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    await getOrThrow(ctx.db, id, "attachment");
    await ctx.db.patch(id, { deleted_at: ctx.now, updated_at: ctx.now });
    return null;
  },
});
