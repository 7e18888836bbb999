/**
 * Granting and revoking roles. An assignment may expire (`expires_at`) and may
 * be scoped to one department or team, in which case its permissions apply
 * only to rows there; it sits where it is scoped, so a scoped manager of users
 * grants only within their scope (lib/scope.ts). Nobody grants beyond what
 * they hold: every permission of the role must be theirs at the same or a
 * wider scope. The layer keeps the organisation's last permanent Admin
 * (lib/scopedDb.ts). Revoking is a soft delete, so the trail keeps it.
 */
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { ScopeTarget } from "../lib/access";
import { getOrThrow, softDelete } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, type OrgMutationCtx } from "../lib/functions";
import { isPermission, PERMISSIONS } from "../lib/permissions";

/** Refuses granting `role` at `scope` unless the caller holds each of its permissions there (or wider). */
export async function requireGrantable(
  ctx: OrgMutationCtx,
  role: Doc<"roles">,
  scope: { departmentId?: Id<"departments">; teamId?: Id<"teams"> },
) {
  let target: ScopeTarget | null = null;
  if (scope.departmentId) target = { department_id: scope.departmentId };
  if (scope.teamId) {
    const team = await getOrThrow(ctx.db, scope.teamId, "team");
    target = { department_id: team.department_id, team_id: team._id };
  }
  const beyond = role.permissions.filter(
    (p) => isPermission(p) && !(target ? ctx.access.has(p, target) : ctx.access.hasEverywhere(p)),
  );
  if (beyond.length) {
    const where = target ? "there" : "organisation-wide";
    throw appError(
      "FORBIDDEN",
      `You cannot grant "${role.name}" ${target ? "with this scope" : "organisation-wide"}: it can ${beyond
        .map((p) => PERMISSIONS[p as keyof typeof PERMISSIONS].toLowerCase())
        .join("; ")}, which you do not hold ${where}.`,
      { permissions: beyond },
    );
  }
}

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
    const role = await getOrThrow(ctx.db, args.roleId, "role");
    if (args.scopeDepartmentId && args.scopeTeamId) {
      throw appError("INVALID_ARGUMENT", "Scope a role to a department or to a team, not both.");
    }
    if (args.expiresAt !== undefined && args.expiresAt <= ctx.now) {
      throw appError("INVALID_ARGUMENT", "The expiry date must be in the future.");
    }
    await requireGrantable(ctx, role, { departmentId: args.scopeDepartmentId, teamId: args.scopeTeamId });
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
