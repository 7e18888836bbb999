/** The organisation's audit trail in words, newest first, paginated, with filters. */
import { usePaginatedQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { toOptionalId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type AuditEntry = FunctionReturnType<typeof api.audit.logs.list>["page"][number];
export type AuditFilters = { entityType?: string; userId?: string; from?: number; to?: number };

export function useListAuditLogs(filters: AuditFilters) {
  const { organisationId } = useWorkspace();
  const { results, status, loadMore } = usePaginatedQuery(
    api.audit.logs.list,
    { organisationId, ...filters, userId: toOptionalId<"users">(filters.userId) },
    { initialNumItems: 50 },
  );
  return { rows: results, status, loadMore: () => loadMore(50) };
}
