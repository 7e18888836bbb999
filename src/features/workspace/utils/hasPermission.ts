/**
 * Whether a permission list (from `people.users.me`) grants `permission`,
 * anywhere or — given a department or team — there. The server enforces the
 * same rule; the UI uses it only to hide what would be refused.
 */
import type { PermissionGrant } from "../components/WorkspaceContext";

export function hasPermission(
  grants: PermissionGrant[],
  permission: string,
  target?: { departmentId?: string | null; teamId?: string | null },
): boolean {
  const g = grants.find((x) => x.permission === permission);
  if (!g) return false;
  if (g.all || !target) return true;
  return (!!target.departmentId && g.departments.includes(target.departmentId)) || (!!target.teamId && g.teams.includes(target.teamId));
}
