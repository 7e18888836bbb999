/**
 * The workload engine's own types. The engine is pure TypeScript shared by
 * the Convex functions, reports and the React app, so it declares the shapes
 * it needs here instead of importing Convex documents; the database rows are
 * structurally compatible with them.
 */

export type WorkCategory = "teaching" | "marking" | "preparation" | "leadership" | "admin" | "research";
export const WORK_CATEGORIES: readonly WorkCategory[] = [
  "teaching",
  "marking",
  "preparation",
  "leadership",
  "admin",
  "research",
];

/** Categories that count towards maximum teaching. */
export const TEACHING_CATEGORIES: readonly WorkCategory[] = ["teaching", "marking", "preparation"];

export type CategoryHours = Record<WorkCategory, number>;

export type Semester = "S1" | "S2" | "S3" | "year";
export type SemesterCode = "S1" | "S2" | "S3";
export type SemesterSplit = Record<SemesterCode, number>;

export type ContractFamily = "teaching_focused" | "research_focused" | "teaching_and_research" | "practitioner";

export type ContractFamilySettings = {
  family: ContractFamily;
  label: string;
  max_teaching_ratio: number;
  teaching_ratio: number;
  admin_ratio: number;
  research_ratio: number;
  research_allowance_hours: number;
};

export type BandThresholds = { under: number; healthy: number; near: number; critical: number };
export type Band = "under" | "healthy" | "near" | "over" | "critical";
export const BANDS: readonly Band[] = ["under", "healthy", "near", "over", "critical"];

/** The organisation's constants for one academic year (organisation_settings). */
export type WorkloadSettings = {
  standard_fte_hours: number;
  teaching_weeks: number;
  default_max_group_size: number;
  band_thresholds: BandThresholds;
  contract_families: ContractFamilySettings[];
  default_year_split: SemesterSplit;
};

export type Rounding = "none" | "nearest" | "up" | "down";

export type RuleConditions = {
  allocation_type_codes?: string[];
  work_categories?: WorkCategory[];
  module_levels?: number[];
  semesters?: Semester[];
  first_time?: boolean;
};

/** A workload_calculation_rules row as the engine sees it. */
export type CalculationRule = {
  _id?: string;
  name: string;
  formula: string;
  conditions: RuleConditions;
  priority: number;
  min_hours?: number;
  max_hours?: number;
  rounding: Rounding;
  rounding_step: number;
  is_active: boolean;
};

export type AllocationBasis = "iteration" | "group";

export type AllocationTypeInfo = {
  code: string;
  name: string;
  work_category: WorkCategory;
  basis: AllocationBasis;
};

/** The lecturer-year fields the contract depends on. */
export type LecturerContract = {
  fte: number;
  contract_family: ContractFamily;
  contract_start?: string;
  contract_end?: string;
  contract_hours_adjustment?: number;
  adjustment_reason?: string;
  /** False while the lecturer's status (on leave, sabbatical...) takes them out of capacity. */
  counts_towards_capacity?: boolean;
};

export type YearDates = { start_date: string; end_date: string };
