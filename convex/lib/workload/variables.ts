/**
 * The named variables a calculation rule's formula may use: what each means
 * and a sample value. Formulas are validated against these names and samples
 * when saved, and the explain view lists the values an allocation used.
 */

export const VARIABLES = {
  credits: { description: "Module credits", sample: 20 },
  level: { description: "Module level (3-8)", sample: 5 },
  students: { description: "Students taught: the group's when the allocation is for one group, else the iteration's", sample: 120 },
  groups: { description: "Groups taught: 1 for one group, else the iteration's groups (or students / group size, rounded up)", sample: 4 },
  group_size: { description: "Maximum group size (the iteration's, else the organisation's)", sample: 25 },
  contact_hours: { description: "The iteration's contact hours per group (its override, else the contact rule at a full share)", sample: 50 },
  assessments: { description: "Number of assessments of the iteration", sample: 2 },
  script_hours: { description: "Marking hours per student: the sum of the assessments' per-script tariffs", sample: 1.1667 },
  weeks: { description: "Teaching weeks (the iteration's, else the organisation's)", sample: 12 },
  intakes: { description: "Intakes of the iteration", sample: 1 },
  share: { description: "The lecturer's share of the component, as a fraction (60% is 0.6)", sample: 0.6 },
  first_time: { description: "1 when the lecturer delivers the module for the first time, else 0", sample: 0 },
} as const;

export type VariableName = keyof typeof VARIABLES;
export type Variables = Record<VariableName, number>;

export const VARIABLE_NAMES = Object.keys(VARIABLES) as VariableName[];

/** The sample values, for validating and previewing a formula. */
export function sampleVariables(): Variables {
  const out = {} as Variables;
  for (const name of VARIABLE_NAMES) out[name] = VARIABLES[name].sample;
  return out;
}

export function isVariableName(name: string): name is VariableName {
  return Object.prototype.hasOwnProperty.call(VARIABLES, name);
}
