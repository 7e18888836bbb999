/** The year's iterations to pick from (search by code or title), with who is in each one. */
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { cn } from "@/lib/cn";
import type { IterationRow } from "@/features/catalogue/hooks/useListIterations";
import type { IterationGap } from "../hooks/useListCoverageGaps";
import type { PresenceEntry } from "../hooks/usePresence";
import { PresenceAvatars } from "./PresenceAvatars";

const GAP_STYLE = { under: "bg-amber-400", over: "bg-red-500", unallocated: "bg-slate-300" };
const GAP_LABEL = { under: "Components under 100%", over: "Components over 100%", unallocated: "Nobody allocated" };

export function IterationList({
  iterations,
  selectedId,
  presence,
  gaps,
}: {
  iterations: IterationRow[];
  selectedId: string | null;
  presence: PresenceEntry[];
  gaps?: Map<string, IterationGap>;
}) {
  const [q, setQ] = useState("");
  const shown = useMemo(() => {
    const t = q.trim().toLowerCase();
    const list = t ? iterations.filter((i) => `${i.code} ${i.module?.title ?? ""}`.toLowerCase().includes(t)) : iterations;
    return list.slice(0, 300);
  }, [iterations, q]);
  return (
    <div className="flex h-full w-64 shrink-0 flex-col rounded-lg border border-slate-200 bg-white">
      <div className="border-b border-slate-100 p-2">
        <input
          type="search"
          aria-label="Find an iteration"
          placeholder="Find module or code…"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className="h-8 w-full rounded-md border border-slate-300 px-2 text-sm focus:border-indigo-500 focus:outline-none"
        />
      </div>
      <ul className="min-h-0 flex-1 overflow-auto py-1" aria-label="Iterations">
        {shown.map((it) => {
          const here = presence.filter((p) => p.moduleIterationId === it._id);
          const gap = gaps?.get(it._id);
          return (
            <li key={it._id}>
              <Link
                to={`/allocations/${it._id}`}
                aria-current={it._id === selectedId ? "page" : undefined}
                className={cn(
                  "flex items-center justify-between gap-2 px-3 py-1.5 text-sm",
                  it._id === selectedId ? "bg-indigo-50 text-indigo-800" : "hover:bg-slate-50",
                )}
              >
                <span className="min-w-0">
                  <span className="flex items-center gap-1.5 truncate font-medium">
                    {it.code}
                    {gap && (
                      <span
                        className={`h-1.5 w-1.5 rounded-full ${GAP_STYLE[gap.status]}`}
                        title={GAP_LABEL[gap.status]}
                        aria-label={GAP_LABEL[gap.status]}
                      />
                    )}
                  </span>
                  <span className="block truncate text-xs text-slate-600">
                    {it.module?.title ?? ""} · {it.semester}
                  </span>
                </span>
                <PresenceAvatars people={here} />
              </Link>
            </li>
          );
        })}
        {shown.length === 0 && <li className="px-3 py-4 text-sm text-slate-500">No iterations match.</li>}
      </ul>
    </div>
  );
}
