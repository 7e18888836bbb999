/** The organisation's audit trail, newest first, paginated, with filters. */
import { usePaginatedQuery } from "convex/react";
import { api } from "@/lib/api";
import { toOptionalId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { AuditRow } from "../utils/diffAudit";

export type AuditFilters = { entityType?: string; userId?: string; from?: number; to?: number };

export function useListAuditLogs(filters: AuditFilters) {
  const { organisationId } = useWorkspace();
  const { results, status, loadMore } = usePaginatedQuery(
    api.audit.logs.list,
    { organisationId, ...filters, userId: toOptionalId<"users">(filters.userId) },
    { initialNumItems: 50 },
  );
  return { rows: results as AuditRow[], status, loadMore: () => loadMore(50) };
}
