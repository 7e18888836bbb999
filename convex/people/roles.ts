/**
 * RBAC roles: a name and a set of permission codenames. Roles are
 * organisation-level (changed only with an organisation-wide `roles.manage`,
 * lib/scope.ts), and nobody escalates through them: a role gains only
 * permissions its editor holds organisation-wide, nobody edits a role they
 * hold, and the built-in roles stay built in; the built-in Admin role keeps
 * its name and every permission and cannot be deleted, so an organisation can
 * never lock itself out.
 */
import { v } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { appError } from "../lib/errors";
import { orgQuery, type OrgMutationCtx } from "../lib/functions";
import { ALL_PERMISSIONS, isPermission, PERMISSIONS } from "../lib/permissions";
import { requireName } from "../lib/validation";

/** Refuses changing a role the caller holds (an unexpired assignment of it). */
async function refuseOwnRole(ctx: OrgMutationCtx, role: Doc<"roles">) {
  const mine = await ctx.db.query("user_role_assignments").withIndex("by_user_id", (q) => q.eq("user_id", ctx.viewer._id)).collect();
  if (mine.some((a) => a.role_id === role._id && (a.expires_at === undefined || a.expires_at > ctx.now))) {
    throw appError("FORBIDDEN", `You hold the role "${role.name}", so you cannot change it; ask another administrator.`);
  }
}

export const { list, all, get, create, update, remove, restore } = crud({
  table: "roles",
  label: "role",
  view: "users.manage",
  fields: columns("roles", ["name", "description", "permissions"]),
  defaults: { is_system: false },
  sortBy: "name",
  validate: async (ctx, value, existing) => {
    requireName(value.name, "role");
    const permissions = value.permissions as string[];
    const unknown = permissions.filter((p) => !isPermission(p));
    if (unknown.length) throw appError("INVALID_ARGUMENT", `Unknown permission: ${unknown.join(", ").slice(0, 200)}.`);
    if (existing) await refuseOwnRole(ctx, existing);
    if (existing?.is_system && existing.name === "Admin") {
      const missing = ALL_PERMISSIONS.filter((p) => !permissions.includes(p));
      if (missing.length || value.name !== "Admin") {
        throw appError("INVALID_ARGUMENT", "The Admin role keeps its name and every permission.");
      }
    }
    const added = permissions.filter((p) => isPermission(p) && !(existing?.permissions ?? []).includes(p));
    const beyond = added.filter((p) => isPermission(p) && !ctx.access.hasEverywhere(p));
    if (beyond.length) {
      throw appError(
        "FORBIDDEN",
        `You cannot give a role what you do not hold organisation-wide: ${beyond.map((p) => PERMISSIONS[p as keyof typeof PERMISSIONS].toLowerCase()).join("; ")}.`,
        { permissions: beyond },
      );
    }
    const clash = await ctx.db
      .query("roles")
      .withIndex("by_organisation_id_and_name", (q) => q.eq("organisation_id", ctx.organisationId).eq("name", value.name))
      .first();
    if (clash && clash._id !== existing?._id) throw appError("CONFLICT", `A role named "${value.name}" already exists.`);
  },
  beforeRemove: async (ctx, existing) => {
    if (existing.is_system && existing.name === "Admin") throw appError("FORBIDDEN", "The built-in Admin role cannot be deleted.");
    await refuseOwnRole(ctx, existing);
  },
});

/** Every permission codename with its description, for the roles editor. */
export const permissionCatalogue = orgQuery({
  permission: "users.manage",
  args: {},
  returns: v.array(v.object({ code: v.string(), description: v.string() })),
  handler: async () => Object.entries(PERMISSIONS).map(([code, description]) => ({ code, description })),
});
