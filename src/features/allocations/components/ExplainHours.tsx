/** A computed hours figure that opens its explanation when clicked ("explain" on every number). */
import { Popover } from "@/ui/Popover";
import { formatHours } from "@/lib/formatHours";
import { cn } from "@/lib/cn";
import { ExplainAllocationBody } from "./ExplainAllocationBody";

export function ExplainHours({ allocationId, hours, className }: { allocationId: string; hours: number; className?: string }) {
  return (
    <Popover
      className="w-72"
      trigger={(p) => (
        <button
          type="button"
          {...p}
          tabIndex={-1}
          onMouseDown={(e) => e.stopPropagation()}
          aria-label={`Explain ${formatHours(hours)}`}
          className={cn("tabular underline decoration-dotted decoration-slate-300 underline-offset-2 hover:text-indigo-700", className)}
        >
          {formatHours(hours)}
        </button>
      )}
    >
      <ExplainAllocationBody allocationId={allocationId} />
    </Popover>
  );
}
