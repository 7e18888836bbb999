/**
 * Whether a permission list (from `people.users.me`) grants `permission`:
 * anywhere; given a department or team, there; given "everywhere", with an
 * organisation-wide grant (what changing organisation-level objects needs:
 * rules, settings, structure, reference data, roles). The server enforces
 * the same rules (convex/lib/scope.ts); the UI uses this only to hide what
 * would be refused.
 */
import type { PermissionGrant } from "../components/WorkspaceContext";

export function hasPermission(
  grants: PermissionGrant[],
  permission: string,
  target?: { departmentId?: string | null; teamId?: string | null } | "everywhere",
): boolean {
  const g = grants.find((x) => x.permission === permission);
  if (!g) return false;
  if (target === "everywhere") return g.all;
  if (g.all || !target) return true;
  return (!!target.departmentId && g.departments.includes(target.departmentId)) || (!!target.teamId && g.teams.includes(target.teamId));
}
