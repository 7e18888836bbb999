/** Year rollovers: start one from a source year, and watch their progress (live). */
import { useMutation, useQuery } from "convex/react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type RolloverProgress = {
  id: string;
  name: string;
  status: "pending" | "processing" | "completed" | "failed";
  processed: number;
  total: number;
  percent: number;
  error?: string;
  startedAt: number;
  completedAt?: number;
};

export function useRollovers() {
  const { organisationId } = useWorkspace();
  const progress = useQuery(api.structure.rollover.progress, { organisationId }) as RolloverProgress[] | undefined;
  const start = useMutation(api.structure.rollover.start);
  return {
    progress,
    start: (v: { sourceYearId: string; name: string; start_date: string; end_date: string }) => start({ organisationId, ...v, sourceYearId: toId<"academic_years">(v.sourceYearId) }),
  };
}
