/** One report execution, live: its progress, then its files to download. */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function useExecution(reportId: string | null) {
  const { organisationId } = useWorkspace();
  return useQuery(api.reports.executions.get, reportId ? { organisationId, reportId: toId<"workload_reports">(reportId) } : "skip");
}
