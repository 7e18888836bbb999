/** Iterations whose components are not covered exactly 100%, linking to the editor. */
import { Link } from "react-router";
import { Badge } from "@/ui/Badge";
import type { CoverageGap } from "../utils/buildOverview";

export function CoverageGapList({ gaps }: { gaps: CoverageGap[] }) {
  if (gaps.length === 0) return <p className="py-3 text-sm text-slate-500">Every iteration is fully covered.</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="coverage-gaps">
      {gaps.slice(0, 12).map((g) => (
        <li key={g.iteration_id} className="flex items-center justify-between gap-2 py-1.5">
          <Link to={`/allocations/${g.iteration_id}`} className="min-w-0 text-sm hover:underline">
            <span className="font-medium text-slate-800">{g.iteration_code}</span> <span className="text-slate-500">{g.module_title}</span>
            <span className="block truncate text-xs text-slate-500">{g.detail}</span>
          </Link>
          <Badge tone={g.status === "over" ? "red" : g.status === "unallocated" ? "neutral" : "amber"}>
            {g.status === "over" ? "Over 100%" : g.status === "unallocated" ? "Unallocated" : "Under 100%"}
          </Badge>
        </li>
      ))}
      {gaps.length > 12 && <li className="py-1.5 text-xs text-slate-500">and {gaps.length - 12} more</li>}
    </ul>
  );
}
