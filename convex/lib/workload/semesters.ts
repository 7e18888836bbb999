/**
 * Where hours fall in the year. An iteration's hours go to its semester; a
 * year-long one follows its explicit split if set, else the organisation's
 * default year split. Splits are normalised so they always sum to 1.
 */
import { cleanHours } from "./numbers";
import type { Semester, SemesterSplit } from "./types";

export const ZERO_SPLIT: SemesterSplit = { S1: 0, S2: 0, S3: 0 };

function normalise(split: SemesterSplit): SemesterSplit | null {
  const total = split.S1 + split.S2 + split.S3;
  if (!(total > 0)) return null;
  return { S1: split.S1 / total, S2: split.S2 / total, S3: split.S3 / total };
}

/** The fractions of an iteration's hours per semester. */
export function semesterFractions(
  semester: Semester,
  explicitSplit: SemesterSplit | undefined,
  defaultYearSplit: SemesterSplit,
): SemesterSplit {
  const explicit = explicitSplit && normalise(explicitSplit);
  if (explicit) return explicit;
  if (semester === "year") return normalise(defaultYearSplit) ?? { S1: 1, S2: 0, S3: 0 };
  return { ...ZERO_SPLIT, [semester]: 1 };
}

/** `hours` spread by `fractions`; the last non-zero semester takes the rounding remainder so parts sum to the whole. */
export function splitHours(hours: number, fractions: SemesterSplit): SemesterSplit {
  const s1 = cleanHours(hours * fractions.S1);
  const s2 = cleanHours(hours * fractions.S2);
  const s3 = fractions.S3 > 0 ? cleanHours(hours - s1 - s2) : 0;
  if (fractions.S3 > 0) return { S1: s1, S2: s2, S3: s3 };
  if (fractions.S2 > 0) return { S1: s1, S2: cleanHours(hours - s1), S3: 0 };
  return { S1: cleanHours(hours), S2: 0, S3: 0 };
}

export function addSplits(a: SemesterSplit, b: SemesterSplit, sign = 1): SemesterSplit {
  return {
    S1: cleanHours(a.S1 + sign * b.S1),
    S2: cleanHours(a.S2 + sign * b.S2),
    S3: cleanHours(a.S3 + sign * b.S3),
  };
}
