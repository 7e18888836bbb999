/**
 * RBAC roles: a name and a set of permission codenames. The seeded roles are
 * editable like any other, except that the Admin role must keep every
 * permission so an organisation can never lock itself out.
 */
import { v } from "convex/values";
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { appError } from "../lib/errors";
import { ALL_PERMISSIONS, isPermission, PERMISSIONS } from "../lib/permissions";
import { orgQuery } from "../lib/functions";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "roles",
  label: "role",
  view: "users.manage",
  edit: "roles.manage",
  fields: columns("roles", ["name", "description", "permissions", "is_system"]),
  sortBy: "name",
  dependents: [{ table: "user_role_assignments", index: "by_role_id", field: "role_id", label: "role assignments" }],
  validate: async (ctx, value, existing) => {
    if (!value.name?.trim()) throw appError("INVALID_ARGUMENT", "A role needs a name.");
    const unknown = (value.permissions as string[]).filter((p) => !isPermission(p));
    if (unknown.length) throw appError("INVALID_ARGUMENT", `Unknown permission: ${unknown.join(", ")}.`);
    if (existing?.name === "Admin" && existing.is_system) {
      const missing = ALL_PERMISSIONS.filter((p) => !(value.permissions as string[]).includes(p));
      if (missing.length || value.name !== "Admin") {
        throw appError("INVALID_ARGUMENT", "The Admin role keeps its name and every permission.");
      }
    }
    const clash = await ctx.db
      .query("roles")
      .withIndex("by_organisation_id_and_name", (q) => q.eq("organisation_id", ctx.organisationId).eq("name", value.name))
      .first();
    if (clash && clash._id !== existing?._id) throw appError("CONFLICT", `A role named "${value.name}" already exists.`);
  },
});

/** Every permission codename with its description, for the roles editor. */
export const permissionCatalogue = orgQuery({
  permission: "users.manage",
  args: {},
  returns: v.array(v.object({ code: v.string(), description: v.string() })),
  handler: async () => Object.entries(PERMISSIONS).map(([code, description]) => ({ code, description })),
});
