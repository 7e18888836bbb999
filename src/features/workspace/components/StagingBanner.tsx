/**
 * A full-width strip under the header when the shown year is not simply the
 * current one: a staging year being planned, a locked (published) year, or
 * an archived, read-only year.
 */
import { useWorkspace } from "../hooks/useWorkspace";

export function StagingBanner() {
  const { year } = useWorkspace();
  if (year?.status === "staging") {
    return (
      <div role="note" className="border-b border-amber-300 bg-amber-100 px-4 py-1 text-center text-xs font-medium text-amber-900">
        You are planning in the STAGING year {year.name}. Changes here do not affect the active year.
      </div>
    );
  }
  if (year?.status === "locked") {
    return (
      <div role="note" className="border-b border-indigo-200 bg-indigo-50 px-4 py-1 text-center text-xs font-medium text-indigo-900">
        {year.name} is LOCKED (published): its allocations change only for people allowed to edit locked years.
      </div>
    );
  }
  if (year?.status === "archived") {
    return (
      <div role="note" className="border-b border-slate-200 bg-slate-100 px-4 py-1 text-center text-xs font-medium text-slate-700">
        {year.name} is ARCHIVED: read-only, kept for the record.
      </div>
    );
  }
  return null;
}
