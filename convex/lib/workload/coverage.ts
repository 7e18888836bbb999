/**
 * Coverage of an iteration's components. Each component (allocation type)
 * should be shared out to exactly 100% — per group for per-group components.
 * Anything else is a gap for planners to see, never an error: shares are
 * often agreed one lecturer at a time.
 */
import { cleanHours } from "./numbers";
import type { AllocationBasis } from "./types";

export type CoverageAllocation = {
  allocation_type_code: string;
  basis: AllocationBasis;
  group_id?: string | null;
  share: number;
};

export type ComponentCoverage = { allocation_type_code: string; group_id: string | null; covered_percent: number };

export type IterationCoverage = {
  components: ComponentCoverage[];
  /** Components whose shares are not 100%. */
  gaps: (ComponentCoverage & { status: "under" | "over" })[];
  /** Groups no per-group component covers at all. */
  groups_without_lecturer: string[];
  /** No allocation of any kind yet. */
  unallocated: boolean;
};

export function iterationCoverage(groups: readonly { id: string }[], allocations: readonly CoverageAllocation[]): IterationCoverage {
  const groupIds = new Set(groups.map((g) => g.id));
  const byType = new Map<string, CoverageAllocation[]>();
  for (const a of allocations) byType.set(a.allocation_type_code, [...(byType.get(a.allocation_type_code) ?? []), a]);

  const components: ComponentCoverage[] = [];
  const coveredGroups = new Set<string>();
  for (const [code, rows] of byType) {
    const perGroup = rows[0].basis === "group" && groups.length > 0;
    if (!perGroup) {
      components.push({ allocation_type_code: code, group_id: null, covered_percent: cleanHours(rows.reduce((s, r) => s + r.share, 0)) });
      continue;
    }
    const wholeShare = rows.filter((r) => !r.group_id || !groupIds.has(r.group_id)).reduce((s, r) => s + r.share, 0);
    for (const g of groups) {
      const own = rows.filter((r) => r.group_id === g.id).reduce((s, r) => s + r.share, 0);
      const covered = cleanHours(wholeShare + own);
      if (covered > 0) coveredGroups.add(g.id);
      components.push({ allocation_type_code: code, group_id: g.id, covered_percent: covered });
    }
  }
  return {
    components,
    gaps: components
      .filter((c) => c.covered_percent !== 100)
      .map((c) => ({ ...c, status: c.covered_percent < 100 ? ("under" as const) : ("over" as const) })),
    groups_without_lecturer: groups.map((g) => g.id).filter((id) => !coveredGroups.has(id)),
    unallocated: allocations.length === 0,
  };
}
