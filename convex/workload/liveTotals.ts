/**
 * Keeping `lecturer_year_totals` and `team_summaries` in step with every
 * write, so dashboards read one row per lecturer or team. An allocation
 * write applies its delta (old line out, new line in) to its lecturer's row;
 * a lecturer write recomputes that one lecturer from their allocations; each
 * totals write passes its own delta on to the team's summary (teamFigures.ts)
 * and to the dashboard overview's cell (overviewCells.ts). `verify.ts`
 * checks the rows against a recomputation from scratch.
 *
 * Called from triggers and jobs with the raw, trigger-wrapped writer.
 */
import type { GenericDatabaseReader, GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import {
  addLine,
  adminAllocationLine,
  computeLecturerTotals,
  effectiveHours,
  finishTotals,
  type AdminAllocationInput,
  type ContractBreakdown,
  type TotalsFigures,
  type TotalsLine,
} from "../lib/workload";
import { WorkloadLoader } from "./loader";
import { sameValue } from "./compare";
import { loadRank, moveOverviewCells } from "./overviewCells";
import { addTeamFigures, teamContribution, teamUtilisation, ZERO_TEAM, type TeamFigures } from "./teamFigures";

type Reader = GenericDatabaseReader<DataModel>;
type Writer = GenericDatabaseWriter<DataModel>;
type TotalsRow = Doc<"lecturer_year_totals">;
type TotalsValue = Omit<TotalsRow, "_id" | "_creationTime">;

export async function totalsRowOf(db: Reader, lecturerId: Id<"lecturers">): Promise<TotalsRow | null> {
  return await db.query("lecturer_year_totals").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturerId)).first();
}

/** A module allocation row as a totals line; null when it does not count (soft-deleted). */
export function moduleAllocationLine(row: Doc<"module_allocations"> | null): TotalsLine | null {
  if (!row || row.deleted_at !== undefined) return null;
  return { hours: effectiveHours(row), work_category: row.work_category, semester_hours: row.semester_hours };
}

async function adminInput(db: Reader, row: Doc<"admin_allocations">): Promise<AdminAllocationInput> {
  const category = await db.get(row.category_id);
  return {
    hours: row.hours,
    percent_of_contract: row.percent_of_contract,
    work_category: category?.work_category ?? "admin",
    semester: row.semester,
  };
}

/** Everything a lecturer's row should hold, recomputed from their allocations. */
export async function scratchLecturerTotals(
  db: Reader,
  lecturer: Doc<"lecturers">,
  loader = new WorkloadLoader(db),
): Promise<{ value: TotalsValue; contract: ContractBreakdown; figures: TotalsFigures }> {
  const [year, settings, profile, department, status] = await Promise.all([
    db.get(lecturer.academic_year_id),
    loader.settings(lecturer.academic_year_id),
    db.get(lecturer.profile_id),
    lecturer.department_id ? db.get(lecturer.department_id) : null,
    lecturer.status_id ? db.get(lecturer.status_id) : null,
  ]);
  const allocations = await db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect();
  const admins = await db.query("admin_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect();
  const adminAllocations: AdminAllocationInput[] = [];
  for (const a of admins) if (a.deleted_at === undefined) adminAllocations.push(await adminInput(db, a));
  const totals = computeLecturerTotals({
    lecturer: { ...lecturer, counts_towards_capacity: status?.counts_towards_capacity ?? true },
    year: year ?? { start_date: "", end_date: "" },
    settings,
    allocations: allocations.map(moduleAllocationLine).filter((l): l is TotalsLine => l !== null),
    adminAllocations,
  });
  const { contract, ...figures } = totals;
  const now = Date.now();
  return {
    contract,
    figures,
    value: {
      organisation_id: lecturer.organisation_id,
      academic_year_id: lecturer.academic_year_id,
      lecturer_id: lecturer._id,
      profile_id: lecturer.profile_id,
      full_name: profile?.full_name ?? "",
      faculty_id: department?.faculty_id,
      department_id: lecturer.department_id,
      team_id: lecturer.team_id,
      fte: lecturer.fte,
      contract_family: lecturer.contract_family,
      ...figures,
      created_at: now,
      updated_at: now,
    },
  };
}

/** Recomputes one lecturer's row from scratch; removes it when the lecturer is gone or soft-deleted. */
export async function refreshLecturerTotals(db: Writer, lecturerId: Id<"lecturers">, loader?: WorkloadLoader) {
  const lecturer = await db.get(lecturerId);
  const existing = await totalsRowOf(db, lecturerId);
  if (!lecturer || lecturer.deleted_at !== undefined) {
    if (existing) await removeTotals(db, existing);
    return;
  }
  const { value } = await scratchLecturerTotals(db, lecturer, loader);
  await writeTotals(db, existing, value);
}

/** A module allocation changed: its old line leaves its old lecturer, the new line joins its new one. */
export async function applyModuleAllocationChange(
  db: Writer,
  oldRow: Doc<"module_allocations"> | null,
  newRow: Doc<"module_allocations"> | null,
) {
  const before = moduleAllocationLine(oldRow);
  const after = moduleAllocationLine(newRow);
  // A write that moved nothing the totals count (a response, a note, a derived field) reads nothing.
  if (oldRow?.lecturer_id === newRow?.lecturer_id && sameValue(before, after)) return;
  await applyLineChanges(db, oldRow?.lecturer_id, async () => before, newRow?.lecturer_id, async () => after);
}

/** An admin allocation changed; a percentage of contract is priced at the row's current contract hours. */
export async function applyAdminAllocationChange(
  db: Writer,
  oldRow: Doc<"admin_allocations"> | null,
  newRow: Doc<"admin_allocations"> | null,
) {
  const lineOf = (row: Doc<"admin_allocations"> | null) => async (totals: TotalsRow, loader: WorkloadLoader) => {
    if (!row || row.deleted_at !== undefined) return null;
    const settings = await loader.settings(totals.academic_year_id);
    return adminAllocationLine(await adminInput(db, row), totals.contract_hours, settings);
  };
  await applyLineChanges(db, oldRow?.lecturer_id, lineOf(oldRow), newRow?.lecturer_id, lineOf(newRow));
}

type LineOf = (totals: TotalsRow, loader: WorkloadLoader) => Promise<TotalsLine | null>;

async function applyLineChanges(
  db: Writer,
  oldLecturer: Id<"lecturers"> | undefined,
  oldLine: LineOf,
  newLecturer: Id<"lecturers"> | undefined,
  newLine: LineOf,
) {
  if (oldLecturer && oldLecturer === newLecturer) {
    await applyDelta(db, oldLecturer, oldLine, newLine);
    return;
  }
  if (oldLecturer) await applyDelta(db, oldLecturer, oldLine, null);
  if (newLecturer) await applyDelta(db, newLecturer, null, newLine);
}

async function applyDelta(db: Writer, lecturerId: Id<"lecturers">, remove: LineOf | null, add: LineOf | null) {
  const row = await totalsRowOf(db, lecturerId);
  const loader = new WorkloadLoader(db);
  if (!row) {
    // Only rows written around the triggers lack totals; rebuild rather than guess.
    await refreshLecturerTotals(db, lecturerId, loader);
    return;
  }
  let sums = { category_hours: row.category_hours, semester_hours: row.semester_hours, allocation_count: row.allocation_count };
  const removed = remove ? await remove(row, loader) : null;
  const added = add ? await add(row, loader) : null;
  if (!removed && !added) return;
  if (removed) sums = addLine(sums, removed, -1);
  if (added) sums = addLine(sums, added, 1);
  const settings = await loader.settings(row.academic_year_id);
  const { _id, _creationTime, ...rest } = row;
  await writeTotals(db, row, { ...rest, ...finishTotals(sums, row, settings), updated_at: Date.now() });
}

const IGNORED = new Set(["_id", "_creationTime", "created_at", "updated_at"]);

function sameFigures(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (IGNORED.has(k)) continue;
    if (!sameValue(a[k], b[k])) return false;
  }
  return true;
}

async function writeTotals(db: Writer, existing: TotalsRow | null, figures: TotalsValue) {
  const value = { ...figures, load_rank: loadRank(figures) };
  if (existing) {
    if (sameFigures(existing, value)) return;
    await db.replace(existing._id, { ...value, created_at: existing.created_at });
  } else {
    await db.insert("lecturer_year_totals", value);
  }
  await moveOverviewCells(db, existing, value);
  if (existing?.team_id && existing.team_id === value.team_id && existing.academic_year_id === value.academic_year_id) {
    // The same team's summary moves once by the difference (one read, one write), not out and back in.
    await adjustTeam(db, value, 1, existing);
    return;
  }
  await adjustTeam(db, existing, -1);
  await adjustTeam(db, value, 1);
}

async function removeTotals(db: Writer, existing: TotalsRow) {
  await db.delete(existing._id);
  await moveOverviewCells(db, existing, null);
  await adjustTeam(db, existing, -1);
}

/** Adds (sign 1) or removes (-1) a lecturer's row from their team's summary; with `replacing`, swaps that row for `row`. */
async function adjustTeam(db: Writer, row: TotalsValue | null, sign: 1 | -1, replacing?: TotalsValue) {
  if (!row?.team_id) return;
  const teamId = row.team_id;
  const summary = await db
    .query("team_summaries")
    .withIndex("by_team_id_and_academic_year_id", (q) => q.eq("team_id", teamId).eq("academic_year_id", row.academic_year_id))
    .first();
  const before: TeamFigures = summary
    ? {
        lecturer_count: summary.lecturer_count,
        total_fte: summary.total_fte,
        total_contract_hours: summary.total_contract_hours,
        total_allocated_hours: summary.total_allocated_hours,
        total_teaching_hours: summary.total_teaching_hours,
        over_count: summary.over_count,
        under_count: summary.under_count,
      }
    : ZERO_TEAM;
  const after = addTeamFigures(
    replacing ? addTeamFigures(before, teamContribution(replacing), -1) : before,
    teamContribution(row),
    sign,
  );
  const now = Date.now();
  if (after.lecturer_count <= 0) {
    if (summary) await db.delete(summary._id);
    return;
  }
  if (summary) {
    await db.patch(summary._id, { ...after, utilisation: teamUtilisation(after), updated_at: now });
  } else {
    const team = await db.get(teamId);
    await db.insert("team_summaries", {
      organisation_id: row.organisation_id,
      academic_year_id: row.academic_year_id,
      team_id: teamId,
      department_id: team?.department_id,
      ...after,
      utilisation: teamUtilisation(after),
      created_at: now,
      updated_at: now,
    });
  }
}

