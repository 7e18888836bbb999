/** Year rollovers: start one from a source year, and watch their progress (live). */
import { useMutation, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type RolloverProgress = FunctionReturnType<typeof api.structure.rollover.progress>[number];

export function useRollovers() {
  const { organisationId } = useWorkspace();
  const progress = useQuery(api.structure.rollover.progress, { organisationId });
  const start = useMutation(api.structure.rollover.start);
  return {
    progress,
    start: (v: { sourceYearId: string; name: string; start_date: string; end_date: string }) => start({ organisationId, ...v, sourceYearId: toId<"academic_years">(v.sourceYearId) }),
  };
}
