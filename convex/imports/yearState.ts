/**
 * Which academic years an import may write into: staging and active years
 * only. A locked year is published and an archived one is the past; a bulk
 * import into either is refused outright, at the dry run and again at the
 * commit (the year may have been locked in between), with the year's name
 * and state so the person, or the feed's sender, knows what to do.
 */
import type { Doc } from "../_generated/dataModel";
import { appError } from "../lib/errors";

/** Why an import into `year` is refused, or null when it may go ahead. */
export function closedYearMessage(year: Pick<Doc<"academic_years">, "name" | "status">): string | null {
  if (year.status === "locked") return `${year.name} is locked (published): imports into it are refused. Unlock the year first, or import into another year.`;
  if (year.status === "archived") return `${year.name} is archived: it is read-only, and imports into it are refused. Import into the current or a staging year.`;
  return null;
}

/** Throws CONFLICT (with `year` and `status` in the error's data) when `year` takes no imports. */
export function requireOpenYear(year: Pick<Doc<"academic_years">, "_id" | "name" | "status">) {
  const message = closedYearMessage(year);
  if (message) throw appError("CONFLICT", message, { academicYearId: year._id, year: year.name, status: year.status });
}
