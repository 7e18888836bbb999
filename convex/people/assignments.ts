/**
 * Granting and revoking roles. An assignment may expire (`expires_at`) and may
 * be scoped to one department or team, in which case its permissions apply
 * only to rows there. Revoking is a soft delete, so the trail keeps it.
 */
import { v } from "convex/values";
import { checkRef, getOrThrow, softDelete } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation } from "../lib/functions";

export const grant = orgMutation({
  permission: "users.manage",
  args: {
    userId: v.id("users"),
    roleId: v.id("roles"),
    scopeDepartmentId: v.optional(v.id("departments")),
    scopeTeamId: v.optional(v.id("teams")),
    expiresAt: v.optional(v.number()),
  },
  returns: v.id("user_role_assignments"),
  handler: async (ctx, args) => {
    await getOrThrow(ctx.db, args.userId, "user");
    await getOrThrow(ctx.db, args.roleId, "role");
    await checkRef(ctx.db, args.scopeDepartmentId, "department");
    await checkRef(ctx.db, args.scopeTeamId, "team");
    if (args.scopeDepartmentId && args.scopeTeamId) {
      throw appError("INVALID_ARGUMENT", "Scope a role to a department or to a team, not both.");
    }
    if (args.expiresAt !== undefined && args.expiresAt <= ctx.now) {
      throw appError("INVALID_ARGUMENT", "The expiry date must be in the future.");
    }
    return await ctx.db.insert("user_role_assignments", {
      organisation_id: ctx.organisationId,
      user_id: args.userId,
      role_id: args.roleId,
      scope_department_id: args.scopeDepartmentId,
      scope_team_id: args.scopeTeamId,
      expires_at: args.expiresAt,
      granted_by: ctx.viewer._id,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
  },
});

export const revoke = orgMutation({
  permission: "users.manage",
  args: { id: v.id("user_role_assignments") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    const assignment = await getOrThrow(ctx.db, id, "role assignment");
    const role = await ctx.db.get(assignment.role_id);
    if (assignment.user_id === ctx.viewer._id && role?.name === "Admin") {
      throw appError("INVALID_ARGUMENT", "You cannot revoke your own Admin role; ask another Admin.");
    }
    await softDelete(ctx.db, id, ctx.now);
    return null;
  },
});
