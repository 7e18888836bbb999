/** The kinds of row the audit trail can be filtered by, named as the server names them in its entries. */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type AuditKind = FunctionReturnType<typeof api.audit.logs.kinds>[number];

export function useListAuditKinds(): AuditKind[] | undefined {
  const { organisationId } = useWorkspace();
  return useQuery(api.audit.logs.kinds, { organisationId });
}
