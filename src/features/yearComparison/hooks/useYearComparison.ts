/** The comparison of two years, per lecturer or per module, paged live (workload/yearComparison:compare). */
import { usePaginatedQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type ComparisonRow = FunctionReturnType<typeof api.workload.yearComparison.compare>["page"][number];
export type CompareBy = "lecturer" | "module";

/** Rows fetched per page; a module row reads its iterations and allocations. */
const PAGE_SIZE = 25;

export function useYearComparison(fromYearId: string | null, toYearId: string | null, by: CompareBy) {
  const { organisationId } = useWorkspace();
  const ready = fromYearId && toYearId && fromYearId !== toYearId;
  const { results, status, loadMore } = usePaginatedQuery(
    api.workload.yearComparison.compare,
    ready ? { organisationId, fromYearId: toId<"academic_years">(fromYearId), toYearId: toId<"academic_years">(toYearId), by } : "skip",
    { initialNumItems: PAGE_SIZE },
  );
  return { rows: results, status, loadMore: () => loadMore(PAGE_SIZE) };
}
