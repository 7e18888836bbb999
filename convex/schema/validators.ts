/**
 * Validators shared by the schema, the public functions and the UI.
 *
 * Enumerations that are part of the domain model (not organisation-editable
 * reference data) live here once, so a new value is added in one place and
 * the TypeScript types follow (`Infer<typeof vContractFamily>`).
 */
import { v, type Infer } from "convex/values";

/** Contract family decides the maximum-teaching ratio and recommended split. */
export const vContractFamily = v.union(
  v.literal("teaching_focused"),
  v.literal("research_focused"),
  v.literal("teaching_and_research"),
  v.literal("practitioner"),
);
export type ContractFamily = Infer<typeof vContractFamily>;

/** Kinds of work an allocation's hours count as (WAM's components plus non-module work). */
export const vWorkCategory = v.union(
  v.literal("teaching"),
  v.literal("marking"),
  v.literal("preparation"),
  v.literal("leadership"),
  v.literal("admin"),
  v.literal("research"),
);
export type WorkCategory = Infer<typeof vWorkCategory>;

/** When an iteration runs; "year" splits across semesters (equally unless split explicitly). */
export const vSemester = v.union(
  v.literal("S1"),
  v.literal("S2"),
  v.literal("S3"),
  v.literal("year"),
);
export type Semester = Infer<typeof vSemester>;

/** Explicit per-semester split of hours, as fractions that sum to 1. */
export const vSemesterSplit = v.object({ S1: v.number(), S2: v.number(), S3: v.number() });

/**
 * An academic year's state: staging (being planned), active (the current
 * year, what everyone sees by default), locked (published: the current year
 * frozen, its records change only with `years.edit_locked`), archived (past,
 * read-only). Exactly one year of an organisation is current (active or
 * locked); promoting a staging year archives the previous one.
 */
export const vAcademicYearStatus = v.union(
  v.literal("staging"),
  v.literal("active"),
  v.literal("locked"),
  v.literal("archived"),
);
export type AcademicYearStatus = Infer<typeof vAcademicYearStatus>;

/** A lecturer's employment: "left" (or an end date before a year starts) stops them carrying into it. */
export const vEmploymentStatus = v.union(v.literal("active"), v.literal("left"));
export type EmploymentStatus = Infer<typeof vEmploymentStatus>;

/** A module that is withdrawn is no longer delivered: rollovers give it no iteration. */
export const vModuleStatus = v.union(v.literal("active"), v.literal("withdrawn"));
export type ModuleStatus = Infer<typeof vModuleStatus>;

/** What a rollover carries into the new year (structure/rollover.ts); each has a default there. */
export const vRolloverOptions = v.object({
  /** Last year's teaching allocations, marked as carried, as a starting point. */
  carry_teaching_allocations: v.boolean(),
  /** Admin allocations marked recurring (programme leader, exams officer...). */
  carry_recurring_admin: v.boolean(),
  /** Each carried iteration's groups and assessments. */
  carry_groups_and_assessments: v.boolean(),
  /** Student numbers: last year's, or 0 for the planner to enter. */
  student_numbers: v.union(v.literal("forward"), v.literal("reset")),
});
export type RolloverOptions = Infer<typeof vRolloverOptions>;

/** A lecturer's answer to an allocation offered to them ("My workload"). */
export const vAllocationResponse = v.union(
  v.literal("pending"),
  v.literal("accepted"),
  v.literal("queried"),
);

export const vModuleLevel = v.number(); // 3..8 on the UK framework (FHEQ/SCQF mapped)

export const vAuditAction = v.union(
  v.literal("create"),
  v.literal("update"),
  v.literal("delete"),
  v.literal("soft_delete"),
  v.literal("restore"),
);

/** Report run state, as TESC's report executions. */
export const vReportStatus = v.union(
  v.literal("pending"),
  v.literal("processing"),
  v.literal("completed"),
  v.literal("failed"),
);

/** A long-running job's state (convex/lib/jobs.ts): queued -> running -> completed | failed | cancelled. */
export const vJobState = v.union(
  v.literal("queued"),
  v.literal("running"),
  v.literal("completed"),
  v.literal("failed"),
  v.literal("cancelled"),
);
export type JobState = Infer<typeof vJobState>;

/** One phase of a job, with its progress; `total` is unset until the job has counted it. */
export const vJobPhase = v.object({
  name: v.string(),
  label: v.string(),
  done: v.number(),
  total: v.optional(v.number()),
});
export type JobPhase = Infer<typeof vJobPhase>;

/** What one transaction used of Convex's per-transaction limits (reads, writes, index ranges). */
export const vJobUsage = v.object({
  documentsRead: v.number(),
  documentsWritten: v.number(),
  bytesRead: v.number(),
  bytesWritten: v.number(),
  databaseQueries: v.number(),
});
export type JobUsage = Infer<typeof vJobUsage>;

export const vWeekday = v.union(
  v.literal("mon"),
  v.literal("tue"),
  v.literal("wed"),
  v.literal("thu"),
  v.literal("fri"),
  v.literal("sat"),
  v.literal("sun"),
);

/** Per-family constants (ratios of contract hours), held in organisation settings. */
export const vContractFamilySettings = v.object({
  family: vContractFamily,
  label: v.string(),
  max_teaching_ratio: v.number(),
  teaching_ratio: v.number(),
  admin_ratio: v.number(),
  research_ratio: v.number(),
  research_allowance_hours: v.number(),
});

/** Utilisation band thresholds (allocated / contract), ascending. */
export const vBandThresholds = v.object({
  under: v.number(), // below: under-allocated
  healthy: v.number(), // below: healthy
  near: v.number(), // up to and including: near capacity
  critical: v.number(), // above: critical; between near and critical: over
});
