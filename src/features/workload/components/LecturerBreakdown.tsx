/**
 * A lecturer's year explained: contract hours and how they were derived,
 * hours by work category and semester, and every line that counts, so each
 * total can be traced to its parts.
 */
import { Spinner } from "@/ui/Spinner";
import { Table, Td, Th, Tr } from "@/ui/Table";
import { formatHours } from "@/lib/formatHours";
import { formatPercent } from "@/lib/formatPercent";
import { useExplainLecturerTotal } from "../hooks/useExplainLecturerTotal";
import type { WorkCategory } from "@convex/lib/workload/types";
import { BandBadge } from "./BandBadge";

const CATEGORY_LABELS: Record<WorkCategory, string> = {
  teaching: "Teaching",
  marking: "Marking",
  preparation: "Preparation",
  leadership: "Leadership",
  admin: "Admin",
  research: "Research",
};

export function LecturerBreakdown({ lecturerId }: { lecturerId: string }) {
  const e = useExplainLecturerTotal(lecturerId);
  if (!e) return <Spinner label="Working out the year…" />;
  const c = e.contract;
  return (
    <div className="grid grid-cols-12 gap-4">
      <section className="col-span-12 rounded-lg border border-slate-200 bg-white p-4 lg:col-span-5" aria-label="Contract">
        <div className="mb-2 flex items-center justify-between">
          <h3 className="text-sm font-semibold">Year total</h3>
          <BandBadge band={e.band} utilisation={e.utilisation} />
        </div>
        <p className="text-2xl font-semibold tabular" data-testid="lecturer-allocated">
          {formatHours(e.allocated_hours)} <span className="text-base font-normal text-slate-500">of {formatHours(c.contract_hours)}</span>
        </p>
        <dl className="mt-3 grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-500">Standard hours × FTE</dt>
          <dd className="text-right tabular">
            {formatHours(c.standard_fte_hours)} × {c.fte}
          </dd>
          {c.year_fraction !== 1 && (
            <>
              <dt className="text-slate-500">Part of the year</dt>
              <dd className="text-right tabular">{formatPercent(c.year_fraction)}</dd>
            </>
          )}
          {c.adjustment_hours !== 0 && (
            <>
              <dt className="text-slate-500">Adjustment {c.adjustment_reason ? `(${c.adjustment_reason})` : ""}</dt>
              <dd className="text-right tabular">{formatHours(c.adjustment_hours)}</dd>
            </>
          )}
          <dt className="font-medium">Contract hours</dt>
          <dd className="text-right font-medium tabular">{formatHours(c.contract_hours)}</dd>
          <dt className="text-slate-500">
            Max teaching ({c.family_label}, {formatPercent(c.max_teaching_ratio)})
          </dt>
          <dd className={"text-right tabular " + (e.teaching_hours > c.max_teaching_hours ? "font-semibold text-red-700" : "")}>
            {formatHours(e.teaching_hours)} / {formatHours(c.max_teaching_hours)}
          </dd>
          <dt className="text-slate-500">Semesters</dt>
          <dd className="text-right tabular">
            S1 {formatHours(e.semester_hours.S1)} · S2 {formatHours(e.semester_hours.S2)}
            {e.semester_hours.S3 ? ` · S3 ${formatHours(e.semester_hours.S3)}` : ""}
          </dd>
        </dl>
        <div className="mt-3 grid grid-cols-3 gap-2">
          {(Object.entries(CATEGORY_LABELS) as [WorkCategory, string][]).map(([k, label]) => (
            <div key={k} className="rounded-md bg-slate-50 px-2 py-1.5">
              <p className="text-[11px] text-slate-500">{label}</p>
              <p className="text-sm font-medium tabular">{formatHours(e.category_hours[k] ?? 0)}</p>
            </div>
          ))}
        </div>
        {!e.stored_matches && <p className="mt-2 text-xs text-amber-700">Totals are being recomputed; figures may change shortly.</p>}
      </section>
      <section className="col-span-12 lg:col-span-7" aria-label="Counted lines">
        <Table>
          <thead>
            <tr>
              <Th>What</Th>
              <Th>Category</Th>
              <Th className="text-right">Share</Th>
              <Th className="text-right">Hours</Th>
            </tr>
          </thead>
          <tbody>
            {e.lines.map((l, i) => (
              <Tr key={`${l.id ?? l.label}-${i}`}>
                <Td>
                  <span className="text-slate-800">{l.label}</span>
                  {l.rule && <span className="block text-[11px] text-slate-500">{l.rule}</span>}
                  {l.override_reason && <span className="block text-[11px] text-indigo-600">Override: {l.override_reason}</span>}
                </Td>
                <Td className="text-xs text-slate-500">{CATEGORY_LABELS[l.work_category] ?? l.work_category}</Td>
                <Td className="text-right tabular text-slate-500">{l.share !== undefined ? `${l.share}%` : ""}</Td>
                <Td className="text-right tabular">{formatHours(l.hours)}</Td>
              </Tr>
            ))}
            {e.lines.length === 0 && (
              <tr>
                <Td colSpan={4} className="text-slate-500">
                  Nothing allocated yet.
                </Td>
              </tr>
            )}
          </tbody>
        </Table>
      </section>
    </div>
  );
}
