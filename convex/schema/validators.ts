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

/**
 * Who acts in a function that is not called by a signed-in person: a job acts
 * as the user who started it (their access re-resolved at each step), a cron
 * as a named system actor, an API-key request as the key (its external system,
 * its permissions and scope). Always within one organisation.
 */
export const vActor = v.union(
  v.object({ kind: v.literal("user"), organisationId: v.id("organisations"), userId: v.id("users") }),
  v.object({ kind: v.literal("system"), organisationId: v.id("organisations"), name: v.string() }),
  v.object({ kind: v.literal("api_key"), organisationId: v.id("organisations"), apiKeyId: v.id("api_keys") }),
);
export type ActorRef = Infer<typeof vActor>;

/** What an audit row says about who acted. */
export const vActorKind = v.union(v.literal("user"), v.literal("system"), v.literal("api_key"));

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
  /** An action-driven phase: this internal action does the phase and reports back (lib/jobs.ts). */
  action_fn: v.optional(v.string()),
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

// --- reports, schedules, email (issue #11) ---------------------------------------

/**
 * What a report template builds. Every figure comes from the workload engine
 * (the live totals it keeps, and its allocation computation).
 *   lecturer_statement  one lecturer's year, the document they sign off
 *   workload_summary    one row per lecturer of a faculty, department or team, subtotals per team
 *   coverage            iterations and groups not fully allocated, shares not summing to 100%
 *   capacity            who is outside the healthy band, by how much
 *   allocation_export   one row per allocation with every input and the hours (round-trips to the import)
 *   year_comparison     per lecturer and per module, one year against another
 *   staff_export        lecturers of the year with their contract fields (round-trips to the import)
 *   modules_export      modules and their iterations with groups (round-trips to the import)
 */
export const REPORT_KINDS = [
  "lecturer_statement",
  "workload_summary",
  "coverage",
  "capacity",
  "allocation_export",
  "year_comparison",
  "staff_export",
  "modules_export",
] as const;
export const vReportKind = v.union(
  v.literal("lecturer_statement"),
  v.literal("workload_summary"),
  v.literal("coverage"),
  v.literal("capacity"),
  v.literal("allocation_export"),
  v.literal("year_comparison"),
  v.literal("staff_export"),
  v.literal("modules_export"),
);
export type ReportKind = Infer<typeof vReportKind>;
/** Kinds of templates written before issue #11; the reports migration rewrites them. */
export const vLegacyReportKind = v.union(
  v.literal("lecturer_summary"),
  v.literal("team_summary"),
  v.literal("coverage_gaps"),
  v.literal("allocations"),
);

export const REPORT_FORMATS = ["csv", "xlsx", "pdf"] as const;
export const vReportFormat = v.union(v.literal("csv"), v.literal("xlsx"), v.literal("pdf"));
export type ReportFormat = Infer<typeof vReportFormat>;
/** Single formats of rows written before issue #11. */
export const vLegacyReportFormat = v.union(v.literal("csv"), v.literal("json"), v.literal("html"));

/** What a report covers. Unset year: the active year when it runs. */
export const vReportFilters = v.object({
  academic_year_id: v.optional(v.id("academic_years")),
  /** Year comparison: the year set beside the report's (unset: the current year, or for a report on the current year, the planning year after it). */
  compare_year_id: v.optional(v.id("academic_years")),
  faculty_id: v.optional(v.id("faculties")),
  department_id: v.optional(v.id("departments")),
  team_id: v.optional(v.id("teams")),
  /** Lecturer statement: whose (unset: the recipient's own). */
  lecturer_id: v.optional(v.id("lecturers")),
});
export type ReportFilters = Infer<typeof vReportFilters>;

/** One file of a report execution. */
export const vReportFile = v.object({
  format: vReportFormat,
  storage_id: v.id("_storage"),
  file_name: v.string(),
  content_type: v.string(),
  size: v.number(),
});

/**
 * Who a schedule sends to. Each person receives what they may see when it
 * runs: a user their own scope, every holder of a role their own scope, every
 * lecturer their own statement; an address (in a domain the organisation
 * allows) receives what the schedule's owner may see.
 */
export const vReportRecipient = v.union(
  v.object({ kind: v.literal("user"), user_id: v.id("users") }),
  v.object({ kind: v.literal("role"), role_id: v.id("roles") }),
  v.object({ kind: v.literal("lecturers") }),
  v.object({ kind: v.literal("email"), address: v.string() }),
);
export type ReportRecipient = Infer<typeof vReportRecipient>;

export const vScheduleFrequency = v.union(v.literal("daily"), v.literal("weekly"), v.literal("monthly"));

export const vDeliveryStatus = v.union(
  v.literal("queued"),
  v.literal("sent"),
  v.literal("failed"),
  /** Nothing to send: the person turned scheduled reports off, or may no longer see the report. */
  v.literal("skipped"),
);

/** How a member hears about changes to their allocations by email. */
export const vAllocationEmails = v.union(v.literal("immediate"), v.literal("daily"), v.literal("off"));
export type AllocationEmails = Infer<typeof vAllocationEmails>;
