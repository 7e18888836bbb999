/** The caller in one organisation: user row, organisation, permissions, own lecturer profile. */
import { useQuery } from "convex/react";
import type { Id } from "@convex/_generated/dataModel";
import { api } from "@/lib/api";
import type { PermissionGrant } from "../components/WorkspaceContext";

export type Me = {
  user: { _id: Id<"users">; name: string; email: string };
  organisation: { _id: string; name: string; code?: string };
  permissions: PermissionGrant[];
  lecturerProfileId?: Id<"lecturer_profiles"> | null;
};

export function useGetMe(organisationId: Id<"organisations"> | null): Me | undefined {
  return useQuery(api.people.users.me, organisationId ? { organisationId } : "skip") as Me | undefined;
}
