/**
 * The lecturer list as a virtualised table: only the visible rows are in the
 * DOM, so 2,000 lecturers scroll smoothly. Column headers sort; rows link to
 * the lecturer's detail page.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import { Link } from "react-router";
import { cn } from "@/lib/cn";
import { formatHours } from "@/lib/formatHours";
import { ExplainLecturerLoad } from "@/features/workload/components/ExplainLecturerLoad";
import { UtilisationBar } from "@/features/workload/components/UtilisationBar";
import { familyLabel } from "../utils/familyLabel";
import type { LecturerListRow, Sort, SortKey } from "../utils/sortLecturers";

const COLS = "grid grid-cols-[minmax(180px,2fr)_minmax(120px,1.3fr)_minmax(110px,1.2fr)_60px_130px_130px_150px] items-center";

const HEADERS: { key: SortKey | null; label: string; align?: string }[] = [
  { key: "name", label: "Name" },
  { key: "department", label: "Department" },
  { key: "team", label: "Team" },
  { key: "fte", label: "FTE", align: "text-right" },
  { key: null, label: "Contract" },
  { key: "allocated", label: "Allocated / contract", align: "text-right" },
  { key: "utilisation", label: "Utilisation" },
];

export function LecturerTable({ rows, sort, onSort }: { rows: LecturerListRow[]; sort: Sort; onSort: (s: Sort) => void }) {
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => 36,
    overscan: 12,
  });
  return (
    <div
      role="table"
      aria-label="Lecturers"
      aria-rowcount={rows.length + 1}
      className="flex min-h-0 flex-1 flex-col rounded-lg border border-slate-200 bg-white text-sm"
    >
      <div role="row" className={cn(COLS, "border-b border-slate-200 bg-slate-50 px-3 text-xs font-medium text-slate-500")}>
        {HEADERS.map((h) => (
          <div
            role="columnheader"
            key={h.label}
            className={cn("py-2 pr-2", h.align)}
            aria-sort={h.key && sort.key === h.key ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}
          >
            {h.key ? (
              <button
                type="button"
                className="hover:text-slate-900"
                onClick={() => onSort({ key: h.key!, dir: sort.key === h.key && sort.dir === "asc" ? "desc" : "asc" })}
              >
                {h.label} {sort.key === h.key ? (sort.dir === "asc" ? "↑" : "↓") : ""}
              </button>
            ) : (
              h.label
            )}
          </div>
        ))}
      </div>
      <div ref={parentRef} className="min-h-0 flex-1 overflow-auto" data-testid="lecturer-scroll">
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((v) => {
            const r = rows[v.index];
            return (
              <div
                role="row"
                aria-rowindex={v.index + 2}
                key={r.lecturerId}
                className={cn(COLS, "absolute left-0 right-0 border-b border-slate-100 px-3 hover:bg-slate-50")}
                style={{ height: v.size, transform: `translateY(${v.start}px)` }}
              >
                <div role="cell" className="min-w-0 truncate pr-2">
                  <Link to={`/lecturers/${r.profileId}`} className="font-medium text-slate-800 hover:text-indigo-700 hover:underline">
                    {r.name}
                  </Link>
                </div>
                <div role="cell" className="truncate pr-2 text-slate-600">
                  {r.department || "—"}
                </div>
                <div role="cell" className="truncate pr-2 text-slate-600">
                  {r.team || "—"}
                </div>
                <div role="cell" className="pr-2 text-right tabular">
                  {r.fte}
                </div>
                <div role="cell" className="truncate pr-2 text-xs text-slate-500">
                  {familyLabel(r.family)}
                </div>
                <div role="cell" className="pr-3 text-right text-xs tabular text-slate-600">
                  {formatHours(r.allocated, "")} / {formatHours(r.contract)}
                </div>
                <div role="cell" className="flex items-center gap-2">
                  <UtilisationBar utilisation={r.utilisation} band={r.band} />
                  <ExplainLecturerLoad lecturerId={r.lecturerId} band={r.band} utilisation={r.utilisation} />
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
