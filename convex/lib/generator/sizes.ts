/**
 * The sizes of generated university. `small` and `S` are the demo (S is the
 * one `npm start` loads; small is the end-to-end tests'); `times(k)` is k
 * times the demo, department for department (for tests at "several times
 * the demo"); M, L and XL are large-university shapes with the realism the
 * demo leaves out (second runs of modules at the other campus, uneven
 * co-teaching, iterations nobody has been found for yet, admin roles, staff
 * on leave and part-year contracts).
 */

export type SizeName = "small" | "S" | "M" | "L" | "XL";
export const SIZE_NAMES: readonly SizeName[] = ["small", "S", "M", "L", "XL"];

export type SizeSpec = {
  name: string;
  /** "demo": the demo university as it has always been; "university": a large institution's realism. */
  style: "demo" | "university";
  /** The first N departments of the catalogue (2 teams each). */
  departments: number;
  lecturersPerTeam: number;
  modulesPerDepartment: number;
  /** Modules that also run a second iteration (other campus, other semester), as a fraction. */
  reruns: number;
  /** Iterations of at most two groups taught by two lecturers, as a fraction. */
  coTaught: number;
  /** Iterations nobody has been allocated to yet, as a fraction. */
  notYetStaffed: number;
  /** Iterations whose contact teaching is 20 points short of 100%, as a fraction. */
  short: number;
  /** Iterations whose marking is shared out past 100%, as a fraction. */
  overShared: number;
};

const DEMO = { style: "demo", reruns: 0, coTaught: 0.15, notYetStaffed: 0, short: 0.08, overShared: 0 } as const;
const UNIVERSITY = { style: "university", coTaught: 0.12, notYetStaffed: 0.05, short: 0.05, overShared: 0.01 } as const;

export const SIZES: Record<SizeName, SizeSpec> = {
  small: { ...DEMO, name: "small", departments: 6, lecturersPerTeam: 2, modulesPerDepartment: 4 },
  S: { ...DEMO, name: "S", departments: 6, lecturersPerTeam: 10, modulesPerDepartment: 50 },
  M: { ...UNIVERSITY, name: "M", departments: 25, lecturersPerTeam: 10, modulesPerDepartment: 50, reruns: 0.6 },
  L: { ...UNIVERSITY, name: "L", departments: 25, lecturersPerTeam: 20, modulesPerDepartment: 100, reruns: 0.6 },
  XL: { ...UNIVERSITY, name: "XL", departments: 40, lecturersPerTeam: 25, modulesPerDepartment: 125, reruns: 0.6 },
};

/** The demo's departments per multiple; the catalogue holds 40 departments, so up to 6 times. */
const DEMO_DEPARTMENTS = 6;
export const MAX_TIMES = 6;

/** k times the demo university: k x 6 departments shaped exactly like the demo's. */
export function times(k: number): SizeSpec {
  if (!Number.isInteger(k) || k < 1 || k > MAX_TIMES) throw new Error(`times(k) takes a whole number from 1 to ${MAX_TIMES}, not ${k}.`);
  return { ...SIZES.S, name: `${k}x`, departments: DEMO_DEPARTMENTS * k };
}

export function sizeSpec(size: SizeName | { times: number }): SizeSpec {
  return typeof size === "string" ? SIZES[size] : times(size.times);
}
