/**
 * Members and invitations (paginated), roles, link requests, and the writes
 * an administrator makes to them: invite (optionally naming the person's
 * lecturer record), link a member to a lecturer record, confirm or decline a
 * member's request to be linked, grant and revoke roles, suspend.
 */
import { useMutation, usePaginatedQuery, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { toId, toOptionalId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type Member = FunctionReturnType<typeof api.people.users.list>["page"][number];
export type MemberRole = Member["roles"][number];
export type Role = FunctionReturnType<typeof api.people.roles.all>[number];
export type LinkRequest = FunctionReturnType<typeof api.people.links.pending>[number];

export function usePeople() {
  const { organisationId } = useWorkspace();
  const { results, status, loadMore } = usePaginatedQuery(api.people.users.list, { organisationId }, { initialNumItems: 100 });
  const roles = useQuery(api.people.roles.all, { organisationId });
  const catalogue = useQuery(api.people.roles.permissionCatalogue, { organisationId });
  const linkRequests = useQuery(api.people.links.pending, { organisationId });
  const invite = useMutation(api.people.users.invite);
  const update = useMutation(api.people.users.update);
  const decide = useMutation(api.people.links.decide);
  const grant = useMutation(api.people.assignments.grant);
  const revoke = useMutation(api.people.assignments.revoke);
  return {
    members: status === "LoadingFirstPage" ? undefined : results,
    canLoadMore: status === "CanLoadMore",
    loadMore: () => loadMore(100),
    roles,
    catalogue,
    linkRequests,
    invite: (v: { email: string; name: string; roleId: string; lecturerProfileId?: string }) =>
      invite({
        organisationId,
        email: v.email,
        name: v.name,
        roleId: toId<"roles">(v.roleId),
        ...(v.lecturerProfileId ? { lecturerProfileId: toId<"lecturer_profiles">(v.lecturerProfileId) } : {}),
      }),
    setStatus: (id: string, s: "active" | "suspended") => update({ organisationId, id: toId<"users">(id), status: s }),
    /** null unlinks. */
    link: (id: string, lecturerProfileId: string | null) =>
      update({ organisationId, id: toId<"users">(id), lecturerProfileId: lecturerProfileId ? toId<"lecturer_profiles">(lecturerProfileId) : null }),
    decideLink: (userId: string, approve: boolean) => decide({ organisationId, userId: toId<"users">(userId), approve }),
    grant: (v: { userId: string; roleId: string; scopeDepartmentId?: string; scopeTeamId?: string }) =>
      grant({
        organisationId,
        userId: toId<"users">(v.userId),
        roleId: toId<"roles">(v.roleId),
        scopeDepartmentId: toOptionalId<"departments">(v.scopeDepartmentId),
        scopeTeamId: toOptionalId<"teams">(v.scopeTeamId),
      }),
    revoke: (assignmentId: string) => revoke({ organisationId, id: toId<"user_role_assignments">(assignmentId) }),
  };
}
