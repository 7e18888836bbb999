/**
 * The check on live totals: every lecturer's row and every team summary of
 * a year recomputed from scratch and compared with what the triggers kept.
 * `total_drift` (summed absolute differences, plus one per missing, extra or
 * mismatched row) must be 0; `stale_allocations` counts allocations whose
 * stored hours differ from the current rules (non-zero only while a
 * recompute job runs).
 *
 * It reads every allocation of the year, so it is a maintenance tool, not
 * something a dashboard calls. At any size it runs as a paged job on the one
 * job mechanism (`startVerifyTotals`; the figures arrive in the job's
 * result): lecturers a page at a time, then the totals rows without a live
 * lecturer, the team summaries (each team's lecturers recomputed), the
 * teams whose summary is missing, and the dashboard overview's cells (a
 * department at a time, its lecturers recomputed; then the lecturers without
 * a department). `verifyTotals` does the same checks in one query for a year
 * small enough for one transaction (the tests' oracle) and refuses a larger
 * one, naming the job.
 *
 * The recount is a path of its own (`recountLecturer`): it reads the rows and
 * sums them here, using only the engine's definitions of a contract, an admin
 * allocation's hours, a semester split and a band, and none of the code that
 * keeps the totals (liveTotals.ts, overviewCells.ts, teamFigures.ts), so a
 * bug there shows up as drift instead of agreeing with itself. The cells'
 * recount (`recountCells`) sums the recounted lecturers with the engine's
 * `plansThisYear` and `histogramBucketIndex`, and names each team as its row does. A scoped caller (or actor) verifies
 * the lecturers and teams within their scope: the reader shows them no others.
 */
import type { GenericDatabaseReader } from "convex/server";
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { actorQuery, internalQuery, jobMutation, orgMutation, orgQuery } from "../lib/functions";
import { startJob, vJobBatchResult, vJobBatchStepArgs } from "../lib/jobs";
import {
  adminAllocationHours,
  BANDS,
  bandFor,
  cleanHours,
  histogramBucketCount,
  histogramBucketIndex,
  plansThisYear,
  computeContract,
  effectiveHours,
  semesterFractions,
  splitHours,
  TEACHING_CATEGORIES,
  utilisationOf,
  WORK_CATEGORIES,
  type Band,
  type WorkCategory,
} from "../lib/workload";
import { WorkloadLoader } from "./loader";
import { sameValue } from "./compare";
import type { CellFigures } from "./overviewCells";
import { addTeamFigures, ZERO_TEAM, type TeamFigures } from "./teamFigures";

type Reader = GenericDatabaseReader<DataModel>;

const vDrift = v.object({
  entity: v.union(v.literal("lecturer"), v.literal("team"), v.literal("overview_cell")),
  id: v.string(),
  name: v.string(),
  field: v.string(),
  stored: v.union(v.number(), v.string(), v.null()),
  expected: v.union(v.number(), v.string(), v.null()),
});

const vVerifyResult = v.object({
  lecturers_checked: v.number(),
  teams_checked: v.number(),
  /** The dashboard overview's cells checked (one per department and team with lecturers). */
  cells_checked: v.number(),
  total_drift: v.number(),
  drifts: v.array(vDrift),
  stale_allocations: v.number(),
});

type Drift = { entity: "lecturer" | "team" | "overview_cell"; id: string; name: string; field: string; stored: number | string | null; expected: number | string | null };

/** The most live lecturers `verifyTotals` checks in one query (it reads each one's allocations); a larger year is checked by the job. */
export const VERIFY_QUERY_MAX_LECTURERS = 400;
/** Lecturers (each with their allocations) per batch of the job. */
const VERIFY_BATCH_LECTURERS = 50;
/** Totals rows, team summaries or teams per batch of the job's other phases. */
const VERIFY_BATCH_ROWS = 200;
const VERIFY_BATCH_TEAMS = 5;
/** Departments per batch of the cells phase, each with its lecturers recomputed (about as many as a lecturers batch at XL). */
const VERIFY_BATCH_DEPARTMENTS = 1;
export const VERIFY_JOB_KIND = "verify_totals";

export const verifyTotals = orgQuery({
  permission: "allocations.view",
  args: { academicYearId: v.id("academic_years") },
  returns: vVerifyResult,
  // The reader that sees soft-deleted rows reads as the triggers do (a deleted admin category still names its category).
  handler: async (ctx, args) => await verifyYear(ctx.dbWithDeleted, args.academicYearId),
});

/**
 * The same check on behalf of an actor (a job, an API key, a cron): it covers
 * the lecturers and teams within the actor's scope, as `verifyTotals` does for a person.
 */
export const verifyTotalsAs = actorQuery({
  permission: "allocations.view",
  args: { academicYearId: v.id("academic_years") },
  returns: vVerifyResult,
  handler: async (ctx, args) => await verifyYear(ctx.dbWithDeleted, args.academicYearId),
});

export const verifyTotalsInternal = internalQuery({
  args: { academicYearId: v.id("academic_years") },
  returns: vVerifyResult,
  handler: async (ctx, args) => await verifyYear(ctx.db, args.academicYearId),
});

/** Starts the check of a year's live totals as a job; its result has the figures of `verifyTotals`. */
export const startVerifyTotals = orgMutation({
  permission: "allocations.view",
  args: { academicYearId: v.id("academic_years") },
  returns: v.id("jobs"),
  handler: async (ctx, { academicYearId }): Promise<Id<"jobs">> => {
    await getOrThrow(ctx.db, academicYearId, "academic year");
    return await startJob(ctx, {
      organisationId: ctx.organisationId,
      academicYearId,
      kind: VERIFY_JOB_KIND,
      label: "Check of the live totals",
      batch: internal.workload.verify.verifyBatch,
      phases: [
        { name: "lecturers", label: "Recomputing lecturers" },
        { name: "rows", label: "Totals rows without a lecturer" },
        { name: "teams", label: "Team summaries" },
        { name: "missing", label: "Teams without a summary" },
        { name: "cells", label: "Dashboard figures by department" },
        { name: "cells_unplaced", label: "Dashboard figures of lecturers without a department" },
      ],
      actor: { kind: "user", userId: ctx.viewer._id },
      permission: "allocations.view",
      concurrencyKey: `${VERIFY_JOB_KIND}:${academicYearId}`,
      exclusive: false,
    });
  },
});

const NUMERIC_FIELDS = [
  "contract_hours",
  "max_teaching_hours",
  "allocated_hours",
  "teaching_hours",
  "capacity_hours",
  "utilisation",
  "allocation_count",
  "fte",
] as const;
const TEXT_FIELDS = ["band", "full_name", "contract_family", "team_id", "department_id", "faculty_id", "profile_id"] as const;
function addTeam(t: TeamFigures, l: Recount): TeamFigures {
  return {
    lecturer_count: t.lecturer_count + 1,
    total_fte: cleanHours(t.total_fte + l.fte),
    total_contract_hours: cleanHours(t.total_contract_hours + l.contract_hours),
    total_allocated_hours: cleanHours(t.total_allocated_hours + l.allocated_hours),
    total_teaching_hours: cleanHours(t.total_teaching_hours + l.teaching_hours),
    over_count: t.over_count + (l.band === "over" || l.band === "critical" ? 1 : 0),
    under_count: t.under_count + (l.band === "under" ? 1 : 0),
  };
}

type Recount = Awaited<ReturnType<typeof recountLecturer>>;

/**
 * What a lecturer's totals row must hold, counted from their rows: the
 * contract, then every live module allocation's stored hours, every live
 * admin allocation's hours and the research allowance, by category and
 * semester, and the sums, utilisation and band from those.
 */
async function recountLecturer(db: Reader, lecturer: Doc<"lecturers">, loader: WorkloadLoader) {
  const [year, settings, profile, department, status] = await Promise.all([
    db.get(lecturer.academic_year_id),
    loader.settings(lecturer.academic_year_id),
    db.get(lecturer.profile_id),
    lecturer.department_id ? db.get(lecturer.department_id) : null,
    lecturer.status_id ? db.get(lecturer.status_id) : null,
  ]);
  const contract = computeContract(
    { ...lecturer, counts_towards_capacity: status?.counts_towards_capacity ?? true },
    settings,
    year ?? { start_date: "", end_date: "" },
  );
  const category_hours = Object.fromEntries(WORK_CATEGORIES.map((c) => [c, 0])) as Record<WorkCategory, number>;
  const semester_hours = { S1: 0, S2: 0, S3: 0 };
  const count = (hours: number, category: WorkCategory, split: { S1: number; S2: number; S3: number }) => {
    category_hours[category] = cleanHours(category_hours[category] + hours);
    for (const s of ["S1", "S2", "S3"] as const) semester_hours[s] = cleanHours(semester_hours[s] + split[s]);
  };
  const yearSplit = semesterFractions("year", undefined, settings.default_year_split);
  count(contract.research_allowance_hours, "research", splitHours(contract.research_allowance_hours, yearSplit));
  let allocation_count = 0;
  const modules = await db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect();
  for (const a of modules) {
    if (a.deleted_at !== undefined) continue;
    count(effectiveHours(a), a.work_category, a.semester_hours);
    allocation_count++;
  }
  const admins = await db.query("admin_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect();
  for (const a of admins) {
    if (a.deleted_at !== undefined) continue;
    const category = await db.get(a.category_id);
    const work = category?.work_category ?? "admin";
    const hours = adminAllocationHours({ hours: a.hours, percent_of_contract: a.percent_of_contract, work_category: work }, contract.contract_hours);
    count(hours, work, splitHours(hours, semesterFractions(a.semester ?? "year", undefined, settings.default_year_split)));
    allocation_count++;
  }
  let allocated = 0;
  for (const c of WORK_CATEGORIES) allocated += category_hours[c];
  let teaching = 0;
  for (const c of TEACHING_CATEGORIES) teaching += category_hours[c];
  const allocated_hours = cleanHours(allocated);
  const utilisation = utilisationOf(allocated_hours, contract.contract_hours);
  return {
    full_name: profile?.full_name ?? "",
    profile_id: lecturer.profile_id,
    faculty_id: department?.faculty_id,
    department_id: lecturer.department_id,
    team_id: lecturer.team_id,
    fte: lecturer.fte,
    contract_family: lecturer.contract_family,
    contract_hours: contract.contract_hours,
    max_teaching_hours: contract.max_teaching_hours,
    category_hours,
    semester_hours,
    allocated_hours,
    teaching_hours: cleanHours(teaching),
    capacity_hours: cleanHours(contract.contract_hours - allocated_hours),
    utilisation,
    band: bandFor(utilisation, settings.band_thresholds),
    allocation_count,
  };
}

const TEAM_FIELDS = Object.keys(ZERO_TEAM) as (keyof TeamFigures)[];

type Note = (d: Drift, amount: number) => void;
type TotalsRow = Doc<"lecturer_year_totals">;

const isLive = (doc: { deleted_at?: number } | null): boolean => doc !== null && doc.deleted_at === undefined;

/** One lecturer against their stored row(s): notes the drifts, returns their team figures and stale allocations. */
async function checkLecturer(db: Reader, loader: WorkloadLoader, lecturer: Doc<"lecturers">, stored: TotalsRow[], note: Note) {
  const value = await recountLecturer(db, lecturer, loader);
  const contribution = value.team_id ? { teamId: value.team_id, figures: addTeam(ZERO_TEAM, value) } : null;
  const base = { entity: "lecturer" as const, id: lecturer._id, name: value.full_name };
  if (stored.length !== 1) {
    note({ ...base, field: "row_count", stored: stored.length, expected: 1 }, Math.abs(stored.length - 1));
  }
  if (stored.length > 0) {
    const row = stored[0];
    for (const field of NUMERIC_FIELDS) {
      const diff = Math.abs(row[field] - value[field]);
      if (diff !== 0 && !(Number.isNaN(diff) && row[field] === value[field])) note({ ...base, field, stored: row[field], expected: value[field] }, cleanHours(diff) || 1);
    }
    for (const c of WORK_CATEGORIES) {
      const diff = Math.abs(row.category_hours[c] - value.category_hours[c]);
      if (diff !== 0) note({ ...base, field: `category_hours.${c}`, stored: row.category_hours[c], expected: value.category_hours[c] }, cleanHours(diff) || 1);
    }
    for (const s of ["S1", "S2", "S3"] as const) {
      const diff = Math.abs(row.semester_hours[s] - value.semester_hours[s]);
      if (diff !== 0) note({ ...base, field: `semester_hours.${s}`, stored: row.semester_hours[s], expected: value.semester_hours[s] }, cleanHours(diff) || 1);
    }
    for (const field of TEXT_FIELDS) {
      if ((row[field] ?? null) !== (value[field] ?? null)) note({ ...base, field, stored: row[field] ?? null, expected: value[field] ?? null }, 1);
    }
  }
  let stale = 0;
  const allocations = await db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect();
  for (const a of allocations) {
    if (a.deleted_at !== undefined) continue;
    const fresh = await loader.compute(a);
    if (fresh.computed_hours !== a.computed_hours || !sameValue(fresh.semester_hours, a.semester_hours)) stale += 1;
  }
  return { contribution, stale, value };
}

/** A team's summary against the figures its lecturers add up to. */
async function checkTeamSummary(db: Reader, summary: Doc<"team_summaries">, expected: TeamFigures, note: Note) {
  const team = await db.get(summary.team_id);
  const base = { entity: "team" as const, id: summary.team_id, name: team?.name ?? "" };
  for (const field of TEAM_FIELDS) {
    const diff = Math.abs(summary[field] - expected[field]);
    if (diff !== 0) note({ ...base, field, stored: summary[field], expected: expected[field] }, cleanHours(diff) || 1);
  }
}

/** The year's live lecturers of one team, recomputed, as the team's expected summary. */
async function expectedTeam(db: Reader, loader: WorkloadLoader, teamId: Id<"teams">, academicYearId: Id<"academic_years">) {
  const lecturers = (await db.query("lecturers").withIndex("by_team_id", (q) => q.eq("team_id", teamId)).collect()).filter(
    (l) => l.academic_year_id === academicYearId && isLive(l),
  );
  let figures = ZERO_TEAM;
  for (const lecturer of lecturers) {
    const value = await recountLecturer(db, lecturer, loader);
    if (value.team_id === teamId) figures = addTeam(figures, value);
  }
  return figures;
}


// --- the dashboard overview's cells ------------------------------------------------

type CellRecount = CellFigures & { department_id?: Id<"departments">; team_id?: Id<"teams"> };

const cellKey = (department?: string, team?: string) => `${department ?? ""}|${team ?? ""}`;

/** What each (department, team) cell must hold, summed from recounted lecturers. */
function recountCells(values: Recount[]): Map<string, CellRecount> {
  const cells = new Map<string, CellRecount>();
  for (const value of values) {
    const key = cellKey(value.department_id, value.team_id);
    const cell = cells.get(key) ?? {
      department_id: value.department_id,
      team_id: value.team_id,
      lecturer_count: 0,
      total_contract_hours: 0,
      total_allocated_hours: 0,
      band_counts: Object.fromEntries(BANDS.map((b) => [b, 0])) as Record<Band, number>,
      histogram: new Array<number>(histogramBucketCount()).fill(0),
      team_figures: ZERO_TEAM,
    };
    // The team table counts every lecturer of the team; the headline figures those who plan this year.
    if (value.team_id) cell.team_figures = addTeam(cell.team_figures, value);
    if (plansThisYear(value)) {
      cell.lecturer_count += 1;
      cell.total_contract_hours = cleanHours(cell.total_contract_hours + value.contract_hours);
      cell.total_allocated_hours = cleanHours(cell.total_allocated_hours + value.allocated_hours);
      cell.band_counts[value.band as Band] += 1;
      cell.histogram[histogramBucketIndex(value.utilisation)] += 1;
    }
    cells.set(key, cell);
  }
  for (const [key, cell] of cells) if (cell.lecturer_count === 0 && cell.team_figures.lecturer_count === 0) cells.delete(key);
  return cells;
}

/** The stored cells of one department of a year (or of every department, `department` "all") against their recount. */
async function checkCells(
  db: Reader,
  academicYearId: Id<"academic_years">,
  department: Id<"departments"> | undefined | "all",
  expected: Map<string, CellRecount>,
  note: Note,
): Promise<number> {
  const stored = await db
    .query("overview_cells")
    .withIndex("by_academic_year_id_and_department_id_and_team_id", (q) =>
      department === "all" ? q.eq("academic_year_id", academicYearId) : q.eq("academic_year_id", academicYearId).eq("department_id", department),
    )
    .collect();
  const nameOf = async (d?: Id<"departments">, t?: Id<"teams">) => {
    const [dept, team] = await Promise.all([d ? db.get(d) : null, t ? db.get(t) : null]);
    return [dept?.name ?? (d ? "" : "No department"), team?.name].filter((x) => x !== undefined).join(" / ");
  };
  const seen = new Set<string>();
  for (const cell of stored) {
    const key = cellKey(cell.department_id, cell.team_id);
    const base = { entity: "overview_cell" as const, id: cell._id, name: await nameOf(cell.department_id, cell.team_id) };
    const want = seen.has(key) ? undefined : expected.get(key);
    if (!want) {
      note({ ...base, field: "row_count", stored: 1, expected: seen.has(key) ? 1 : 0 }, 1);
      seen.add(key);
      continue;
    }
    seen.add(key);
    const numbers: [string, number, number][] = [
      ["lecturer_count", cell.lecturer_count, want.lecturer_count],
      ["total_contract_hours", cell.total_contract_hours, want.total_contract_hours],
      ["total_allocated_hours", cell.total_allocated_hours, want.total_allocated_hours],
      ...BANDS.map((b): [string, number, number] => [`band_counts.${b}`, cell.band_counts[b], want.band_counts[b]]),
      ...want.histogram.map((n, i): [string, number, number] => [`histogram.${i}`, cell.histogram[i] ?? 0, n]),
      ...TEAM_FIELDS.map((f): [string, number, number] => [`team_figures.${f}`, cell.team_figures?.[f] ?? 0, want.team_figures[f]]),
    ];
    for (const [field, got, wanted] of numbers) {
      const diff = Math.abs(got - wanted);
      if (diff !== 0 && !(Number.isNaN(diff) && got === wanted)) note({ ...base, field, stored: got, expected: wanted }, cleanHours(diff) || 1);
    }
    if (cell.team_id) {
      // The team's name and department as its row has them now ("" once the team is deleted).
      const team = await db.get(cell.team_id);
      const name = team && team.deleted_at === undefined ? team.name : "";
      if ((cell.team_name ?? null) !== name) note({ ...base, field: "team_name", stored: cell.team_name ?? null, expected: name }, 1);
      if ((cell.team_department_id ?? null) !== (team?.department_id ?? null)) {
        note({ ...base, field: "team_department_id", stored: cell.team_department_id ?? null, expected: team?.department_id ?? null }, 1);
      }
    }
  }
  for (const [key, want] of expected) {
    if (seen.has(key)) continue;
    const name = await nameOf(want.department_id, want.team_id);
    note({ entity: "overview_cell", id: key, name, field: "row_count", stored: 0, expected: 1 }, want.lecturer_count + want.team_figures.lecturer_count);
  }
  return new Set([...seen, ...expected.keys()]).size;
}

/** One department's live lecturers of a year (undefined: those without a department), recounted. */
async function recountDepartment(db: Reader, loader: WorkloadLoader, academicYearId: Id<"academic_years">, departmentId: Id<"departments"> | undefined) {
  const lecturers = (
    await db
      .query("lecturers")
      .withIndex("by_department_id_and_academic_year_id", (q) => q.eq("department_id", departmentId).eq("academic_year_id", academicYearId))
      .collect()
  ).filter(isLive);
  const values = [];
  for (const lecturer of lecturers) values.push(await recountLecturer(db, lecturer, loader));
  return values;
}

export async function verifyYear(db: Reader, academicYearId: Id<"academic_years">) {
  const loader = new WorkloadLoader(db);
  const drifts: Drift[] = [];
  let total = 0;
  const note: Note = (d, amount) => {
    drifts.push(d);
    total += amount;
  };

  const lecturers = (
    await db
      .query("lecturers")
      .withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", academicYearId))
      .take(VERIFY_QUERY_MAX_LECTURERS * 2 + 1)
  ).filter(isLive);
  if (lecturers.length > VERIFY_QUERY_MAX_LECTURERS) {
    throw appError(
      "INVALID_ARGUMENT",
      `This year has more than ${VERIFY_QUERY_MAX_LECTURERS} lecturers, too many to check in one query: start the check as a job (workload/verify:startVerifyTotals).`,
    );
  }
  const rows = await db.query("lecturer_year_totals").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", academicYearId)).collect();
  const rowsByLecturer = new Map<string, TotalsRow[]>();
  for (const r of rows) rowsByLecturer.set(r.lecturer_id, [...(rowsByLecturer.get(r.lecturer_id) ?? []), r]);

  const expectedTeams = new Map<string, TeamFigures>();
  const recounts: Recount[] = [];
  let stale = 0;
  for (const lecturer of lecturers) {
    const checked = await checkLecturer(db, loader, lecturer, rowsByLecturer.get(lecturer._id) ?? [], note);
    recounts.push(checked.value);
    rowsByLecturer.delete(lecturer._id);
    stale += checked.stale;
    const c = checked.contribution;
    if (c) expectedTeams.set(c.teamId, addTeamFigures(expectedTeams.get(c.teamId) ?? ZERO_TEAM, c.figures, 1));
  }
  for (const [lecturerId, extra] of rowsByLecturer) {
    note({ entity: "lecturer", id: lecturerId, name: extra[0].full_name, field: "row_count", stored: extra.length, expected: 0 }, extra.length);
  }

  const summaries = await db.query("team_summaries").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", academicYearId)).collect();
  const seen = new Set<string>();
  for (const s of summaries) {
    if (seen.has(s.team_id)) {
      const team = await db.get(s.team_id);
      note({ entity: "team", id: s.team_id, name: team?.name ?? "", field: "row_count", stored: 2, expected: 1 }, 1);
      continue;
    }
    seen.add(s.team_id);
    await checkTeamSummary(db, s, expectedTeams.get(s.team_id) ?? ZERO_TEAM, note);
  }
  for (const [teamId, expected] of expectedTeams) {
    if (!seen.has(teamId)) {
      const team = await db.get(teamId as Id<"teams">);
      note({ entity: "team", id: teamId, name: team?.name ?? "", field: "row_count", stored: 0, expected: 1 }, expected.lecturer_count);
    }
  }
  const cells_checked = await checkCells(db, academicYearId, "all", recountCells(recounts), note);
  return {
    lecturers_checked: lecturers.length,
    teams_checked: expectedTeams.size,
    cells_checked,
    total_drift: cleanHours(total),
    drifts,
    stale_allocations: stale,
  };
}

/**
 * One batch of the check job. The result adds up across batches (numbers
 * add, `drifts` appends up to the job's list cap): lecturers_checked,
 * teams_checked, total_drift (round it with cleanHours when reading),
 * cells_checked, drifts, stale_allocations.
 */
export const verifyBatch = jobMutation({
  args: vJobBatchStepArgs,
  returns: vJobBatchResult,
  handler: async (ctx, { phase, cursor }) => {
    const yearId = ctx.job.academic_year_id;
    if (!yearId) return { done: 0, cursor: null };
    const db = ctx.dbWithDeleted;
    const loader = new WorkloadLoader(db);
    const drifts: Drift[] = [];
    let total = 0;
    const note: Note = (d, amount) => {
      drifts.push(d);
      total += amount;
    };
    const answer = (page: { page: unknown[]; isDone: boolean; continueCursor: string }, figures: Record<string, number>) => ({
      done: page.page.length,
      cursor: page.isDone ? null : page.continueCursor,
      result: JSON.stringify({ ...figures, total_drift: total, drifts }),
    });

    if (phase === "lecturers") {
      const page = await db
        .query("lecturers")
        .withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", yearId))
        .paginate({ numItems: VERIFY_BATCH_LECTURERS, cursor });
      let checked = 0;
      let stale = 0;
      for (const lecturer of page.page.filter(isLive)) {
        const stored = (await db.query("lecturer_year_totals").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect()).filter(
          (r) => r.academic_year_id === yearId,
        );
        stale += (await checkLecturer(db, loader, lecturer, stored, note)).stale;
        checked += 1;
      }
      return answer(page, { lecturers_checked: checked, stale_allocations: stale });
    }
    if (phase === "rows") {
      // Rows of lecturers who are gone, soft-deleted or of another year (one note per row).
      const page = await db
        .query("lecturer_year_totals")
        .withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", yearId))
        .paginate({ numItems: VERIFY_BATCH_ROWS, cursor });
      for (const row of page.page) {
        const lecturer = await db.get(row.lecturer_id);
        if (!lecturer || !isLive(lecturer) || lecturer.academic_year_id !== yearId) {
          note({ entity: "lecturer", id: row.lecturer_id, name: row.full_name, field: "row_count", stored: 1, expected: 0 }, 1);
        }
      }
      return answer(page, {});
    }
    if (phase === "teams") {
      const page = await db
        .query("team_summaries")
        .withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", yearId))
        .paginate({ numItems: VERIFY_BATCH_TEAMS, cursor });
      for (const s of page.page) {
        const first = await db
          .query("team_summaries")
          .withIndex("by_team_id_and_academic_year_id", (q) => q.eq("team_id", s.team_id).eq("academic_year_id", yearId))
          .first();
        if (first && first._id !== s._id) {
          const team = await db.get(s.team_id);
          note({ entity: "team", id: s.team_id, name: team?.name ?? "", field: "row_count", stored: 2, expected: 1 }, 1);
          continue;
        }
        await checkTeamSummary(db, s, await expectedTeam(db, loader, s.team_id, yearId), note);
      }
      return answer(page, {});
    }
    if (phase === "cells") {
      // A department at a time: its cells against its lecturers, recounted.
      const page = await db
        .query("departments")
        .withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.job.organisation_id))
        .paginate({ numItems: VERIFY_BATCH_DEPARTMENTS, cursor });
      let cells = 0;
      for (const department of page.page) {
        cells += await checkCells(db, yearId, department._id, recountCells(await recountDepartment(db, loader, yearId, department._id)), note);
      }
      return answer(page, { cells_checked: cells });
    }
    if (phase === "cells_unplaced") {
      const cells = await checkCells(db, yearId, undefined, recountCells(await recountDepartment(db, loader, yearId, undefined)), note);
      return { done: 1, cursor: null, result: JSON.stringify({ cells_checked: cells, total_drift: total, drifts }) };
    }
    // "missing": every team of the organisation with live lecturers this year, summary or not.
    const page = await db
      .query("teams")
      .withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.job.organisation_id))
      .paginate({ numItems: VERIFY_BATCH_TEAMS, cursor });
    let teams = 0;
    for (const team of page.page) {
      const expected = await expectedTeam(db, loader, team._id, yearId);
      if (expected.lecturer_count === 0) continue;
      teams += 1;
      const summary = await db
        .query("team_summaries")
        .withIndex("by_team_id_and_academic_year_id", (q) => q.eq("team_id", team._id).eq("academic_year_id", yearId))
        .first();
      if (!summary) note({ entity: "team", id: team._id, name: team.name, field: "row_count", stored: 0, expected: 1 }, expected.lecturer_count);
    }
    return answer(page, { teams_checked: teams });
  },
});
