/**
 * Every trigger of the application, registered in one place. The function
 * builders (lib/functions.ts) wrap `ctx.db` with these, so each write on a
 * registered table runs them inside the same transaction.
 */
import { Triggers } from "convex-helpers/server/triggers";
import type { DataModel, TableNames } from "../_generated/dataModel";
import { auditTrigger, type TriggerCtx } from "./audit";
import {
  onAdminAllocationChange,
  onAdminCategoryChange,
  onLecturerStatusChange,
  onAllocationTypeChange,
  onAssessmentTypeChange,
  onDepartmentChange,
  onIterationAssessmentChange,
  onIterationChange,
  onIterationGroupChange,
  onLecturerChange,
  onLecturerProfileChange,
  onModuleAllocationChange,
  onModuleChange,
  onAllocationPlacement,
  onGroupPlacement,
  onIterationPlacement,
  onLecturerPlacement,
  onModulePlacement,
} from "../workload/triggers";

export const triggers = new Triggers<DataModel, TriggerCtx>();

/**
 * Tables whose writes are derived, transient or the trail itself: auditing
 * them would bury people's changes under machine noise.
 */
export const UNAUDITED_TABLES = new Set<TableNames>([
  "audit_logs",
  "events",
  "lecturer_year_totals",
  "team_summaries",
  "overview_cells",
  "iteration_coverage",
  "presence",
  "notifications",
  "user_sessions",
  "data_sync_logs",
  // An import's own bookkeeping; what it writes to the data is audited row by row.
  "import_rows",
  "import_keys",
  "import_mappings",
  "jobs", // progress of long work; what the job changes is audited row by row
  // The suggestion history is itself the record of each run; accepted lines become audited allocations.
  "allocation_suggestion_runs",
  "allocation_suggestion_lines",
]);

export const AUDITED_TABLES: TableNames[] = [
  "organisations", "user_roles", "users", "user_profiles", "user_settings", "user_preferences",
  "academic_years", "semester_periods", "departments", "faculties", "teams",
  "lecturer_profiles", "lecturer_statuses", "lecturers", "lecturer_availability", "lecturer_specialisations",
  "admin_allocation_categories", "admin_allocations",
  "courses", "cohorts", "modules", "course_modules", "cohort_module_plans",
  "module_iterations", "module_iteration_groups", "sites", "assessment_types",
  "module_iteration_assessments", "allocation_types", "module_allocations",
  "workload_reports", "workload_calculation_rules",
  "organisation_settings", "notification_settings", "external_systems", "api_keys", "report_templates",
  "scheduled_reports", "data_migrations", "roles", "user_role_assignments",
  "file_attachments", "tags", "taggables",
];

// Audit: one row per insert/update/delete of a person's (or a job's) change.
for (const table of AUDITED_TABLES) triggers.register(table, auditTrigger(table) as any);

// Placement (convex/workload/placement.ts): the department each delivery row belongs to, stored on it.
triggers.register("module_iterations", onIterationPlacement);
triggers.register("module_iteration_groups", onGroupPlacement);
triggers.register("module_allocations", onAllocationPlacement);
triggers.register("modules", onModulePlacement);
triggers.register("lecturers", onLecturerPlacement);

// Workload (convex/workload/triggers.ts). Registered after the audit trigger, so a
// change is audited before its derived figures move.
// Allocations move their lecturer's totals (and team summary) by delta.
triggers.register("module_allocations", onModuleAllocationChange);
triggers.register("admin_allocations", onAdminAllocationChange);
// A lecturer's contract, team or deletion recounts their totals row (created on insert).
triggers.register("lecturers", onLecturerChange);
// Renames and faculty moves reach the names and faculties copied onto totals rows.
triggers.register("lecturer_profiles", onLecturerProfileChange);
triggers.register("departments", onDepartmentChange);
// What allocation hours depend on recomputes the iteration's allocations; the iteration,
// its groups, allocations and module also refresh its coverage row (workload/coverage.ts).
triggers.register("module_iterations", onIterationChange);
triggers.register("module_iteration_groups", onIterationGroupChange);
triggers.register("module_iteration_assessments", onIterationAssessmentChange);
triggers.register("modules", onModuleChange);
// Organisation-wide reference data that allocations or totals read starts each open year's recompute job.
triggers.register("allocation_types", onAllocationTypeChange);
triggers.register("assessment_types", onAssessmentTypeChange);
triggers.register("admin_allocation_categories", onAdminCategoryChange);
triggers.register("lecturer_statuses", onLecturerStatusChange);
