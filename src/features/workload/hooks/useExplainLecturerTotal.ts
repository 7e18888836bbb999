/** A lecturer-year's total explained: contract, every counted line, sums, band (live). */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type TotalsLine = {
  kind: "module" | "admin" | "allowance";
  id?: string;
  label: string;
  work_category: string;
  hours: number;
  share?: number;
  rule?: string;
  override_reason?: string;
};
export type LecturerTotalExplanation = {
  lecturer: { id: string; name: string; fte: number; contract_family: string };
  contract: {
    fte: number;
    standard_fte_hours: number;
    year_fraction: number;
    adjustment_hours: number;
    adjustment_reason?: string;
    contract_hours: number;
    family_label: string;
    max_teaching_ratio: number;
    max_teaching_hours: number;
    research_allowance_hours: number;
  };
  lines: TotalsLine[];
  category_hours: Record<string, number>;
  semester_hours: { S1: number; S2: number; S3: number };
  allocated_hours: number;
  teaching_hours: number;
  max_teaching_hours: number;
  capacity_hours: number;
  utilisation: number;
  band: string;
  allocation_count: number;
  stored_matches: boolean;
};

export function useExplainLecturerTotal(lecturerId: string | null): LecturerTotalExplanation | undefined {
  const { organisationId } = useWorkspace();
  return useQuery(api.workload.explain.explainLecturerTotal, lecturerId ? { organisationId, lecturerId: toId<"lecturers">(lecturerId) } : "skip") as
    LecturerTotalExplanation | undefined;
}
