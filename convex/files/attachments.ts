/**
 * File attachments in Convex storage: the client asks for an upload URL,
 * POSTs the file, then records it against a record with `save`. Reads give
 * a short-lived URL. Delete is soft; the blob stays until purged.
 *
 * Who may do what follows the record (lib/scope.ts, kind "attachment"): its
 * attachments are listed and opened by those who may see it, added and
 * removed by those who may change it. Only the record types of
 * ATTACHABLE_TABLES take attachments, and a stored file is accepted only
 * from this organisation (lib/storage.ts).
 */
import { v } from "convex/values";
import { doc } from "convex-helpers/validators";
import schema from "../schema";
import type { TableNames } from "../_generated/dataModel";
import { getByStringId, getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery } from "../lib/functions";
import { MAX_NAME_LENGTH } from "../lib/inputRanges";
import { ATTACHABLE_TABLES, TABLE_SCOPES } from "../lib/scope";

/** Largest attachment accepted (bytes): a spreadsheet or a PDF, not a video. */
const MAX_BYTES = 20 * 1024 * 1024;

const vEntityType = v.union(...ATTACHABLE_TABLES.map((t) => v.literal(t)));

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
    entityType: vEntityType,
    entityId: v.string(),
  },
  returns: v.id("file_attachments"),
  handler: async (ctx, args) => {
    const table = args.entityType as TableNames;
    // The record must exist and be visible; the layer then checks the caller may change it.
    await getByStringId(ctx.db, table, args.entityId, TABLE_SCOPES[table].label);
    const meta = await ctx.db.system.get(args.storageId);
    if (!meta) throw appError("NOT_FOUND", "The uploaded file was not found; upload it again.");
    if (meta.size > MAX_BYTES) {
      throw appError("INVALID_ARGUMENT", `Files can be at most ${MAX_BYTES / 1024 / 1024} MB.`);
    }
    const fileName = args.fileName.trim() || "file";
    if (fileName.length > MAX_NAME_LENGTH) throw appError("INVALID_ARGUMENT", `A file name is at most ${MAX_NAME_LENGTH} characters.`);
    return await ctx.db.insert("file_attachments", {
      organisation_id: ctx.organisationId,
      storage_id: args.storageId,
      file_name: fileName,
      content_type: (meta.contentType ?? args.contentType ?? "application/octet-stream").slice(0, 200),
      size: meta.size,
      entity_type: table,
      entity_id: args.entityId,
      uploaded_by: ctx.viewer._id,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
  },
});

export const forEntity = orgQuery({
  permission: null,
  args: { entityType: vEntityType, entityId: v.string() },
  returns: v.array(v.object({ ...doc(schema, "file_attachments").fields, url: v.union(v.string(), v.null()) })),
  handler: async (ctx, { entityType, entityId }) => {
    const table = entityType as TableNames;
    await getByStringId(ctx.db, table, entityId, TABLE_SCOPES[table].label);
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
  permission: null,
  args: { id: v.id("file_attachments") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    await getOrThrow(ctx.db, id, "attachment");
    await ctx.db.patch(id, { deleted_at: ctx.now, updated_at: ctx.now });
    return null;
  },
});
