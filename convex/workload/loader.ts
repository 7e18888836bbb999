/**
 * Loading what the engine needs from the database, once per function call:
 * a year's settings and rules, an iteration with its module, groups and
 * assessments, allocation types. Used by the mutations, the triggers, the
 * recompute job, explain and verify, so all of them feed the engine alike.
 *
 * The reader may be the raw one (triggers, jobs): deleted groups, assessments
 * and rules are skipped here rather than trusted to the caller.
 */
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import {
  computeAllocation,
  DEFAULT_SETTINGS,
  type AllocationResult,
  type CalculationRule,
  type IterationFacts,
  type WorkloadSettings,
} from "../lib/workload";
import { appError } from "../lib/errors";

type Reader = GenericDatabaseReader<DataModel>;

export type IterationBundle = {
  iteration: Doc<"module_iterations">;
  module: Doc<"modules">;
  groups: Doc<"module_iteration_groups">[];
  facts: IterationFacts;
};

export type LoadedSettings = WorkloadSettings & { source: "organisation" | "defaults"; row: Doc<"organisation_settings"> | null };

/** The fields of an allocation the engine reads (a row, or a draft before it is written). */
export type AllocationDraft = Pick<
  Doc<"module_allocations">,
  "academic_year_id" | "module_iteration_id" | "allocation_type_id" | "group_id" | "share" | "first_time" | "hours_override" | "override_reason"
>;

const live = <T extends { deleted_at?: number }>(rows: T[]) => rows.filter((r) => r.deleted_at === undefined);

export class WorkloadLoader {
  private settingsCache = new Map<string, Promise<LoadedSettings>>();
  private rulesCache = new Map<string, Promise<Doc<"workload_calculation_rules">[]>>();
  private iterationCache = new Map<string, Promise<IterationBundle>>();
  private typeCache = new Map<string, Promise<Doc<"allocation_types">>>();

  constructor(readonly db: Reader) {}

  /** The year's settings row, or the defaults when the year has none yet. */
  settings(yearId: Id<"academic_years">): Promise<LoadedSettings> {
    return memo(this.settingsCache, yearId, async () => {
      const row = await this.db
        .query("organisation_settings")
        .withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", yearId))
        .first();
      if (!row) return { ...DEFAULT_SETTINGS, source: "defaults", row: null };
      return {
        standard_fte_hours: row.standard_fte_hours,
        teaching_weeks: row.teaching_weeks,
        default_max_group_size: row.default_max_group_size,
        band_thresholds: row.band_thresholds,
        contract_families: row.contract_families,
        default_year_split: row.default_year_split,
        source: "organisation",
        row,
      };
    });
  }

  /** The year's rules (active or not; the engine skips inactive ones). */
  rules(yearId: Id<"academic_years">): Promise<Doc<"workload_calculation_rules">[]> {
    return memo(this.rulesCache, yearId, async () =>
      live(
        await this.db
          .query("workload_calculation_rules")
          .withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", yearId))
          .collect(),
      ),
    );
  }

  allocationType(id: Id<"allocation_types">): Promise<Doc<"allocation_types">> {
    return memo(this.typeCache, id, async () => {
      const type = await this.db.get(id);
      if (!type) throw appError("NOT_FOUND", "This allocation type does not exist.", { id });
      return type;
    });
  }

  iteration(id: Id<"module_iterations">): Promise<IterationBundle> {
    return memo(this.iterationCache, id, async () => {
      const iteration = await this.db.get(id);
      if (!iteration) throw appError("NOT_FOUND", "This module iteration does not exist or has been deleted.", { id });
      const module = await this.db.get(iteration.module_id);
      if (!module) throw appError("NOT_FOUND", "The module of this iteration does not exist.", { id: iteration.module_id });
      const groups = live(
        await this.db.query("module_iteration_groups").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", id)).collect(),
      ).sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
      const assessments = live(
        await this.db
          .query("module_iteration_assessments")
          .withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", id))
          .collect(),
      );
      const tariffs: { marking_hours_per_script: number }[] = [];
      for (const a of assessments) {
        const type = await this.db.get(a.assessment_type_id);
        tariffs.push({ marking_hours_per_script: type?.marking_hours_per_script ?? 0 });
      }
      const facts: IterationFacts = {
        credits: module.credits,
        level: module.level,
        semester: iteration.semester,
        semester_split: iteration.semester_split,
        student_count: iteration.student_count,
        max_group_size: iteration.max_group_size,
        teaching_weeks: iteration.teaching_weeks,
        contact_hours_override: iteration.contact_hours_override,
        intakes: iteration.intakes,
        groups: groups.map((g) => ({ id: g._id, name: g.name, student_count: g.student_count })),
        assessments: tariffs,
      };
      return { iteration, module, groups, facts };
    });
  }

  /** Runs the engine for one allocation (a row or a draft), with the year's rules or `withRules` (a what-if). */
  async compute(
    draft: AllocationDraft,
    withRules?: readonly CalculationRule[],
  ): Promise<AllocationResult & { type: Doc<"allocation_types">; bundle: IterationBundle }> {
    const [type, bundle, rules, settings] = await Promise.all([
      this.allocationType(draft.allocation_type_id),
      this.iteration(draft.module_iteration_id),
      withRules ?? this.rules(draft.academic_year_id),
      this.settings(draft.academic_year_id),
    ]);
    const result = computeAllocation(
      {
        allocation_type: type,
        group_id: draft.group_id,
        share: draft.share,
        first_time: draft.first_time,
        hours_override: draft.hours_override,
        override_reason: draft.override_reason,
      },
      bundle.facts,
      rules as CalculationRule[],
      settings,
    );
    return { ...result, type, bundle };
  }

}

function memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let hit = cache.get(key);
  if (!hit) {
    hit = load();
    cache.set(key, hit);
  }
  return hit;
}
