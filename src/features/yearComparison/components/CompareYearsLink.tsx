/** "Compare with 2026/27": from the shown year's dashboard to the comparison with the year it came from. */
import { Link } from "react-router";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { previousYearOf } from "../utils/previousYearOf";

export function CompareYearsLink() {
  const { years, year } = useWorkspace();
  const previous = year ? previousYearOf(years, year) : null;
  if (!year || !previous) return null;
  return (
    <Link
      to={`/compare?from=${previous._id}&to=${year._id}`}
      className="inline-flex h-8 items-center rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50"
      data-testid="compare-years-link"
    >
      Compare with {previous.name}
    </Link>
  );
}
