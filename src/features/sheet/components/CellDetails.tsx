/**
 * The selected cell in words, below the grid: which iteration, component
 * and lecturer, the share and hours, why it is read-only when it is, the
 * lecturer's answer, and on request how the hours were worked out and the
 * allocation's history. The keyboard way to "explain" a figure in the sheet.
 */
import { useState } from "react";
import { Button } from "@/ui/Button";
import { QueryBoundary } from "@/ui/QueryBoundary";
import { formatHours } from "@/lib/formatHours";
import { ExplainAllocationBody } from "@/features/allocations/components/ExplainAllocationBody";
import { AllocationStatusBadge } from "@/features/allocations/components/AllocationStatusBadge";
import { HistoryPanel } from "@/features/audit/components/HistoryPanel";
import type { SheetAllocation, SheetLecturer } from "../hooks/useGetSheet";
import type { SheetRow } from "../utils/sheetRows";

export function CellDetails({ row, lecturer, allocation }: { row: SheetRow | null; lecturer: SheetLecturer | null; allocation: SheetAllocation | null }) {
  const [panel, setPanel] = useState<"explain" | "history" | null>(null);
  if (!row || !lecturer) return null;
  return (
    <section aria-label="Selected cell" className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm" data-testid="cell-details">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p>
          <span className="font-medium text-slate-900">
            {row.iteration.code} · {row.type.name}
            {row.group ? ` (${row.group.name})` : ""} · {lecturer.name}
          </span>
          <span className="ml-2 text-slate-600">
            {allocation ? `${allocation.share}% · ${formatHours(allocation.hours)}${allocation.hours_override !== undefined ? ` (override: ${allocation.override_reason ?? ""})` : ""}` : "empty"}
          </span>
          {allocation && (
            <span className="ml-2">
              <AllocationStatusBadge status={allocation.response_status} />
            </span>
          )}
        </p>
        {allocation && (
          <span className="flex gap-1">
            <Button size="sm" variant="ghost" aria-pressed={panel === "explain"} onClick={() => setPanel((p) => (p === "explain" ? null : "explain"))}>
              Explain the hours
            </Button>
            <Button size="sm" variant="ghost" aria-pressed={panel === "history"} onClick={() => setPanel((p) => (p === "history" ? null : "history"))}>
              History
            </Button>
          </span>
        )}
      </div>
      {!row.iteration.can_edit && row.iteration.read_only_reason && <p className="mt-1 text-xs text-amber-900">🔒 {row.iteration.read_only_reason}</p>}
      {allocation?.response_comment && <p className="mt-1 text-xs text-slate-600">Lecturer’s comment: “{allocation.response_comment}”</p>}
      {allocation && panel === "explain" && (
        <div className="mt-2 max-w-xl">
          <ExplainAllocationBody allocationId={allocation.id} />
        </div>
      )}
      {allocation && panel === "history" && (
        <div className="mt-2">
          <QueryBoundary>
            <HistoryPanel subject={{ kind: "allocation", id: allocation.id }} />
          </QueryBoundary>
        </div>
      )}
    </section>
  );
}
