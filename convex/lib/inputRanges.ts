/**
 * Every number a person can store, with its range, stated once. The server's
 * checks (lib/validation.ts, the function layer's generic checks) and the web
 * app's forms (`@convex/lib/inputRanges`) both read these, so a form never
 * accepts what the server refuses or refuses what it accepts.
 *
 * Plain data, no Convex imports: the browser bundles it.
 *
 *   requireRange(args.fte, RANGES.fte);               // server
 *   { name: "fte", type: "number", ...formRange(RANGES.fte) }   // form field
 */

export type NumberRange = {
  /** How a person names the number, for messages ("FTE", "Students"). */
  label: string;
  min: number;
  max: number;
  /** The minimum itself is not allowed (a share must be above 0). */
  minExclusive?: boolean;
  /** Whole numbers only (people, weeks, months). */
  integer?: boolean;
  /** Step for number inputs. */
  step?: number;
};

const r = (label: string, min: number, max: number, extra: Partial<NumberRange> = {}): NumberRange => ({ label, min, max, ...extra });

export const RANGES = {
  // Lecturers
  fte: r("FTE", 0, 1, { step: 0.05 }),
  contractHoursAdjustment: r("Contract hours adjustment", -2000, 2000),
  // Allocations
  share: r("Share", 0, 100, { minExclusive: true }),
  hoursOverride: r("Overridden hours", 0, 2000),
  adminHours: r("Hours", 0, 2000),
  percentOfContract: r("Percentage of contract", 0, 100),
  // Reference data
  defaultHours: r("Default hours", 0, 2000),
  defaultPercentOfContract: r("Default percentage of contract", 0, 100),
  markingHoursPerScript: r("Marking hours per script", 0, 20, { step: 0.01 }),
  sortOrder: r("Order", 0, 1000, { integer: true }),
  // Curriculum
  credits: r("Credits", 0, 240, { integer: true }),
  moduleLevel: r("Level", 3, 8, { integer: true }),
  durationYears: r("Duration in years", 1, 8, { integer: true }),
  yearOfStudy: r("Year of study", 1, 8, { integer: true }),
  intakeMonth: r("Intake month", 1, 12, { integer: true }),
  cohortStudents: r("Students", 0, 10000, { integer: true }),
  plannedStudents: r("Planned students", 0, 10000, { integer: true }),
  // Delivery
  iterationStudents: r("Students", 0, 10000, { integer: true }),
  groupStudents: r("Group size", 0, 1000, { integer: true }),
  maxGroupSize: r("Maximum group size", 1, 1000, { integer: true }),
  intakes: r("Intakes", 1, 4, { integer: true }),
  iterationTeachingWeeks: r("Teaching weeks", 1, 52, { integer: true }),
  contactHoursOverride: r("Contact hours", 0, 1000),
  weighting: r("Weighting", 0, 100),
  semesterTeachingWeeks: r("Teaching weeks", 0, 52, { integer: true }),
  // Calculation rules
  rulePriority: r("Priority", -1000, 1000, { integer: true }),
  ruleHours: r("Hours bound", 0, 2000),
  roundingStep: r("Rounding step", 0, 100),
  // Settings
  standardFteHours: r("Standard full-time hours", 100, 3000),
  settingsTeachingWeeks: r("Teaching weeks", 1, 52, { integer: true }),
  defaultMaxGroupSize: r("Default maximum group size", 1, 1000, { integer: true }),
  presenceTimeoutSeconds: r("Presence timeout (seconds)", 5, 3600, { integer: true }),
  /** Utilisation thresholds as fractions (1 = 100% of contract). */
  bandThreshold: r("Band threshold", 0, 3, { minExclusive: true }),
  ratio: r("Ratio", 0, 1),
  researchAllowanceHours: r("Research allowance", 0, 2000),
  /** One semester's fraction of a split. */
  splitFraction: r("Semester fraction", 0, 1),
} as const satisfies Record<string, NumberRange>;

export type RangeName = keyof typeof RANGES;

/** Longest text a function stores anywhere (notes, descriptions); longer is refused. */
export const MAX_TEXT_LENGTH = 10_000;
/** Names, codes and titles. */
export const MAX_NAME_LENGTH = 200;

/** A formula is bounded so that parsing and evaluating it stay cheap. */
export const FORMULA_LIMITS = { length: 500, depth: 24, nodes: 200 } as const;

/** Why `value` is outside `range`, or null when it is inside. */
export function rangeProblem(value: number, range: NumberRange): string | null {
  if (!Number.isFinite(value)) return `${range.label} must be a number (got ${value}).`;
  const low = range.minExclusive ? value <= range.min : value < range.min;
  if (low || value > range.max) {
    return range.minExclusive
      ? `${range.label} must be above ${range.min} and at most ${range.max} (got ${value}).`
      : `${range.label} must be between ${range.min} and ${range.max} (got ${value}).`;
  }
  if (range.integer && !Number.isInteger(value)) return `${range.label} must be a whole number (got ${value}).`;
  return null;
}

/** Attributes for an HTML number input. */
export function inputAttributes(range: NumberRange): { min: number; max: number; step: number | "any" } {
  return { min: range.min, max: range.max, step: range.step ?? (range.integer ? 1 : "any") };
}
