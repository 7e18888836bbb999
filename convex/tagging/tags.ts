/**
 * Tags of the organisation and attaching them to records (polymorphic
 * `taggables`). Tagging a record follows the right to change it, and seeing
 * its tags the right to see it (lib/scope.ts, kind "attachment").
 */
import { v } from "convex/values";
import { doc } from "convex-helpers/validators";
import schema from "../schema";
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import type { TableNames } from "../_generated/dataModel";
import { getByStringId, getOrThrow, requireCanChange } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery } from "../lib/functions";
import { requireName } from "../lib/validation";
import { TABLE_SCOPES, TAGGABLE_TABLES } from "../lib/scope";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "tags",
  label: "tag",
  view: "structure.view",
  fields: columns("tags", ["name", "colour"]),
  sortBy: "name",
  validate: async (_ctx, value) => {
    requireName(value.name, "tag");
    if (!/^#[0-9a-fA-F]{6}$/.test(value.colour)) throw appError("INVALID_ARGUMENT", "A tag colour is a hex colour like #2563eb.");
  },
});

const vTaggable = v.union(...TAGGABLE_TABLES.map((k) => v.literal(k)));

export const forEntity = orgQuery({
  permission: "structure.view",
  args: { entityType: vTaggable, entityId: v.string() },
  returns: v.array(v.object({ linkId: v.id("taggables"), ...doc(schema, "tags").fields })),
  handler: async (ctx, { entityType, entityId }) => {
    await getByStringId(ctx.db, entityType as TableNames, entityId, TABLE_SCOPES[entityType as TableNames].label);
    const links = await ctx.db
      .query("taggables")
      .withIndex("by_entity_type_and_entity_id", (q) => q.eq("entity_type", entityType).eq("entity_id", entityId))
      .collect();
    const tags = [];
    for (const l of links) {
      const tag = await ctx.db.get(l.tag_id);
      if (tag) tags.push({ linkId: l._id, ...tag });
    }
    return tags;
  },
});

export const attach = orgMutation({
  permission: null,
  args: { tagId: v.id("tags"), entityType: vTaggable, entityId: v.string() },
  returns: v.id("taggables"),
  handler: async (ctx, args) => {
    const entityType = args.entityType;
    await getOrThrow(ctx.db, args.tagId, "tag");
    const entity = await getByStringId(ctx.db, entityType as TableNames, args.entityId, TABLE_SCOPES[entityType as TableNames].label);
    // Tagging is changing the record: refused to whoever may not, even when the tag is already there.
    await requireCanChange(ctx.db, entityType as TableNames, entity);
    const existing = await ctx.db
      .query("taggables")
      .withIndex("by_entity_type_and_entity_id", (q) => q.eq("entity_type", entityType).eq("entity_id", args.entityId))
      .collect();
    const same = existing.find((l) => l.tag_id === args.tagId);
    if (same) return same._id;
    return await ctx.db.insert("taggables", {
      organisation_id: ctx.organisationId,
      tag_id: args.tagId,
      entity_type: entityType,
      entity_id: args.entityId,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
  },
});

export const detach = orgMutation({
  permission: null,
  args: { linkId: v.id("taggables") },
  returns: v.null(),
  handler: async (ctx, { linkId }) => {
    await getOrThrow(ctx.db, linkId, "tag link");
    await ctx.db.patch(linkId, { deleted_at: ctx.now, updated_at: ctx.now });
    return null;
  },
});
