/** One entity's audit history in words, newest first (any audited table). */
import { useQuery } from "convex/react";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { AuditEntry } from "./useListAuditLogs";

export function useGetEntityHistory(entityType: string, entityId: string | null): AuditEntry[] | undefined {
  const { organisationId } = useWorkspace();
  const rows = useQuery(api.audit.logs.history, entityId ? { organisationId, entityType, entityId } : "skip");
  return useMemo(() => rows && [...rows].sort((a, b) => b.created_at - a.created_at), [rows]);
}
