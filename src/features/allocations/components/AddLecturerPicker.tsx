/** Adds a lecturer column to the grid: a searchable list of the year's lecturers not yet shown. */
import { useMemo, useState } from "react";
import { Button } from "@/ui/Button";
import { Popover } from "@/ui/Popover";
import type { YearLecturerRow } from "@/features/lecturers/hooks/useListYearLecturers";

export function AddLecturerPicker({
  lecturers,
  exclude,
  onPick,
}: {
  lecturers: YearLecturerRow[];
  exclude: Set<string>;
  onPick: (id: string) => void;
}) {
  const [q, setQ] = useState("");
  const shown = useMemo(() => {
    const t = q.trim().toLowerCase();
    return lecturers.filter((l) => !exclude.has(l._id) && (!t || l.full_name.toLowerCase().includes(t))).slice(0, 50);
  }, [lecturers, exclude, q]);
  return (
    <Popover
      align="right"
      className="w-72"
      trigger={(p) => (
        <Button size="sm" {...p}>
          + Add lecturer
        </Button>
      )}
    >
      {(close) => (
        <>
          <input
            autoFocus
            type="search"
            aria-label="Search lecturers"
            placeholder="Search lecturers…"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            className="mb-2 h-8 w-full rounded-md border border-slate-300 px-2 text-sm"
          />
          <ul className="max-h-64 overflow-auto">
            {shown.map((l) => (
              <li key={l._id}>
                <button
                  type="button"
                  className="w-full rounded px-2 py-1 text-left text-sm hover:bg-slate-100"
                  onClick={() => {
                    onPick(l._id);
                    setQ("");
                    close();
                  }}
                >
                  {l.full_name} <span className="text-xs text-slate-500">{l.fte} FTE</span>
                </button>
              </li>
            ))}
            {shown.length === 0 && <li className="px-2 py-1 text-sm text-slate-500">No lecturers match.</li>}
          </ul>
        </>
      )}
    </Popover>
  );
}
