/**
 * Domain checks shared by many tables, each throwing INVALID_ARGUMENT with a
 * message that names the field as a person would. Ranges come from
 * lib/inputRanges.ts, which the web app's forms read too.
 */
import { appError } from "./errors";
import { MAX_NAME_LENGTH, rangeProblem, type NumberRange } from "./inputRanges";

export function requireName(name: string | undefined, label: string) {
  if (!name || !name.trim()) throw appError("INVALID_ARGUMENT", `The ${label} needs a name.`);
  if (name.length > MAX_NAME_LENGTH) throw appError("INVALID_ARGUMENT", `The ${label}'s name is at most ${MAX_NAME_LENGTH} characters.`);
}

/** `value` (when given) is within `range`, else INVALID_ARGUMENT naming the field. */
export function requireRange(value: number | undefined | null, range: NumberRange, field?: string) {
  if (value === undefined || value === null) return;
  const problem = rangeProblem(value, range);
  if (problem) throw appError("INVALID_ARGUMENT", problem, field ? { field } : {});
}

export function requireEmail(email: string) {
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw appError("INVALID_ARGUMENT", `"${email.slice(0, 80)}" is not an email address.`);
  }
}

/** An ISO date (YYYY-MM-DD) that exists. */
export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value);
}

/** A time of day (HH:MM, 24-hour clock). */
export function isTimeOfDay(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}
