/**
 * A team's figures in the dashboard's team table: every lecturer of the team
 * with a totals row counts (planning this year or not), with their FTE,
 * contract, allocated and teaching hours, and whether their band is over or
 * under. Kept twice from the same contributions: on `team_summaries` (one row
 * per team and year, liveTotals.ts) and on the overview's cells
 * (overviewCells.ts), which the overview reads.
 */
import type { Doc } from "../_generated/dataModel";
import { cleanHours, isOverBand } from "../lib/workload";

type TotalsValue = Omit<Doc<"lecturer_year_totals">, "_id" | "_creationTime">;

/** What one lecturer adds to their team's figures. */
export function teamContribution(row: Pick<TotalsValue, "fte" | "contract_hours" | "allocated_hours" | "teaching_hours" | "band">) {
  return {
    lecturer_count: 1,
    total_fte: row.fte,
    total_contract_hours: row.contract_hours,
    total_allocated_hours: row.allocated_hours,
    total_teaching_hours: row.teaching_hours,
    over_count: isOverBand(row.band) ? 1 : 0,
    under_count: row.band === "under" ? 1 : 0,
  };
}

export type TeamFigures = ReturnType<typeof teamContribution>;

export function addTeamFigures(a: TeamFigures, b: TeamFigures, sign: 1 | -1): TeamFigures {
  return {
    lecturer_count: a.lecturer_count + sign * b.lecturer_count,
    total_fte: cleanHours(a.total_fte + sign * b.total_fte),
    total_contract_hours: cleanHours(a.total_contract_hours + sign * b.total_contract_hours),
    total_allocated_hours: cleanHours(a.total_allocated_hours + sign * b.total_allocated_hours),
    total_teaching_hours: cleanHours(a.total_teaching_hours + sign * b.total_teaching_hours),
    over_count: a.over_count + sign * b.over_count,
    under_count: a.under_count + sign * b.under_count,
  };
}

export const ZERO_TEAM: TeamFigures = {
  lecturer_count: 0,
  total_fte: 0,
  total_contract_hours: 0,
  total_allocated_hours: 0,
  total_teaching_hours: 0,
  over_count: 0,
  under_count: 0,
};

export function teamUtilisation(f: TeamFigures): number {
  return f.total_contract_hours > 0 ? f.total_allocated_hours / f.total_contract_hours : 0;
}
