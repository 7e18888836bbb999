/** The band colours explained once on the dashboard. */
import { BANDS } from "@convex/lib/workload/types";
import { bandStyles } from "@/features/workload/utils/bandStyles";

export function BandLegend() {
  return (
    <div className="flex flex-wrap gap-3 text-xs text-slate-500">
      {BANDS.map((b) => (
        <span key={b} className="flex items-center gap-1">
          <span className="h-2.5 w-2.5 rounded-sm" style={{ background: bandStyles[b].fill }} aria-hidden />
          {bandStyles[b].label}
        </span>
      ))}
    </div>
  );
}
