/**
 * The academic-year picker in the header. A staging year is marked in the
 * list and, when chosen, by an amber "STAGING" badge that cannot be missed.
 */
import { Badge } from "@/ui/Badge";
import { useWorkspace } from "../hooks/useWorkspace";

const STATUS_LABEL = { active: "active", staging: "staging", locked: "locked", archived: "archived" } as const;

export function YearSwitcher() {
  const { years, year, setAcademicYearId } = useWorkspace();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="year-switcher" className="sr-only">
        Academic year
      </label>
      <select
        id="year-switcher"
        data-testid="year-switcher"
        value={year?._id ?? ""}
        onChange={(e) => setAcademicYearId(e.target.value)}
        className={
          "h-8 rounded-md border pl-2 pr-7 text-sm font-medium focus:outline-none focus:ring-2 " +
          (year?.status === "staging"
            ? "border-amber-400 bg-amber-50 text-amber-900 focus:ring-amber-400/40"
            : "border-slate-300 bg-white text-slate-800 focus:ring-indigo-500/20")
        }
      >
        {years.length === 0 && <option value="">No academic years</option>}
        {years.map((y) => (
          <option key={y._id} value={y._id}>
            {y.name} ({STATUS_LABEL[y.status]})
          </option>
        ))}
      </select>
      {year?.status === "staging" && (
        <span
          className="rounded bg-amber-400 px-2 py-0.5 text-xs font-bold uppercase tracking-wider text-amber-950 shadow-sm"
          title="A staging year: plans here do not affect the active year"
        >
          Staging
        </span>
      )}
      {year?.status === "locked" && (
        <Badge tone="indigo" title="Published: its records change only for people allowed to edit locked years">
          Locked
        </Badge>
      )}
      {year?.status === "archived" && <Badge tone="neutral">Archived</Badge>}
    </div>
  );
}
