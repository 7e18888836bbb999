/** The caller in one organisation: user row, organisation, permissions, own lecturer profile. */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import type { PermissionGrant } from "../components/WorkspaceContext";

export type Me = {
  user: { _id: string; name: string; email: string };
  organisation: { _id: string; name: string; code?: string };
  permissions: PermissionGrant[];
  lecturerProfileId?: string | null;
};

export function useGetMe(organisationId: string | null): Me | undefined {
  return useQuery(api.people.users.me, organisationId ? { organisationId } : "skip") as Me | undefined;
}
