/** A compact explanation of a lecturer's year total, for popovers: contract, hours by category, band. */
import { Spinner } from "@/ui/Spinner";
import { QueryBoundary } from "@/ui/QueryBoundary";
import { formatHours } from "@/lib/formatHours";
import { formatPercent } from "@/lib/formatPercent";
import { useExplainLecturerTotal } from "../hooks/useExplainLecturerTotal";
import { BandBadge } from "./BandBadge";

function Body({ lecturerId }: { lecturerId: string }) {
  const e = useExplainLecturerTotal(lecturerId);
  if (!e) return <Spinner label="Working it out…" />;
  const c = e.contract;
  const categories = Object.entries(e.category_hours).filter(([, h]) => h > 0);
  return (
    <div className="space-y-2 text-xs">
      <div className="flex items-center justify-between">
        <p className="font-semibold text-slate-800">{e.lecturer.name}</p>
        <BandBadge band={e.band} utilisation={e.utilisation} />
      </div>
      <dl className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-0.5">
        <dt className="text-slate-500">
          Contract: {formatHours(c.standard_fte_hours)} × {c.fte} FTE
          {c.year_fraction !== 1 ? ` × ${formatPercent(c.year_fraction)} of year` : ""}
          {c.adjustment_hours ? ` ${c.adjustment_hours > 0 ? "+" : ""}${c.adjustment_hours}h` : ""}
        </dt>
        <dd className="text-right tabular">{formatHours(c.contract_hours)}</dd>
        {categories.map(([k, h]) => (
          <div key={k} className="contents">
            <dt className="capitalize text-slate-500">{k}</dt>
            <dd className="text-right tabular">{formatHours(h)}</dd>
          </div>
        ))}
        <dt className="font-medium text-slate-700">Allocated ({e.allocation_count} lines)</dt>
        <dd className="text-right font-semibold tabular">{formatHours(e.allocated_hours)}</dd>
        <dt className="text-slate-500">Teaching vs max ({formatPercent(c.max_teaching_ratio)})</dt>
        <dd className={"text-right tabular " + (e.teaching_hours > c.max_teaching_hours ? "text-red-700" : "")}>
          {formatHours(e.teaching_hours)} / {formatHours(c.max_teaching_hours)}
        </dd>
      </dl>
    </div>
  );
}

export function LecturerTotalSummary({ lecturerId }: { lecturerId: string }) {
  return (
    <QueryBoundary title="Could not explain this total">
      <Body lecturerId={lecturerId} />
    </QueryBoundary>
  );
}
