/**
 * The shapes of allocation suggestions, from what the server loads (a plain
 * snapshot of one year in the planner's scope) to the proposal it records.
 * Pure data: no Convex documents, so the model can be built and solved in
 * tests, in an action or anywhere else, and brute-forced on the same terms.
 */
import type {
  AllocationBasis,
  AvailabilitySlot,
  CalculationRule,
  IterationFacts,
  SemesterSplit,
  Specialisation,
  TotalsSums,
  WorkCategory,
  WorkloadSettings,
} from "../workload";

export type Strategy = "balance" | "expertise" | "continuity";
export const STRATEGIES: readonly Strategy[] = ["balance", "expertise", "continuity"];

export type SuggestionType = {
  id: string;
  code: string;
  name: string;
  work_category: WorkCategory;
  basis: AllocationBasis;
  sort_order: number;
};

/** A candidate lecturer of the year with their figures before any suggestion. */
export type SuggestionLecturer = {
  id: string;
  profile_id: string;
  name: string;
  team_id: string | null;
  team_name: string | null;
  /** The live totals row's sums and contract figures (what the triggers add to). */
  sums: TotalsSums;
  contract_hours: number;
  max_teaching_hours: number;
  specialisations: Specialisation[];
  tag_ids: string[];
  availability: AvailabilitySlot[];
};

export type SuggestionGroup = { id: string; name: string; weekday?: string; start_time?: string; end_time?: string };

export type SuggestionIteration = {
  id: string;
  code: string;
  module_id: string;
  module_title: string;
  subject_area: string | null;
  /** The module's and the iteration's tags. */
  tag_ids: string[];
  /** What the engine needs (groups carry their ids). */
  facts: IterationFacts;
  groups: SuggestionGroup[];
  /** This year's live allocations of the iteration. */
  allocations: { allocation_type_id: string; lecturer_id: string; group_id: string | null; share: number }[];
  /** Profiles that held each component (type code) of the module last year. */
  last_year: { profile_id: string; allocation_type_code: string }[];
  /** Profiles that taught the module in any earlier year (the rest prepare it for the first time). */
  taught_before: string[];
};

export type SuggestionInput = {
  academic_year_id: string;
  settings: WorkloadSettings;
  rules: CalculationRule[];
  types: SuggestionType[];
  lecturers: SuggestionLecturer[];
  iterations: SuggestionIteration[];
};

export type SuggestionOptions = {
  strategy: Strategy;
  /** Largest share one line gives of a gap, in percent: 100 (whole components), 50 or 25. */
  step_percent: number;
  time_limit_seconds: number;
};

/** One component of a slot: an allocation type (of a group, or the whole iteration) with its uncovered share. */
export type SlotComponent = { type: SuggestionType };

/**
 * A gap to fill: the components of one iteration (or group) sharing a basis
 * and the same uncovered share, filled together (who teaches a group's
 * contact hours prepares and marks them too).
 */
export type Slot = {
  index: number;
  iteration: SuggestionIteration;
  group: SuggestionGroup | null;
  components: SuggestionType[];
  /** Uncovered share of each component, percent. */
  remaining: number;
  /** The gap is cut into `units` equal pieces of `unit_share` percent. */
  units: number;
  unit_share: number;
  /** Lecturers who already hold part of one of these components. */
  holders: Set<string>;
};

export type OptionPart = {
  type: SuggestionType;
  hours: number;
  work_category: WorkCategory;
  semester_hours: SemesterSplit;
};

/** One candidate assignment: lecturer `lecturer` takes `units` pieces of `slot`. */
export type CandidateOption = {
  index: number;
  slot: number;
  lecturer: number;
  units: number;
  share: number;
  first_time: boolean;
  parts: OptionPart[];
  hours: number;
  teaching_hours: number;
  /** 0..1: how well their specialisations and tags fit the module. */
  expertise: number;
  /** 0..1: 1 if they held this work on the module last year, 0.5 another component of it. */
  continuity: number;
  /** Hours above the cheapest candidate's for the same share (a first delivery's extra preparation). */
  extra_hours: number;
};

export type UnfilledSlot = { slot: number; reason: string };

export type Problem = {
  input: SuggestionInput;
  options: SuggestionOptions;
  lecturers: SuggestionLecturer[];
  slots: Slot[];
  candidates: CandidateOption[];
  /** Lecturer indexes that have at least one candidate option (the pool the balance measure covers). */
  pool: number[];
  /** Utilisation the pool would have with the gaps filled at their cheapest: the balance target. */
  target_utilisation: number;
  /** Whole components to fill (sum of share fractions), the scale of the expertise and continuity terms. */
  component_total: number;
  /** Hours the gaps need at their cheapest (the scale of the extra-hours term). */
  demand_hours: number;
  /** Gaps no lecturer in scope can take, with the reason. */
  unfilled: UnfilledSlot[];
};

export type ObjectiveWeights = { balance: number; expertise: number; continuity: number; extra_hours: number };
