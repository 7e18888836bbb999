/** Members and invitations (paginated), roles, and the writes an administrator makes to them. */
import { useMutation, usePaginatedQuery, useQuery } from "convex/react";
import { api } from "@/lib/api";
import { toId, toOptionalId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type MemberRole = {
  assignmentId: string;
  roleId: string;
  name: string;
  expires_at?: number;
  expired: boolean;
  scope_department_id?: string;
  scope_team_id?: string;
};
export type Member = {
  _id: string;
  name: string;
  email: string;
  status: "invited" | "active" | "suspended";
  lecturer_profile_id?: string;
  last_seen_at?: number;
  roles: MemberRole[];
};
export type Role = { _id: string; name: string; description?: string; permissions: string[]; is_system: boolean };

export function usePeople() {
  const { organisationId } = useWorkspace();
  const { results, status, loadMore } = usePaginatedQuery(api.people.users.list, { organisationId }, { initialNumItems: 100 });
  const roles = useQuery(api.people.roles.all, { organisationId }) as Role[] | undefined;
  const invite = useMutation(api.people.users.invite);
  const update = useMutation(api.people.users.update);
  const grant = useMutation(api.people.assignments.grant);
  const revoke = useMutation(api.people.assignments.revoke);
  return {
    members: status === "LoadingFirstPage" ? undefined : (results as Member[]),
    canLoadMore: status === "CanLoadMore",
    loadMore: () => loadMore(100),
    roles,
    invite: (v: { email: string; name: string; roleId: string }) => invite({ organisationId, ...v, roleId: toId<"roles">(v.roleId) }),
    setStatus: (id: string, s: "active" | "suspended") => update({ organisationId, id: toId<"users">(id), status: s }),
    grant: (v: { userId: string; roleId: string; scopeDepartmentId?: string; scopeTeamId?: string }) => grant({
        organisationId,
        userId: toId<"users">(v.userId),
        roleId: toId<"roles">(v.roleId),
        scopeDepartmentId: toOptionalId<"departments">(v.scopeDepartmentId),
        scopeTeamId: toOptionalId<"teams">(v.scopeTeamId),
      }),
    revoke: (assignmentId: string) => revoke({ organisationId, id: toId<"user_role_assignments">(assignmentId) }),
  };
}
