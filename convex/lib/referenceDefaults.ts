/**
 * Starting reference data for a new organisation: kinds of staff, lecturer
 * statuses, admin allocation categories, assessment types. They are ordinary
 * rows afterwards, edited per organisation; these only seed them. Workload
 * constants (standard hours, bands, rules, allocation types) live in
 * lib/workload/defaults.ts with the engine that reads them.
 */

export const DEFAULT_USER_ROLES = [
  { name: "Academic", description: "Teaching and research staff", is_default: true },
  { name: "Professional services", description: "Administrative and support staff", is_default: false },
];

export const DEFAULT_LECTURER_STATUSES = [
  { code: "active", name: "Active", counts_towards_capacity: true, sort_order: 1 },
  { code: "on_leave", name: "On leave", counts_towards_capacity: false, sort_order: 2 },
  { code: "sabbatical", name: "Sabbatical", counts_towards_capacity: false, sort_order: 3 },
  { code: "left", name: "Left", counts_towards_capacity: false, sort_order: 4 },
];

/** Hours from workload-model.md: course leadership, tutoring, admissions... */
export const DEFAULT_ADMIN_CATEGORIES = [
  { code: "programme_leader", name: "Programme leader", default_hours: 100, work_category: "leadership" as const, recurring: true },
  { code: "admissions_tutor", name: "Admissions tutor", default_hours: 60, work_category: "admin" as const, recurring: true },
  { code: "exams_officer", name: "Exams officer", default_hours: 80, work_category: "admin" as const, recurring: true },
  { code: "personal_tutoring", name: "Personal tutoring", default_hours: 20, work_category: "admin" as const, recurring: true },
  { code: "phd_supervision", name: "PhD supervision", default_hours: 30, work_category: "research" as const, recurring: true },
  // The family's research allowance is already in every lecturer's totals (lib/workload/defaults.ts);
  // this category is for work beyond it, such as a grant buying out teaching time.
  { code: "research_buyout", name: "Research grant buy-out", default_hours: 0, work_category: "research" as const, recurring: false },
];

/** Marking tariffs per script (workload-model.md: 1 h per exam script, 0.1667 h per coursework script). */
export const DEFAULT_ASSESSMENT_TYPES = [
  { code: "exam", name: "Exam", marking_hours_per_script: 1 },
  { code: "coursework", name: "Coursework", marking_hours_per_script: 0.1667 },
  { code: "presentation", name: "Presentation", marking_hours_per_script: 0.5 },
  { code: "dissertation", name: "Dissertation", marking_hours_per_script: 3 },
];

/** Organisation settings that are not workload constants (those are in lib/workload/defaults.ts). */
export const DEFAULT_ORGANISATION_SETTINGS = {
  /** Lecturers see only their own load unless the organisation opens it up. */
  lecturers_see_colleagues: false,
  /** Seconds without a heartbeat after which an editor counts as gone (clients beat every 10 s). */
  presence_timeout_seconds: 30,
};
