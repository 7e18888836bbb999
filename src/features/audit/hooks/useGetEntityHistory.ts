/** One entity's audit history, newest first. */
import { useQuery } from "convex/react";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { AuditRow } from "../utils/diffAudit";

export function useGetEntityHistory(entityType: string, entityId: string | null): AuditRow[] | undefined {
  const { organisationId } = useWorkspace();
  const rows = useQuery(api.audit.logs.history, entityId ? { organisationId, entityType, entityId } : "skip") as AuditRow[] | undefined;
  return useMemo(() => rows && [...rows].sort((a, b) => b.created_at - a.created_at), [rows]);
}
