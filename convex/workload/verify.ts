/**
 * The check on live totals: every lecturer's row and every team summary of
 * a year recomputed from scratch and compared with what the triggers kept.
 * `total_drift` (summed absolute differences, plus one per missing, extra or
 * mismatched row) must be 0; `stale_allocations` counts allocations whose
 * stored hours differ from the current rules (non-zero only while a
 * recompute job runs).
 *
 * The recount is a path of its own (`recountLecturer` below): it reads the
 * rows and sums them here, using only the engine's definitions of a
 * contract, an admin allocation's hours, a semester split and a band, and
 * none of the code that keeps the totals (liveTotals.ts, the engine's
 * `addLine`/`finishTotals`/`computeLecturerTotals`), so a bug there shows up
 * as drift instead of agreeing with itself.
 *
 * It reads every allocation of the year, so it is a maintenance tool and a
 * test oracle, not something a dashboard calls. A scoped caller verifies the
 * lecturers and teams within their scope.
 */
import type { GenericDatabaseReader } from "convex/server";
import { v } from "convex/values";
import type { DataModel, Id } from "../_generated/dataModel";
import type { Doc } from "../_generated/dataModel";
import { actorQuery, internalQuery, orgQuery } from "../lib/functions";
import {
  adminAllocationHours,
  bandFor,
  cleanHours,
  computeContract,
  effectiveHours,
  semesterFractions,
  splitHours,
  TEACHING_CATEGORIES,
  utilisationOf,
  WORK_CATEGORIES,
  type WorkCategory,
} from "../lib/workload";
import { WorkloadLoader } from "./loader";
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
type TeamFigures = {
  lecturer_count: number;
  total_fte: number;
  total_contract_hours: number;
  total_allocated_hours: number;
  total_teaching_hours: number;
  over_count: number;
  under_count: number;
};
const ZERO_TEAM: TeamFigures = {
  lecturer_count: 0,
  total_fte: 0,
  total_contract_hours: 0,
  total_allocated_hours: 0,
  total_teaching_hours: 0,
  over_count: 0,
  under_count: 0,
};
const TEAM_FIELDS = Object.keys(ZERO_TEAM) as (keyof TeamFigures)[];

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
    const value = await recountLecturer(db, lecturer, loader);
    if (value.team_id) expectedTeams.set(value.team_id, addTeam(expectedTeams.get(value.team_id) ?? ZERO_TEAM, value));
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
