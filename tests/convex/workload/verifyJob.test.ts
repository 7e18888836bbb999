/**
 * The check of the live totals as a paged job (workload/verify:startVerifyTotals):
 * on a clean year it finds nothing, and on a year whose rows were changed
 * behind the triggers' back it finds the same drift as the one-query check
 * (a lecturer's hours, a totals row whose lecturer is gone, a team summary
 * that is missing, a dashboard overview cell that is stale, misnamed or
 * should not exist), page after page.
 */
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { cleanHours } from "../../../convex/lib/workload";
import { setupWorkload, type Workload } from "./fixtures";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

type Figures = { lecturers_checked: number; teams_checked: number; cells_checked: number; total_drift: number; stale_allocations: number; drifts: Array<{ entity: string; field: string }> };

async function verifyAsJob(w: Workload): Promise<Figures> {
  const jobId: Id<"jobs"> = await w.planner.mutation(api.workload.verify.startVerifyTotals, { organisationId: w.organisationId, academicYearId: w.activeYearId });
  await w.t.finishAllScheduledFunctions(vi.runAllTimers);
  const job = await w.planner.query(api.jobs.jobs.get, { organisationId: w.organisationId, jobId });
  expect(job.status).toBe("completed");
  const result = JSON.parse(job.result ?? "{}") as Partial<Figures>;
  return {
    lecturers_checked: result.lecturers_checked ?? 0,
    teams_checked: result.teams_checked ?? 0,
    cells_checked: result.cells_checked ?? 0,
    total_drift: cleanHours(result.total_drift ?? 0),
    stale_allocations: result.stale_allocations ?? 0,
    drifts: result.drifts ?? [],
  };
}

const verifyAsQuery = (w: Workload) => w.planner.query(api.workload.verify.verifyTotals, { organisationId: w.organisationId, academicYearId: w.activeYearId });
const fields = (f: { drifts: Array<{ entity: string; field: string }> }) => f.drifts.map((d) => `${d.entity}.${d.field}`).sort();

test("a clean year: the job checks every lecturer and team and finds no drift", async () => {
  const w = await setupWorkload();
  const query = await verifyAsQuery(w);
  const job = await verifyAsJob(w);
  expect(query.total_drift).toBe(0);
  expect(job).toEqual({
    lecturers_checked: query.lecturers_checked,
    teams_checked: query.teams_checked,
    cells_checked: query.cells_checked,
    total_drift: 0,
    stale_allocations: 0,
    drifts: [],
  });
  expect(job.lecturers_checked).toBeGreaterThan(0);
  expect(job.teams_checked).toBeGreaterThan(0);
  expect(job.cells_checked).toBeGreaterThan(0);
});

test("rows changed behind the triggers' back: the job finds what the one-query check finds", async () => {
  const w = await setupWorkload();
  await w.t.run(async (ctx) => {
    const row = await ctx.db.query("lecturer_year_totals").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", w.active.ada)).unique();
    await ctx.db.patch(row!._id, { allocated_hours: row!.allocated_hours + 2.5 });
    // A totals row left behind by a lecturer who no longer exists.
    const { _id, _creationTime, ...copy } = row!;
    const { _id: _ada, _creationTime: _adaTime, ...lecturer } = (await ctx.db.get(w.active.ada))!;
    const ghost = await ctx.db.insert("lecturers", lecturer);
    await ctx.db.insert("lecturer_year_totals", { ...copy, lecturer_id: ghost });
    await ctx.db.delete(ghost);
    // The team's summary is gone.
    const summary = await ctx.db.query("team_summaries").withIndex("by_team_id_and_academic_year_id", (q) => q.eq("team_id", w.teamId).eq("academic_year_id", w.activeYearId)).unique();
    await ctx.db.delete(summary!._id);
  });
  const query = await verifyAsQuery(w);
  const job = await verifyAsJob(w);
  expect(fields(query)).toEqual(["lecturer.allocated_hours", "lecturer.row_count", "team.row_count"]);
  expect(fields(job)).toEqual(fields(query));
  expect(job.total_drift).toBe(query.total_drift);
  expect(job.lecturers_checked).toBe(query.lecturers_checked);
  expect(job.teams_checked).toBe(query.teams_checked);
});

test("overview cells changed behind the triggers' back: the job and the one-query check report the same cell drift", async () => {
  const w = await setupWorkload();
  const stray = await w.t.run(async (ctx) => {
    const cells = await ctx.db
      .query("overview_cells")
      .withIndex("by_academic_year_id_and_department_id_and_team_id", (q) => q.eq("academic_year_id", w.activeYearId))
      .collect();
    expect(cells.map((c) => c.team_name)).toEqual(["Software"]);
    const [cell] = cells;
    // Hours that never happened, a stale team name, and a cell of nobody (the department without a team).
    await ctx.db.patch(cell._id, { total_allocated_hours: cell.total_allocated_hours + 1.5, team_name: "Old name" });
    const { _id, _creationTime, team_id, team_name, team_department_id, ...copy } = cell;
    return await ctx.db.insert("overview_cells", copy);
  });
  const query = await verifyAsQuery(w);
  const job = await verifyAsJob(w);
  expect(fields(query)).toEqual(["overview_cell.row_count", "overview_cell.team_name", "overview_cell.total_allocated_hours"]);
  expect(query.drifts.find((d) => d.field === "total_allocated_hours")).toMatchObject({ name: "Computing / Software", expected: expect.any(Number) });
  expect(query.drifts.find((d) => d.field === "team_name")).toMatchObject({ stored: "Old name", expected: "Software" });
  expect(query.drifts.find((d) => d.field === "row_count")).toMatchObject({ id: stray, stored: 1, expected: 0 });
  // 1.5 hours, one name, one row.
  expect(query.total_drift).toBe(3.5);
  expect(fields(job)).toEqual(fields(query));
  expect(job.total_drift).toBe(query.total_drift);
  expect(job.cells_checked).toBe(query.cells_checked);
});
