/**
 * Every constant of the workload model, in one place. An organisation's own
 * values live in `organisation_settings` and `workload_calculation_rules`
 * (per academic year); these are what a new organisation or year starts with
 * (the bootstrap copies them) and what the engine falls back on when a year
 * has no settings row yet. Sources: /work/shared/design/workload-model.md.
 */
import type { AllocationBasis, CalculationRule, WorkCategory, WorkloadSettings } from "./types";

export const DEFAULT_SETTINGS: WorkloadSettings = {
  /** Hours a year of a 1.0 FTE contract (common UK figure; WAM uses 1,600). */
  standard_fte_hours: 1650,
  /** Teaching weeks in a year, the `weeks` variable when an iteration sets none. */
  teaching_weeks: 24,
  /** Students per group when an iteration sets none; a cohort is ceil(students / this) groups. */
  default_max_group_size: 25,
  /** Utilisation (allocated / contract) thresholds, as fractions. */
  band_thresholds: {
    under: 0.8, // below: under-allocated
    healthy: 0.95, // below: healthy
    near: 1.0, // up to and including: near capacity
    critical: 1.1, // above: critical; between near and critical: over
  },
  /**
   * Ratios are fractions of contract hours; research allowances are hours a
   * year at 1.0 FTE (pro-rated by FTE). Teaching-focused, research-focused
   * and practitioner ratios are the published ones; teaching-and-research
   * sits between them, and its and research-focused's allowances are ours.
   */
  contract_families: [
    {
      family: "teaching_focused",
      label: "Teaching-focused",
      max_teaching_ratio: 0.6,
      teaching_ratio: 0.6,
      admin_ratio: 0.3,
      research_ratio: 0.1,
      research_allowance_hours: 150,
    },
    {
      family: "teaching_and_research",
      label: "Teaching and research",
      max_teaching_ratio: 0.5,
      teaching_ratio: 0.5,
      admin_ratio: 0.2,
      research_ratio: 0.3,
      research_allowance_hours: 300,
    },
    {
      family: "research_focused",
      label: "Research-focused",
      max_teaching_ratio: 0.3,
      teaching_ratio: 0.3,
      admin_ratio: 0.2,
      research_ratio: 0.4,
      research_allowance_hours: 450,
    },
    {
      family: "practitioner",
      label: "Practitioner",
      max_teaching_ratio: 0.8,
      teaching_ratio: 0.8,
      admin_ratio: 0.2,
      research_ratio: 0,
      research_allowance_hours: 75,
    },
  ],
  /** How a year-long iteration loads the semesters (WAM splits equally). */
  default_year_split: { S1: 0.5, S2: 0.5, S3: 0 },
};

/** The allocation type whose rule gives an iteration's contact hours per group (`contact_hours`). */
export const CONTACT_TYPE_CODE = "contact";

/** The components of a module iteration, seeded into every organisation. */
export const DEFAULT_ALLOCATION_TYPES: {
  code: string;
  name: string;
  work_category: WorkCategory;
  basis: AllocationBasis;
  sort_order: number;
}[] = [
  { code: CONTACT_TYPE_CODE, name: "Contact teaching", work_category: "teaching", basis: "group", sort_order: 1 },
  { code: "preparation", name: "Preparation", work_category: "preparation", basis: "group", sort_order: 2 },
  { code: "marking", name: "Marking and assessment", work_category: "marking", basis: "group", sort_order: 3 },
  { code: "module_admin", name: "Module administration", work_category: "admin", basis: "iteration", sort_order: 4 },
  { code: "module_leadership", name: "Module leadership", work_category: "leadership", basis: "iteration", sort_order: 5 },
];

type StarterRule = Omit<CalculationRule, "_id"> & { description: string };

/**
 * WAM's starter rules, per allocation. `share` is the lecturer's fraction of
 * the component (0..1); `groups` the groups they teach; `contact_hours` the
 * iteration's contact hours per group (the contact rule at a full share, or
 * the iteration's own override).
 */
export const DEFAULT_RULES: StarterRule[] = [
  {
    name: "Contact teaching (WAM)",
    description: "2.5 contact hours per credit, repeated for every group taught.",
    formula: "credits * 2.5 * groups * share",
    conditions: { allocation_type_codes: [CONTACT_TYPE_CODE] },
    priority: 0,
    rounding: "nearest",
    rounding_step: 0.1,
    is_active: true,
  },
  {
    name: "Preparation (WAM)",
    description: "One hour of preparation per contact hour.",
    formula: "contact_hours * groups * share",
    conditions: { allocation_type_codes: ["preparation"] },
    priority: 0,
    rounding: "nearest",
    rounding_step: 0.1,
    is_active: true,
  },
  {
    name: "Preparation, first delivery",
    description: "Preparation doubles the first time a lecturer delivers the module.",
    formula: "contact_hours * groups * share * 2",
    conditions: { allocation_type_codes: ["preparation"], first_time: true },
    priority: 10,
    rounding: "nearest",
    rounding_step: 0.1,
    is_active: true,
  },
  {
    name: "Marking (WAM or per-script tariff)",
    description:
      "The assessments' per-script tariffs for each student marked when they are set, otherwise one hour per contact hour.",
    formula: "script_hours > 0 ? students * script_hours * share : contact_hours * groups * share",
    conditions: { allocation_type_codes: ["marking"] },
    priority: 0,
    rounding: "nearest",
    rounding_step: 0.1,
    is_active: true,
  },
  {
    name: "Module administration (WAM)",
    description: "One hour of administration per contact hour of the module.",
    formula: "contact_hours * share",
    conditions: { allocation_type_codes: ["module_admin"] },
    priority: 0,
    rounding: "nearest",
    rounding_step: 0.1,
    is_active: true,
  },
  {
    name: "Module leadership (WAM)",
    description: "15 hours plus 0.01 hours per student, to the module leader.",
    formula: "(15 + 0.01 * students) * share",
    conditions: { allocation_type_codes: ["module_leadership"] },
    priority: 0,
    rounding: "nearest",
    rounding_step: 0.1,
    is_active: true,
  },
];

/**
 * Hours are kept to this many decimals everywhere (rule results, totals,
 * deltas), so that sums kept incrementally equal sums recomputed from scratch
 * exactly.
 */
export const HOURS_DECIMALS = 6;

/** Dashboard histogram: bucket width and the start of the open last bucket (fractions of contract). */
export const HISTOGRAM_BUCKET_WIDTH = 0.1;
export const HISTOGRAM_MAX = 1.5;

/** How many lecturers the dashboard lists as most over- and under-allocated. */
export const DASHBOARD_TOP_N = 10;

/** Lecturers per batch of the recompute job (each has at most ~50 allocations). */
export const RECOMPUTE_BATCH_LECTURERS = 20;


/** A rule preview reads at most this many allocations of the year, and lists this many changes by default. */
export const RULE_PREVIEW_SCAN_LIMIT = 4000;
export const RULE_PREVIEW_LIST_LIMIT = 50;

/**
 * Shares worked out from typed hours ("12h" in an empty cell) are rounded to
 * this step of a percent, and are never below it (a share is above 0).
 */
export const SHARE_STEP_PERCENT = 0.1;

/**
 * Cells one paste or fill may write at once (workload/cells:apply): one
 * transaction, all or nothing, inside Convex's per-transaction limits. Each
 * cell writes its row, an audit row, two totals rows and its iteration's
 * coverage row, and reads about 17 index ranges doing so (the limit is
 * 4,096): 250 cells no longer fit once coverage rows joined the triggers.
 */
export const MAX_BLOCK_CELLS = 200;
