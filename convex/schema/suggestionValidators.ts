/**
 * Validators of allocation suggestion runs and lines (module_delivery.ts),
 * shared by the schema and the functions so the stored result and what the
 * API returns cannot drift apart. They mirror the pure module's types
 * (convex/lib/suggestions).
 */
import { v } from "convex/values";
import { vCategoryHours } from "./reporting";
import { vBandThresholds, vSemesterSplit, vWorkCategory } from "./validators";

export const vSuggestionStrategy = v.union(v.literal("balance"), v.literal("expertise"), v.literal("continuity"));

export const vSuggestionLineStatus = v.union(
  v.literal("proposed"), // waiting for the planner
  v.literal("queued"), // ticked and accepted, the accept job has not reached it yet
  v.literal("accepted"), // became allocations
  v.literal("skipped"), // accepted but refused on the way (covered meanwhile, out of scope...)
);

export const vSuggestionLinePart = v.object({
  allocation_type_id: v.id("allocation_types"),
  allocation_type_name: v.string(),
  hours: v.number(),
  work_category: vWorkCategory,
  semester_hours: vSemesterSplit,
});

export const vSuggestionInputSize = v.object({
  lecturers: v.number(),
  iterations: v.number(),
  gaps: v.number(),
  options: v.number(),
  columns: v.number(),
  rows: v.number(),
});

export const vLecturerFigures = v.object({
  allocated_hours: v.number(),
  teaching_hours: v.number(),
  contract_hours: v.number(),
  max_teaching_hours: v.number(),
  capacity_hours: v.number(),
  utilisation: v.number(),
  band: v.string(),
});

const vPoolStats = v.object({
  mean_abs_deviation: v.number(),
  max_utilisation: v.number(),
  std_dev_utilisation: v.number(),
  over_capacity: v.number(),
  over_max_teaching: v.number(),
});

const nullableNumber = v.union(v.number(), v.null());

export const vSuggestionResult = v.object({
  status: v.union(
    v.literal("optimal"),
    v.literal("time_limit"),
    v.literal("fallback_optimal"),
    v.literal("fallback_time_limit"),
    v.literal("nothing_to_fill"),
    v.literal("no_solution"),
  ),
  objective: v.union(
    v.object({ value: v.number(), balance: v.number(), expertise: v.number(), continuity: v.number(), extra_hours: v.number() }),
    v.null(),
  ),
  bound: nullableNumber,
  gap: nullableNumber,
  solve_ms: v.number(),
  phases: v.array(
    v.object({
      phase: v.union(v.literal("hard"), v.literal("overflow"), v.literal("elastic")),
      status: v.union(v.literal("optimal"), v.literal("time_limit"), v.literal("infeasible"), v.literal("no_solution"), v.literal("error")),
      objective: nullableNumber,
      bound: nullableNumber,
      gap: nullableNumber,
      solve_ms: v.number(),
      columns: v.number(),
      rows: v.number(),
    }),
  ),
  target_utilisation: v.number(),
  /** The year's band thresholds the figures were banded with (the UI bands a ticked subset alike). */
  band_thresholds: vBandThresholds,
  before: vPoolStats,
  after: vPoolStats,
  lecturers: v.array(
    v.object({
      lecturer_id: v.id("lecturers"),
      name: v.string(),
      team_name: v.union(v.string(), v.null()),
      before_sums: v.object({ category_hours: vCategoryHours, semester_hours: vSemesterSplit, allocation_count: v.number() }),
      before: vLecturerFigures,
      after: vLecturerFigures,
      added_hours: v.number(),
      line_count: v.number(),
    }),
  ),
  binding: v.array(
    v.object({
      team_name: v.union(v.string(), v.null()),
      kind: v.union(v.literal("capacity"), v.literal("max_teaching")),
      hours: v.number(),
      message: v.string(),
    }),
  ),
  unfilled: v.array(v.string()),
  unfilled_count: v.number(),
});
