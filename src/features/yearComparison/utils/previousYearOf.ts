/** The year to compare `year` with: the one it was rolled over from, else the latest that started before it. */
import type { AcademicYear } from "@/features/workspace/components/WorkspaceContext";

export function previousYearOf(years: AcademicYear[], year: AcademicYear): AcademicYear | null {
  const source = year.rolled_over_from_id ? years.find((y) => y._id === year.rolled_over_from_id) : undefined;
  if (source) return source;
  return [...years].filter((y) => y.start_date < year.start_date).sort((a, b) => b.start_date.localeCompare(a.start_date))[0] ?? null;
}
