/**
 * A header notice while the chosen year's figures are being recomputed
 * (after a rule or settings change), with its progress; hidden otherwise.
 */
import { QueryBoundaryQuiet } from "@/ui/QueryBoundaryQuiet";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useRecomputeStatus } from "../hooks/useRecomputeStatus";

function Indicator() {
  const job = useRecomputeStatus();
  if (!job || (job.status !== "queued" && job.status !== "running")) return null;
  const pct = job.total ? Math.round((100 * job.processed) / job.total) : 0;
  return (
    <span
      role="status"
      className="flex items-center gap-1.5 rounded-full bg-indigo-50 px-2 py-0.5 text-xs text-indigo-700"
      title={job.name}
    >
      <span className="h-2.5 w-2.5 animate-spin rounded-full border-2 border-indigo-300 border-t-indigo-700" aria-hidden />
      Recomputing {pct}%
    </span>
  );
}

export function RecomputeIndicator() {
  const can = useCan();
  if (!can("allocations.view")) return null;
  return (
    <QueryBoundaryQuiet>
      <Indicator />
    </QueryBoundaryQuiet>
  );
}
