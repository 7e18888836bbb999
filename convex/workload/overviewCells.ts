/**
 * The dashboard overview's aggregates, kept as the live totals are: each
 * write of a lecturer's totals row (liveTotals.ts `writeTotals`) moves that
 * lecturer's contribution between `overview_cells` rows, one per (year,
 * department, team), so the overview sums about one row per team instead of
 * reading every lecturer's totals, team summaries and team names. The bands
 * and buckets come from the engine (the row's own band, lib/workload
 * `histogramBucketIndex`); only lecturers who plan this year
 * (`plansThisYear`) count in the headline figures, as they always have,
 * while the team table counts every lecturer of the team (teamFigures.ts).
 * A cell carries its team's name and department, which `onTeamChange`
 * keeps. `rebuildDepartmentCells` recomputes one department's cells of a
 * year from its totals rows and teams, for the migration and for checks.
 *
 * Called with the raw, trigger-wrapped writer, like liveTotals.ts.
 */
import type { GenericDatabaseReader, GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { BANDS, cleanHours, histogramBucketCount, histogramBucketIndex, plansThisYear, type Band } from "../lib/workload";
import { sameValue } from "./compare";
import { addTeamFigures, teamContribution, ZERO_TEAM, type TeamFigures } from "./teamFigures";

type Reader = GenericDatabaseReader<DataModel>;
type Writer = GenericDatabaseWriter<DataModel>;
type TotalsValue = Omit<Doc<"lecturer_year_totals">, "_id" | "_creationTime">;
type CellRow = Doc<"overview_cells">;
type CellSource = Pick<
  TotalsValue,
  | "organisation_id"
  | "academic_year_id"
  | "department_id"
  | "team_id"
  | "fte"
  | "contract_hours"
  | "allocated_hours"
  | "teaching_hours"
  | "utilisation"
  | "band"
>;

export type CellFigures = {
  lecturer_count: number;
  total_contract_hours: number;
  total_allocated_hours: number;
  band_counts: Record<Band, number>;
  histogram: number[];
  /** Every lecturer of the cell, planning or not, as the team table counts them (nothing without a team). */
  team_figures: TeamFigures;
};

/** What a cell says about its team, kept from the team row. */
type TeamInfo = { team_name?: string; team_department_id?: Id<"departments"> };

function zeroCell(): CellFigures {
  return {
    lecturer_count: 0,
    total_contract_hours: 0,
    total_allocated_hours: 0,
    band_counts: { under: 0, healthy: 0, near: 0, over: 0, critical: 0 },
    histogram: new Array<number>(histogramBucketCount()).fill(0),
    team_figures: ZERO_TEAM,
  };
}

/** A cell is kept while anyone counts in it: a lecturer who plans this year, or any lecturer of its team. */
function occupied(f: CellFigures): boolean {
  return f.lecturer_count > 0 || f.team_figures.lecturer_count > 0;
}

/** The dashboard's order key of a totals row: minus its utilisation when the lecturer plans this year. */
export function loadRank(row: Pick<TotalsValue, "contract_hours" | "allocated_hours" | "utilisation">): number | undefined {
  // `|| 0`: the zero of an idle lecturer sorts as 0, never as -0.
  return plansThisYear(row) ? -row.utilisation || 0 : undefined;
}

/** What one totals row adds to its cell: to the team table when in a team, to the rest when they plan this year. */
export function cellContribution(row: CellSource): CellFigures {
  const out = zeroCell();
  if (row.team_id) out.team_figures = teamContribution(row);
  if (!plansThisYear(row)) return out;
  out.lecturer_count = 1;
  out.total_contract_hours = row.contract_hours;
  out.total_allocated_hours = row.allocated_hours;
  if ((BANDS as readonly string[]).includes(row.band)) out.band_counts[row.band as Band] = 1;
  out.histogram[histogramBucketIndex(row.utilisation)] = 1;
  return out;
}

export function addCellFigures(a: CellFigures, b: CellFigures, sign: 1 | -1): CellFigures {
  const band_counts = { ...a.band_counts };
  for (const band of BANDS) band_counts[band] += sign * b.band_counts[band];
  const length = Math.max(a.histogram.length, b.histogram.length);
  return {
    lecturer_count: a.lecturer_count + sign * b.lecturer_count,
    total_contract_hours: cleanHours(a.total_contract_hours + sign * b.total_contract_hours),
    total_allocated_hours: cleanHours(a.total_allocated_hours + sign * b.total_allocated_hours),
    band_counts,
    histogram: Array.from({ length }, (_, i) => (a.histogram[i] ?? 0) + sign * (b.histogram[i] ?? 0)),
    team_figures: addTeamFigures(a.team_figures, b.team_figures, sign),
  };
}

function figuresOf(cell: CellRow | null): CellFigures {
  if (!cell) return zeroCell();
  return {
    lecturer_count: cell.lecturer_count,
    total_contract_hours: cell.total_contract_hours,
    total_allocated_hours: cell.total_allocated_hours,
    band_counts: cell.band_counts,
    histogram: cell.histogram,
    team_figures: cell.team_figures ?? ZERO_TEAM,
  };
}

/** The team's name ("" once deleted, as a missing team always showed) and department. */
export async function teamInfoOf(db: Reader, teamId: Id<"teams"> | undefined): Promise<TeamInfo> {
  if (!teamId) return {};
  const team = await db.get(teamId);
  return { team_name: team && team.deleted_at === undefined ? team.name : "", team_department_id: team?.department_id };
}

function sameTeamInfo(cell: CellRow, info: TeamInfo): boolean {
  return cell.team_name === info.team_name && cell.team_department_id === info.team_department_id;
}

type CellKey = { academic_year_id: Id<"academic_years">; department_id?: Id<"departments">; team_id?: Id<"teams"> };

export function sameCell(a: CellKey, b: CellKey): boolean {
  return a.academic_year_id === b.academic_year_id && a.department_id === b.department_id && a.team_id === b.team_id;
}

async function cellOf(db: Reader, key: CellKey): Promise<CellRow | null> {
  return await db
    .query("overview_cells")
    .withIndex("by_academic_year_id_and_department_id_and_team_id", (q) =>
      q.eq("academic_year_id", key.academic_year_id).eq("department_id", key.department_id).eq("team_id", key.team_id),
    )
    .first();
}

/**
 * Writes a cell's figures: removed when nobody counts in it, untouched when
 * nothing moved. A new cell (or one written before cells held their team)
 * reads its team once; later renames and moves reach it through `onTeamChange`.
 */
async function writeCell(db: Writer, key: CellKey & { organisation_id: Id<"organisations"> }, cell: CellRow | null, after: CellFigures, info?: TeamInfo) {
  const now = Date.now();
  if (!occupied(after)) {
    if (cell) await db.delete(cell._id);
    return;
  }
  if (cell) {
    const team = info ?? (cell.team_id && cell.team_name === undefined ? await teamInfoOf(db, cell.team_id) : undefined);
    const teamMoved = !!team && !sameTeamInfo(cell, team);
    if (!teamMoved && sameValue(figuresOf(cell), after)) return;
    await db.patch(cell._id, { ...after, ...(teamMoved ? team : {}), updated_at: now });
    return;
  }
  await db.insert("overview_cells", {
    organisation_id: key.organisation_id,
    academic_year_id: key.academic_year_id,
    department_id: key.department_id,
    team_id: key.team_id,
    ...after,
    ...(info ?? (await teamInfoOf(db, key.team_id))),
    created_at: now,
    updated_at: now,
  });
}

/** The team's row changed (renamed, moved, deleted): its cells, of every year, show it as it now is. */
export async function followTeam(db: Writer, teamId: Id<"teams">) {
  const info = await teamInfoOf(db, teamId);
  const cells = await db.query("overview_cells").withIndex("by_team_id", (q) => q.eq("team_id", teamId)).collect();
  for (const cell of cells) if (!sameTeamInfo(cell, info)) await db.patch(cell._id, { ...info, updated_at: Date.now() });
}

/**
 * A totals row was written: `before` (null for a new row) leaves its cell and
 * `after` (null for a removed row) joins its own; within one cell that is a
 * single read and at most one write, and none when neither counts.
 */
export async function moveOverviewCells(db: Writer, before: CellSource | null, after: CellSource | null) {
  const out = before ? cellContribution(before) : zeroCell();
  const into = after ? cellContribution(after) : zeroCell();
  if (!occupied(out) && !occupied(into)) return;
  if (before && after && sameCell(before, after)) {
    if (sameValue(out, into)) return;
    const cell = await cellOf(db, after);
    await writeCell(db, after, cell, addCellFigures(addCellFigures(figuresOf(cell), out, -1), into, 1));
    return;
  }
  if (before && occupied(out)) {
    const cell = await cellOf(db, before);
    await writeCell(db, before, cell, addCellFigures(figuresOf(cell), out, -1));
  }
  if (after && occupied(into)) {
    const cell = await cellOf(db, after);
    await writeCell(db, after, cell, addCellFigures(figuresOf(cell), into, 1));
  }
}

/**
 * One department's cells of a year (`departmentId` undefined: the lecturers
 * without a department), recomputed from its totals rows and their teams in
 * one transaction: what the cells must hold whatever was written before.
 * Returns how many cells it changed (or would change, with `dryRun`).
 */
export async function rebuildDepartmentCells(
  db: Writer,
  organisationId: Id<"organisations">,
  academicYearId: Id<"academic_years">,
  departmentId: Id<"departments"> | undefined,
  dryRun = false,
): Promise<number> {
  const drift = await departmentCellDrift(db, academicYearId, departmentId);
  if (!dryRun) {
    for (const d of drift) {
      await writeCell(db, { ...d.key, organisation_id: organisationId }, d.cell, d.expected ?? zeroCell(), d.info);
    }
  }
  return drift.length;
}

/** A cell whose stored figures or team differ from a recount (`cell` null: missing; `expected` null: should not exist). */
export type CellDrift = { key: CellKey; cell: CellRow | null; expected: CellFigures | null; info: TeamInfo };

/**
 * One department's cells of a year against an independent recount from its
 * totals rows (and the teams' rows): every cell that is missing, stale,
 * duplicated or should not exist. Read-only; `rebuildDepartmentCells`
 * writes the recount, `verify.ts` reports it.
 */
export async function departmentCellDrift(db: Reader, academicYearId: Id<"academic_years">, departmentId: Id<"departments"> | undefined): Promise<CellDrift[]> {
  const rows = await db
    .query("lecturer_year_totals")
    .withIndex("by_academic_year_id_and_department_id", (q) => q.eq("academic_year_id", academicYearId).eq("department_id", departmentId))
    .collect();
  const expected = new Map<string, { key: CellKey; figures: CellFigures }>();
  for (const row of rows) {
    const id = row.team_id ?? "";
    const entry = expected.get(id) ?? { key: { academic_year_id: academicYearId, department_id: departmentId, team_id: row.team_id }, figures: zeroCell() };
    entry.figures = addCellFigures(entry.figures, cellContribution(row), 1);
    expected.set(id, entry);
  }
  const cells = await db
    .query("overview_cells")
    .withIndex("by_academic_year_id_and_department_id_and_team_id", (q) => q.eq("academic_year_id", academicYearId).eq("department_id", departmentId))
    .collect();
  const teams = new Map<string, TeamInfo>();
  const infoOf = async (teamId: Id<"teams"> | undefined) => {
    const id = teamId ?? "";
    if (!teams.has(id)) teams.set(id, await teamInfoOf(db, teamId));
    return teams.get(id)!;
  };
  const drift: CellDrift[] = [];
  const seen = new Set<string>();
  for (const cell of cells) {
    const id = cell.team_id ?? "";
    const want = seen.has(id) ? undefined : expected.get(id)?.figures;
    seen.add(id);
    const info = await infoOf(cell.team_id);
    if (want && occupied(want) && sameValue(figuresOf(cell), want) && sameTeamInfo(cell, info)) continue;
    // A duplicate or an emptied cell goes; a stale one takes the recomputed figures.
    drift.push({ key: cell, cell, expected: want && occupied(want) ? want : null, info });
  }
  for (const [id, { key, figures }] of expected) {
    if (seen.has(id) || !occupied(figures)) continue;
    drift.push({ key, cell: null, expected: figures, info: await infoOf(key.team_id) });
  }
  return drift;
}
