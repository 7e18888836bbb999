/** A lecturer-year's total explained: contract, every counted line, sums, band (live). */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type LecturerTotalExplanation = FunctionReturnType<typeof api.workload.explain.explainLecturerTotal>;
export type TotalsLine = LecturerTotalExplanation["lines"][number];

export function useExplainLecturerTotal(lecturerId: string | null): LecturerTotalExplanation | undefined {
  const { organisationId } = useWorkspace();
  return useQuery(api.workload.explain.explainLecturerTotal, lecturerId ? { organisationId, lecturerId: toId<"lecturers">(lecturerId) } : "skip");
}
