/**
 * Resolving the caller and what they may do. The caller is whoever `ctx.auth`
 * says, matched to their `users` row in the requested organisation; their
 * permissions are the union of their unexpired role assignments, each either
 * organisation-wide or scoped to one department or team.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { appError } from "./errors";
import { ALL_PERMISSIONS, isPermission, PERMISSIONS, type Permission } from "./permissions";

/** Where a permission applies: everywhere, or within listed departments/teams. */
export type Grant = { all: boolean; departments: Set<string>; teams: Set<string> };

/** The row a check is about, by its place in the structure. */
export type ScopeTarget = { department_id?: Id<"departments"> | null; team_id?: Id<"teams"> | null };

export class Access {
  constructor(private readonly grants: Map<Permission, Grant>) {}

  /** Every permission everywhere: the system actor (crons, system jobs). */
  static unrestricted(): Access {
    const grants = new Map<Permission, Grant>();
    for (const p of ALL_PERMISSIONS) grants.set(p, { all: true, departments: new Set(), teams: new Set() });
    return new Access(grants);
  }

  /** True if the caller holds `permission` for `target`, or anywhere when no target is given. */
  has(permission: Permission, target?: ScopeTarget): boolean {
    const grant = this.grants.get(permission);
    if (!grant) return false;
    if (grant.all || !target) return true;
    return (
      (!!target.department_id && grant.departments.has(target.department_id)) ||
      (!!target.team_id && grant.teams.has(target.team_id))
    );
  }

  /** Throws FORBIDDEN with the permission's description when `has` is false. */
  require(permission: Permission, target?: ScopeTarget): void {
    if (!this.has(permission, target)) {
      throw appError("FORBIDDEN", `You do not have permission to ${PERMISSIONS[permission].toLowerCase()}.`, {
        permission,
      });
    }
  }

  /** For lists: null when unrestricted, else the departments and teams the caller may see. */
  scope(permission: Permission): { departments: Set<string>; teams: Set<string> } | null {
    const grant = this.grants.get(permission);
    if (!grant) return { departments: new Set(), teams: new Set() };
    return grant.all ? null : { departments: grant.departments, teams: grant.teams };
  }

  /** The caller's permissions, for the UI to hide what it may not do. */
  list(): { permission: Permission; all: boolean; departments: string[]; teams: string[] }[] {
    return [...this.grants.entries()].map(([permission, g]) => ({
      permission,
      all: g.all,
      departments: [...g.departments],
      teams: [...g.teams],
    }));
  }
}

/** The identity from `ctx.auth`, or UNAUTHENTICATED. */
export async function requireIdentity(ctx: Pick<QueryCtx, "auth">) {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) throw appError("UNAUTHENTICATED", "Please sign in to continue.");
  return identity;
}

/** The caller's active membership of `organisationId`, or FORBIDDEN (never another organisation's). */
export async function resolveMember(
  ctx: QueryCtx,
  organisationId: Id<"organisations">,
): Promise<{ viewer: Doc<"users">; organisation: Doc<"organisations"> }> {
  const identity = await requireIdentity(ctx);
  const memberships = await ctx.db
    .query("users")
    .withIndex("by_token_identifier", (q) => q.eq("token_identifier", identity.tokenIdentifier))
    .collect();
  const viewer = memberships.find(
    (m) => m.organisation_id === organisationId && m.deleted_at === undefined && m.status === "active",
  );
  const organisation = viewer ? await ctx.db.get(organisationId) : null;
  if (!viewer || !organisation || organisation.deleted_at !== undefined) {
    throw appError("FORBIDDEN", "You are not a member of this organisation.");
  }
  return { viewer, organisation };
}

/** Loads the caller's unexpired assignments and their roles into an Access. */
export async function loadAccess(ctx: Pick<QueryCtx, "db">, viewer: Doc<"users">, now: number): Promise<Access> {
  const assignments = await ctx.db
    .query("user_role_assignments")
    .withIndex("by_user_id", (q) => q.eq("user_id", viewer._id))
    .collect();
  const grants = new Map<Permission, Grant>();
  for (const a of assignments) {
    if (a.deleted_at !== undefined || a.organisation_id !== viewer.organisation_id) continue;
    if (a.expires_at !== undefined && a.expires_at <= now) continue;
    const role = await ctx.db.get(a.role_id);
    if (!role || role.deleted_at !== undefined) continue;
    for (const code of role.permissions) {
      if (!isPermission(code)) continue;
      const g = grants.get(code) ?? { all: false, departments: new Set<string>(), teams: new Set<string>() };
      if (a.scope_department_id) g.departments.add(a.scope_department_id);
      else if (a.scope_team_id) g.teams.add(a.scope_team_id);
      else g.all = true;
      grants.set(code, g);
    }
  }
  return new Access(grants);
}
