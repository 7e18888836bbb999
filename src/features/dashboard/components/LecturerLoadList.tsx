/** A short ranked list of lecturers (most over- or under-allocated) with their band and hours. */
import { Link } from "react-router";
import { formatHours } from "@/lib/formatHours";
import { ExplainLecturerLoad } from "@/features/workload/components/ExplainLecturerLoad";
import { UtilisationBar } from "@/features/workload/components/UtilisationBar";
import type { LecturerTotalsRow } from "@/features/workload/hooks/useListLecturerTotals";

export function LecturerLoadList({ rows, empty, testId }: { rows: LecturerTotalsRow[]; empty: string; testId?: string }) {
  if (rows.length === 0) return <p className="py-3 text-sm text-slate-500">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid={testId}>
      {rows.map((r) => (
        <li key={r.lecturer_id} className="flex items-center justify-between gap-2 py-1.5">
          <Link to={`/lecturers/${r.profile_id}`} className="min-w-0 truncate text-sm text-slate-800 hover:text-indigo-700 hover:underline">
            {r.full_name}
          </Link>
          <span className="flex shrink-0 items-center gap-2">
            <UtilisationBar utilisation={r.utilisation} band={r.band} />
            <span className="w-24 text-right text-xs tabular text-slate-500">
              {formatHours(r.allocated_hours, "")}/{formatHours(r.contract_hours)}
            </span>
            <ExplainLecturerLoad lecturerId={r.lecturer_id} band={r.band} utilisation={r.utilisation} />
          </span>
        </li>
      ))}
    </ul>
  );
}
