/**
 * The check on live totals: every lecturer's row and every team summary of
 * a year recomputed from scratch and compared with what the triggers kept.
 * `total_drift` (summed absolute differences, plus one per missing, extra or
 * mismatched row) must be 0; `stale_allocations` counts allocations whose
 * stored hours differ from the current rules (non-zero only while a
 * recompute job runs).
 *
 * It reads every allocation of the year, so it is a maintenance tool and a
 * test oracle, not something a dashboard calls.
 */
import type { GenericDatabaseReader } from "convex/server";
import { v } from "convex/values";
import type { DataModel, Id } from "../_generated/dataModel";
import { internalQuery, orgQuery } from "../lib/functions";
import { cleanHours, WORK_CATEGORIES } from "../lib/workload";
import { WorkloadLoader } from "./loader";
import { addTeamFigures, scratchLecturerTotals, teamContribution, ZERO_TEAM, type TeamFigures } from "./liveTotals";
import { sameValue } from "./compare";

type Reader = GenericDatabaseReader<DataModel>;

const vDrift = v.object({
  entity: v.union(v.literal("lecturer"), v.literal("team")),
  id: v.string(),
  name: v.string(),
  field: v.string(),
  stored: v.union(v.number(), v.string(), v.null()),
  expected: v.union(v.number(), v.string(), v.null()),
});

const vVerifyResult = v.object({
  lecturers_checked: v.number(),
  teams_checked: v.number(),
  total_drift: v.number(),
  drifts: v.array(vDrift),
  stale_allocations: v.number(),
});

type Drift = { entity: "lecturer" | "team"; id: string; name: string; field: string; stored: number | string | null; expected: number | string | null };

export const verifyTotals = orgQuery({
  permission: "allocations.view",
  args: { academicYearId: v.id("academic_years") },
  returns: vVerifyResult,
  // The reader that sees soft-deleted rows reads as the triggers do (a deleted admin category still names its category).
  handler: async (ctx, args) => await verifyYear(ctx.dbWithDeleted, args.academicYearId),
});

export const verifyTotalsInternal = internalQuery({
  args: { academicYearId: v.id("academic_years") },
  returns: vVerifyResult,
  handler: async (ctx, args) => await verifyYear(ctx.db, args.academicYearId),
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
const TEAM_FIELDS = Object.keys(ZERO_TEAM) as (keyof TeamFigures)[];

export async function verifyYear(db: Reader, academicYearId: Id<"academic_years">) {
  const loader = new WorkloadLoader(db);
  const drifts: Drift[] = [];
  let total = 0;
  const note = (d: Drift, amount: number) => {
    drifts.push(d);
    total += amount;
  };

  const lecturers = (await db.query("lecturers").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", academicYearId)).collect()).filter(
    (l) => l.deleted_at === undefined,
  );
  const rows = await db.query("lecturer_year_totals").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", academicYearId)).collect();
  const rowsByLecturer = new Map<string, typeof rows>();
  for (const r of rows) rowsByLecturer.set(r.lecturer_id, [...(rowsByLecturer.get(r.lecturer_id) ?? []), r]);

  const expectedTeams = new Map<string, TeamFigures>();
  let stale = 0;
  for (const lecturer of lecturers) {
    const { value } = await scratchLecturerTotals(db, lecturer, loader);
    if (value.team_id) expectedTeams.set(value.team_id, addTeamFigures(expectedTeams.get(value.team_id) ?? ZERO_TEAM, teamContribution(value), 1));
    const stored = rowsByLecturer.get(lecturer._id) ?? [];
    rowsByLecturer.delete(lecturer._id);
    const base = { entity: "lecturer" as const, id: lecturer._id, name: value.full_name };
    if (stored.length !== 1) {
      note({ ...base, field: "row_count", stored: stored.length, expected: 1 }, Math.abs(stored.length - 1));
      if (stored.length === 0) continue;
    }
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
    const allocations = await db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect();
    for (const a of allocations) {
      if (a.deleted_at !== undefined) continue;
      const fresh = await loader.compute(a);
      if (fresh.computed_hours !== a.computed_hours || !sameValue(fresh.semester_hours, a.semester_hours)) stale += 1;
    }
  }
  for (const [lecturerId, extra] of rowsByLecturer) {
    note({ entity: "lecturer", id: lecturerId, name: extra[0].full_name, field: "row_count", stored: extra.length, expected: 0 }, extra.length);
  }

  const summaries = await db.query("team_summaries").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", academicYearId)).collect();
  const seen = new Set<string>();
  for (const s of summaries) {
    const team = await db.get(s.team_id);
    const base = { entity: "team" as const, id: s.team_id, name: team?.name ?? "" };
    if (seen.has(s.team_id)) {
      note({ ...base, field: "row_count", stored: 2, expected: 1 }, 1);
      continue;
    }
    seen.add(s.team_id);
    const expected = expectedTeams.get(s.team_id) ?? ZERO_TEAM;
    for (const field of TEAM_FIELDS) {
      const diff = Math.abs(s[field] - expected[field]);
      if (diff !== 0) note({ ...base, field, stored: s[field], expected: expected[field] }, cleanHours(diff) || 1);
    }
  }
  for (const [teamId, expected] of expectedTeams) {
    if (!seen.has(teamId)) {
      const team = await db.get(teamId as Id<"teams">);
      note({ entity: "team", id: teamId, name: team?.name ?? "", field: "row_count", stored: 0, expected: 1 }, expected.lecturer_count);
    }
  }
  return {
    lecturers_checked: lecturers.length,
    teams_checked: expectedTeams.size,
    total_drift: cleanHours(total),
    drifts,
    stale_allocations: stale,
  };
}
