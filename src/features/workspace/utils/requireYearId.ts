/**
 * The chosen academic year for a write that needs one. Pages that write
 * year-scoped rows render only once a year is chosen, so a missing one is a
 * programming error, reported plainly instead of as a validator failure.
 */
import type { Id } from "@convex/_generated/dataModel";

export function requireYearId(academicYearId: Id<"academic_years"> | null): Id<"academic_years"> {
  if (!academicYearId) throw new Error("Choose an academic year first.");
  return academicYearId;
}
