/**
 * Route: /compare?from=&to=&by= — one year beside another. By default the
 * shown year against the year it was rolled over from (or the year before).
 */
import { useSearchParams } from "react-router";
import { Button } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { PageHeader } from "@/ui/PageHeader";
import { Select } from "@/ui/Select";
import { Spinner } from "@/ui/Spinner";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { YearComparisonTable } from "@/features/yearComparison/components/YearComparisonTable";
import { useYearComparison, type CompareBy } from "@/features/yearComparison/hooks/useYearComparison";
import { previousYearOf } from "@/features/yearComparison/utils/previousYearOf";

export function YearComparisonPage() {
  const { years, year } = useWorkspace();
  const [params, setParams] = useSearchParams();
  const to = params.get("to") ?? year?._id ?? null;
  const toYear = years.find((y) => y._id === to) ?? null;
  const from = params.get("from") ?? (toYear ? (previousYearOf(years, toYear)?._id ?? null) : null);
  const by: CompareBy = params.get("by") === "module" ? "module" : "lecturer";
  const fromYear = years.find((y) => y._id === from) ?? null;
  const { rows, status, loadMore } = useYearComparison(from, to, by);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    if (!next.get("from") && from) next.set("from", from);
    if (!next.get("to") && to) next.set("to", to);
    setParams(next, { replace: true });
  };
  const options = years.map((y) => ({ value: y._id, label: `${y.name} (${y.status})` }));
  return (
    <div className="space-y-4">
      <PageHeader
        title="Compare years"
        subtitle={fromYear && toYear ? `${fromYear.name} beside ${toYear.name}: hours, FTE, students and who teaches what` : "Choose two years"}
        actions={
          <div className="flex items-end gap-2">
            <Select label="From" value={from ?? ""} onChange={(e) => set("from", e.target.value)} options={options} placeholder="Year" />
            <Select label="To" value={to ?? ""} onChange={(e) => set("to", e.target.value)} options={options} placeholder="Year" />
            <Select
              label="Per"
              value={by}
              onChange={(e) => set("by", e.target.value)}
              options={[
                { value: "lecturer", label: "Lecturer" },
                { value: "module", label: "Module" },
              ]}
            />
          </div>
        }
      />
      {!fromYear || !toYear || from === to ? (
        <EmptyState title="Choose two different years" description="Pick the years to compare above." />
      ) : status === "LoadingFirstPage" ? (
        <Spinner label="Comparing…" />
      ) : rows.length === 0 && status === "Exhausted" ? (
        <EmptyState title="Nothing to compare" description="Neither year has lecturers or modules you can see." />
      ) : (
        <>
          <YearComparisonTable rows={rows} by={by} fromName={fromYear.name} toName={toYear.name} />
          {status === "CanLoadMore" && (
            <div className="flex justify-center">
              <Button size="sm" onClick={loadMore}>
                Show more
              </Button>
            </div>
          )}
          {status === "LoadingMore" && <Spinner label="Loading more…" />}
        </>
      )}
    </div>
  );
}
