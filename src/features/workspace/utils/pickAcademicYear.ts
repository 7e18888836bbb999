/**
 * Which year to show: the one chosen in this session, else the saved
 * preference, else the organisation's current year (active, or locked
 * when published), else the newest.
 */
import type { AcademicYear } from "../components/WorkspaceContext";

export function pickAcademicYear(years: AcademicYear[], chosen: string | null, preferred: string | null): AcademicYear | null {
  const byId = (id: string | null) => (id ? (years.find((y) => y._id === id) ?? null) : null);
  return (
    byId(chosen) ??
    byId(preferred) ??
    years.find((y) => y.status === "active") ??
    years.find((y) => y.status === "locked") ??
    [...years].sort((a, b) => b.start_date.localeCompare(a.start_date))[0] ??
    null
  );
}
