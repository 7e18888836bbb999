/**
 * The dashboard's view of the server's overview and coverage gaps, typed from
 * the API (a renamed server field fails the build): headline figures, the
 * lists, and each gap in one line ("contact Group B 50%").
 */
import type { FunctionReturnType } from "convex/server";
import type { api } from "@/lib/api";

type OverviewResult = FunctionReturnType<typeof api.workload.dashboard.overview>;
type GapsResult = FunctionReturnType<typeof api.workload.dashboard.coverageGaps>;

export type TeamSummary = OverviewResult["team_summaries"][number];
export type CoverageGap = { iteration_id: string; iteration_code: string; module_title: string; detail: string; status: "under" | "over" | "unallocated" };

export type Overview = {
  histogram: OverviewResult["histogram"];
  over: OverviewResult["top_over"];
  under: OverviewResult["top_under"];
  teams: TeamSummary[];
  gaps: CoverageGap[];
  totals: { lecturerCount: number; contractHours: number; allocatedHours: number; utilisation: number; overCount: number; underCount: number };
};

function gapOf(g: GapsResult[number]): CoverageGap {
  const detail = g.unallocated
    ? "No lecturer allocated"
    : g.gaps.length
      ? g.gaps
          .slice(0, 3)
          .map((x) => `${x.allocation_type_code.replace(/_/g, " ")}${x.group_name ? ` ${x.group_name}` : ""} ${Math.round(x.covered_percent)}%`)
          .join(", ")
      : `No lecturer for ${g.groups_without_lecturer.map((x) => x.name).join(", ")}`;
  const status = g.unallocated ? "unallocated" : g.gaps.some((x) => x.status === "over") ? "over" : "under";
  return { iteration_id: g.iteration_id, iteration_code: g.iteration_code, module_title: g.module_title, detail, status };
}

export function buildOverview(o: OverviewResult, gaps: GapsResult): Overview {
  const count = (...bands: string[]) => o.band_counts.filter((c) => bands.includes(c.band)).reduce((s, c) => s + c.count, 0);
  return {
    histogram: o.histogram,
    over: o.top_over,
    under: o.top_under,
    teams: o.team_summaries,
    gaps: gaps.map(gapOf),
    totals: {
      lecturerCount: o.lecturer_count,
      contractHours: o.total_contract_hours,
      allocatedHours: o.total_allocated_hours,
      utilisation: o.utilisation,
      overCount: count("over", "critical"),
      underCount: count("under"),
    },
  };
}
