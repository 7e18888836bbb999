/**
 * The dashboard overview in one shape, whatever spelling the server uses
 * (snake or camel case) and whichever parts it precomputes: missing parts
 * (histogram, top over/under) are derived from the per-lecturer rows with
 * the same engine functions the server uses.
 */
import { utilisationHistogram, type HistogramBucket } from "@convex/lib/workload/distribution";
import type { LecturerTotalsRow } from "@/features/workload/hooks/useListLecturerTotals";

export type TeamSummary = {
  team_id: string;
  team_name: string;
  department_id?: string;
  lecturer_count: number;
  total_fte: number;
  total_contract_hours: number;
  total_allocated_hours: number;
  total_teaching_hours: number;
  over_count: number;
  under_count: number;
  utilisation: number;
};

export type CoverageGap = {
  iteration_id: string;
  iteration_code: string;
  module_title: string;
  detail: string;
  status: "under" | "over" | "unallocated";
};

export type Overview = {
  lecturers: LecturerTotalsRow[];
  histogram: HistogramBucket[];
  over: LecturerTotalsRow[];
  under: LecturerTotalsRow[];
  teams: TeamSummary[];
  gaps: CoverageGap[];
  totals: {
    lecturerCount: number;
    contractHours: number;
    allocatedHours: number;
    utilisation: number;
    overCount: number;
    underCount: number;
  };
};

type Raw = Record<string, unknown>;
const pick = <T>(raw: Raw, ...names: string[]): T | undefined => {
  for (const n of names) if (raw[n] !== undefined) return raw[n] as T;
  return undefined;
};

function gapOf(g: Raw): CoverageGap {
  const gaps = (g.gaps as Raw[] | undefined) ?? [];
  const unallocated = g.unallocated === true || g.status === "unallocated";
  const detail =
    (g.detail as string | undefined) ??
    (g.message as string | undefined) ??
    (unallocated
      ? "No lecturer allocated"
      : gaps.length
        ? gaps
            .slice(0, 3)
            .map(
              (x) =>
                `${x.allocation_type_name ?? x.allocation_type_code}${x.group_name ? ` ${x.group_name}` : ""} ${Math.round(Number(x.covered_percent))}%`,
            )
            .join(", ")
        : ((g.groups_without_lecturer as { name: string }[] | undefined) ?? []).length
          ? `No lecturer for ${((g.groups_without_lecturer as { name: string }[]) ?? []).map((x) => x.name).join(", ")}`
          : "Incomplete");
  const status = unallocated
    ? "unallocated"
    : ((g.status as "under" | "over" | undefined) ?? (gaps.some((x) => x.status === "over") ? "over" : "under"));
  return {
    iteration_id: String(g.iteration_id ?? g.iterationId ?? g.id ?? ""),
    iteration_code: String(g.iteration_code ?? g.iterationCode ?? g.code ?? ""),
    module_title: String(g.module_title ?? g.moduleTitle ?? ""),
    detail,
    status,
  };
}

export function normaliseOverview(raw: Raw): Overview {
  const lecturers = pick<LecturerTotalsRow[]>(raw, "lecturers", "lecturer_totals", "rows") ?? [];
  const byUtil = [...lecturers].sort((a, b) => b.utilisation - a.utilisation);
  const over =
    pick<LecturerTotalsRow[]>(raw, "top_over", "topOver", "over") ??
    byUtil.filter((l) => l.band === "over" || l.band === "critical").slice(0, 10);
  const under =
    pick<LecturerTotalsRow[]>(raw, "top_under", "topUnder", "under") ??
    [...byUtil]
      .reverse()
      .filter((l) => l.band === "under")
      .slice(0, 10);
  const histogram = pick<HistogramBucket[]>(raw, "histogram", "distribution") ?? utilisationHistogram(lecturers.map((l) => l.utilisation));
  const teams = pick<TeamSummary[]>(raw, "teams", "team_summaries", "teamSummaries") ?? [];
  const gaps = (pick<Raw[]>(raw, "coverage_gaps", "coverageGaps", "gaps") ?? []).map(gapOf);
  const s = pick<Raw>(raw, "summary", "totals") ?? raw;
  const bandCount = (...bands: string[]) => {
    const counts = raw.band_counts as { band: string; count: number }[] | undefined;
    return counts ? counts.filter((c) => bands.includes(c.band)).reduce((x, c) => x + c.count, 0) : undefined;
  };
  const contractHours = Number(s.total_contract_hours ?? s.contract_hours ?? lecturers.reduce((x, l) => x + l.contract_hours, 0));
  const allocatedHours = Number(s.total_allocated_hours ?? s.allocated_hours ?? lecturers.reduce((x, l) => x + l.allocated_hours, 0));
  return {
    lecturers,
    histogram,
    over,
    under,
    teams,
    gaps,
    totals: {
      lecturerCount: Number(s.lecturer_count ?? s.lecturerCount ?? lecturers.length),
      contractHours,
      allocatedHours,
      utilisation: Number(s.utilisation ?? (contractHours > 0 ? allocatedHours / contractHours : 0)),
      overCount: Number(
        s.over_count ??
          s.overCount ??
          bandCount("over", "critical") ??
          lecturers.filter((l) => l.band === "over" || l.band === "critical").length,
      ),
      underCount: Number(s.under_count ?? s.underCount ?? bandCount("under") ?? lecturers.filter((l) => l.band === "under").length),
    },
  };
}
