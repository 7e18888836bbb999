/**
 * Reading the audit trail: the organisation's changes filtered by entity,
 * user and date, and one entity's history. Rows are written only by the
 * audit trigger (lib/audit.ts).
 */
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { doc } from "convex-helpers/validators";
import schema from "../schema";
import { v } from "convex/values";
import type { Id } from "../_generated/dataModel";
import { orgQuery } from "../lib/functions";

const vAuditRow = v.object({ ...doc(schema, "audit_logs").fields, user_name: v.string() });

export const list = orgQuery({
  permission: "audit.view",
  args: {
    paginationOpts: paginationOptsValidator,
    entityType: v.optional(v.string()),
    userId: v.optional(v.id("users")),
    from: v.optional(v.number()),
    to: v.optional(v.number()),
  },
  returns: paginationResultValidator(vAuditRow),
  handler: async (ctx, args) => {
    const page = await ctx.db
      .query("audit_logs")
      .withIndex("by_organisation_id_and_created_at", (q) => {
        const scoped = q.eq("organisation_id", ctx.organisationId);
        if (args.from !== undefined && args.to !== undefined) return scoped.gte("created_at", args.from).lte("created_at", args.to);
        if (args.from !== undefined) return scoped.gte("created_at", args.from);
        if (args.to !== undefined) return scoped.lte("created_at", args.to);
        return scoped;
      })
      .order("desc")
      .filter((q) => {
        const conditions = [];
        if (args.entityType) conditions.push(q.eq(q.field("entity_type"), args.entityType));
        if (args.userId) conditions.push(q.eq(q.field("user_id"), args.userId));
        return conditions.length ? q.and(...conditions) : true;
      })
      .paginate(args.paginationOpts);
    const names = new Map<string, string>();
    for (const row of page.page) {
      if (row.user_id && !names.has(row.user_id)) names.set(row.user_id, (await ctx.db.get(row.user_id))?.name ?? "Former member");
    }
    return { ...page, page: page.page.map((r) => ({ ...r, user_name: r.user_id ? names.get(r.user_id)! : "System" })) };
  },
});

/** One entity's history, oldest first, for the old -> new diff view. */
export const history = orgQuery({
  permission: null,
  args: { entityType: v.string(), entityId: v.string() },
  returns: v.array(vAuditRow),
  handler: async (ctx, { entityType, entityId }) => {
    // Lecturers may see the history of their own allocations; everything else needs audit.view.
    if (!ctx.access.has("audit.view")) {
      ctx.access.require("allocations.view_own");
      const allocation = entityType === "module_allocations" ? await ctx.db.get(entityId as Id<"module_allocations">) : null;
      const lecturer = allocation ? await ctx.db.get(allocation.lecturer_id) : null;
      if (!lecturer || lecturer.profile_id !== ctx.viewer.lecturer_profile_id) ctx.access.require("audit.view");
    }
    const rows = await ctx.db
      .query("audit_logs")
      .withIndex("by_entity_type_and_entity_id", (q) => q.eq("entity_type", entityType).eq("entity_id", entityId))
      .take(500);
    const out = [];
    for (const r of rows) {
      out.push({ ...r, user_name: r.user_id ? (await ctx.db.get(r.user_id))?.name ?? "Former member" : "System" });
    }
    return out;
  },
});
