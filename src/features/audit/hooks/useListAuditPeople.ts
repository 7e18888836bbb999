/** Members who can appear in the audit trail, for its person filter. */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type AuditPerson = FunctionReturnType<typeof api.audit.logs.people>[number];

export function useListAuditPeople(): AuditPerson[] | undefined {
  const { organisationId } = useWorkspace();
  return useQuery(api.audit.logs.people, { organisationId });
}
