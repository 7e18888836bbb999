/**
 * Rounding of hours. Every stored figure goes through `cleanHours`, so sums
 * kept by deltas and sums recomputed from scratch agree to the last digit.
 */
import { HOURS_DECIMALS } from "./defaults";
import type { Rounding } from "./types";

const SCALE = 10 ** HOURS_DECIMALS;

/** Hours to HOURS_DECIMALS decimals (removes binary floating-point noise). */
export function cleanHours(x: number): number {
  const r = Math.round(x * SCALE) / SCALE;
  return Object.is(r, -0) ? 0 : r;
}

/** A rule's rounding: to the nearest multiple of `step`, or up, or down. */
export function roundToStep(x: number, rounding: Rounding, step: number): number {
  if (rounding === "none" || !(step > 0)) return cleanHours(x);
  // Scale first so 0.1-style steps do not pick up floating-point error (60.00000000000001 / 0.1).
  const units = cleanHours(x / step);
  const n = rounding === "up" ? Math.ceil(units) : rounding === "down" ? Math.floor(units) : Math.round(units);
  return cleanHours(n * step);
}

/** Sum of hours, cleaned. */
export function sumHours(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return cleanHours(total);
}
