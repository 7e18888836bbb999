/**
 * The rules of a rollover that do not touch the database: the options and
 * their defaults, who is a leaver for the new year, the year that follows
 * another, what a run resets, and the job's parameters. Pure, so the web
 * app shares it with the server: the batch (structure/rolloverCopy.ts), the
 * public functions (structure/rollover.ts), the cron and the wizard.
 */
import type { Doc, Id } from "../../_generated/dataModel";
import type { RolloverOptions } from "../../schema/validators";

export const ROLLOVER_JOB_KIND = "rollover";
export const DISCARD_JOB_KIND = "rollover_discard";

/** What a planner most often wants: continuity, with everything marked as carried. */
export const DEFAULT_ROLLOVER_OPTIONS: RolloverOptions = {
  carry_teaching_allocations: true,
  carry_recurring_admin: true,
  carry_groups_and_assessments: true,
  student_numbers: "forward",
};

/** The job's parameters (JSON on the job row). */
export type RolloverParams = {
  sourceYearId: Id<"academic_years">;
  /** Unset only for the preview of a year that does not exist yet. */
  targetYearId?: Id<"academic_years">;
  targetName: string;
  targetStart: string;
  targetEnd: string;
  /** The run created the target year: discarding it removes the whole year. */
  createdTarget: boolean;
  options: RolloverOptions;
  /** Started by the organisation's automatic rollover (the cron), not a person. */
  automatic?: boolean;
};

export function parseRolloverParams(json: string): RolloverParams {
  const p = JSON.parse(json) as RolloverParams;
  return { ...p, options: { ...DEFAULT_ROLLOVER_OPTIONS, ...p.options } };
}

/** Jobs of one target share a key: one run into a year at a time. */
export function rolloverKey(target: Id<"academic_years"> | string): string {
  return `${ROLLOVER_JOB_KIND}:${target}`;
}
export function previewKey(source: Id<"academic_years">): string {
  return `${ROLLOVER_JOB_KIND}-preview:${source}`;
}

export type RolloverPhase = "count" | "lecturers" | "iterations" | "allocations" | "admin" | "finish";

/** The phases of a run with these options, in order; the counting phase learns their totals. */
export function rolloverPhases(options: RolloverOptions): { name: RolloverPhase; label: string }[] {
  return [
    { name: "count", label: "Counting what to carry" },
    { name: "lecturers", label: "Lecturers" },
    { name: "iterations", label: "Module iterations" },
    ...(options.carry_teaching_allocations ? [{ name: "allocations" as const, label: "Teaching allocations" }] : []),
    ...(options.carry_recurring_admin ? [{ name: "admin" as const, label: "Recurring admin allocations" }] : []),
    { name: "finish", label: "Finishing" },
  ];
}

/** What a run resets in the new year, as people read it in the preview. */
export function rolloverResets(options: RolloverOptions, targetName: string): string[] {
  return [
    `Hours are computed with ${targetName}'s own rules and settings (copied when the year was created, so editing them never moves the current year).`,
    options.student_numbers === "forward"
      ? "Student numbers are carried forward from last year."
      : "Student numbers are reset to 0 for planners to enter.",
    "Versions start again at 1; every carried allocation waits for its lecturer's answer again.",
    "First-time teaching flags are cleared.",
    "Lecturer statuses (leave, sabbatical), contract adjustments, part-year dates and notes are reset.",
    "Iteration notes and assessment due dates are cleared.",
    "One-off admin allocations and cohort module plans are not carried.",
  ];
}

/** Why a profile does not get an instance in a year starting on `yearStart`, or null. */
export function leaverReason(
  profile: Pick<Doc<"lecturer_profiles">, "employment_status" | "employment_end_date">,
  yearStart: string,
  sourceStatusCode?: string,
): string | null {
  if (profile.employment_status === "left") return "has left";
  if (profile.employment_end_date && profile.employment_end_date < yearStart) return `left on ${profile.employment_end_date}`;
  if (sourceStatusCode === "left" && profile.employment_status === undefined) return "was marked Left last year";
  return null;
}

/** The end date of a profile's employment when it falls inside the year (carried part-year), or null. */
export function leavesDuring(profile: Pick<Doc<"lecturer_profiles">, "employment_end_date">, yearStart: string, yearEnd: string) {
  const end = profile.employment_end_date;
  return end && end >= yearStart && end < yearEnd ? end : null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(s: string): boolean {
  return ISO_DATE.test(s) && !Number.isNaN(Date.parse(s));
}

function shiftDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function shiftYears(iso: string, years: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** The year after `year`: "2026/27" -> "2027/28", starting the day after it ends, one year long. */
export function followingYear(year: Pick<Doc<"academic_years">, "name" | "end_date">) {
  const m = /^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$/.exec(year.name.trim());
  const name = m ? `${Number(m[1]) + 1}/${String((Number(m[1]) + 2) % 100).padStart(2, "0")}` : `${year.name} (next)`;
  const start = shiftDays(year.end_date, 1);
  return { name, start_date: start, end_date: shiftDays(shiftYears(start, 1), -1) };
}

/** Why rows were not carried, as the preview says it. */
export const SKIP_REASONS: Record<string, string> = {
  leaver: "leaves before the new year starts",
  deleted: "deleted",
  profile_deleted: "the lecturer's profile was deleted",
  lecturer_deleted: "the lecturer's record was deleted",
  module_deleted: "the module was deleted",
  module_withdrawn: "the module is withdrawn",
  iteration_deleted: "the iteration was deleted",
  group_deleted: "the group was deleted",
  group_not_in_year: "the group is not in the new year",
  lecturer_not_in_year: "the lecturer is not in the new year",
  iteration_not_in_year: "the iteration is not in the new year",
  category_deleted: "the admin category was deleted",
};

/** What each kind of row is called in the preview and the summary. */
export const ROLLOVER_KINDS: Record<string, string> = {
  lecturers: "Lecturers",
  iterations: "Module iterations",
  groups: "Groups",
  assessments: "Assessments",
  allocations: "Teaching allocations",
  admin_allocations: "Recurring admin allocations",
};

/** The year states in which a year is the current one (exactly one per organisation). */
export function isCurrentYear(status: Doc<"academic_years">["status"]): boolean {
  return status === "active" || status === "locked";
}
