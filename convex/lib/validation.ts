/**
 * Domain checks shared by many tables, each throwing INVALID_ARGUMENT with a
 * message that names the field as a person would.
 */
import { appError } from "./errors";

export function requireName(name: string | undefined, label: string) {
  if (!name || !name.trim()) throw appError("INVALID_ARGUMENT", `The ${label} needs a name.`);
}

export function requireRange(value: number | undefined, min: number, max: number, what: string) {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw appError("INVALID_ARGUMENT", `${what} must be between ${min} and ${max} (got ${value}).`);
  }
}

export function requireEmail(email: string) {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw appError("INVALID_ARGUMENT", `"${email}" is not an email address.`);
}
