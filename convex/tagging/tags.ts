/** Tags of the organisation and attaching them to any entity (polymorphic `taggables`). */
import { v } from "convex/values";
import { doc } from "convex-helpers/validators";
import schema from "../schema";
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery } from "../lib/functions";
import { requireName } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "tags",
  label: "tag",
  view: "structure.view",
  edit: "reference.edit",
  fields: columns("tags", ["name", "colour"]),
  sortBy: "name",
  dependents: [{ table: "taggables", index: "by_tag_id", field: "tag_id", label: "tagged items" }],
  validate: async (_ctx, value) => {
    requireName(value.name, "tag");
    if (!/^#[0-9a-fA-F]{6}$/.test(value.colour)) throw appError("INVALID_ARGUMENT", "A tag colour is a hex colour like #2563eb.");
  },
});

/** Entity types that can carry tags; the permission to tag one is the permission to edit it. */
const TAGGABLE = {
  lecturer_profiles: "lecturers.edit",
  modules: "modules.edit",
  module_iterations: "modules.edit",
  courses: "modules.edit",
} as const;
const vTaggable = v.union(...Object.keys(TAGGABLE).map((k) => v.literal(k))) as any;

export const forEntity = orgQuery({
  permission: "structure.view",
  args: { entityType: vTaggable, entityId: v.string() },
  returns: v.array(v.object({ linkId: v.id("taggables"), ...doc(schema, "tags").fields })),
  handler: async (ctx, { entityType, entityId }) => {
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
    const entityType = args.entityType as keyof typeof TAGGABLE;
    ctx.access.require(TAGGABLE[entityType]);
    await getOrThrow(ctx.db, args.tagId, "tag");
    const entity = await ctx.db.get(ctx.db.normalizeId(entityType, args.entityId)! as any);
    if (!entity) throw appError("NOT_FOUND", "The item to tag does not exist.");
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
    const link = await getOrThrow(ctx.db, linkId, "tag link");
    ctx.access.require(TAGGABLE[link.entity_type as keyof typeof TAGGABLE] ?? "reference.edit");
    await ctx.db.patch(linkId, { deleted_at: ctx.now, updated_at: ctx.now });
    return null;
  },
});
