/**
 * Run a report now: a kind, a department (or the whole of one's scope) and
 * formats (and for a year comparison, the year set beside the selected one);
 * then follow it and download.
 */
import { useState } from "react";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { Select } from "@/ui/Select";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useListStructure } from "@/features/structure/hooks/useListStructure";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useExecution } from "../hooks/useExecution";
import type { ReportFilters, ReportFormat, ReportKindInfo } from "../hooks/useReports";
import { ExecutionStatus } from "./ExecutionStatus";

export function RunReportPanel({
  kinds,
  run,
}: {
  kinds: ReportKindInfo[];
  run: (r: { kind: ReportKindInfo["kind"]; formats: ReportFormat[]; filters: ReportFilters }) => Promise<string>;
}) {
  const structure = useListStructure();
  const { academicYearId, years } = useWorkspace();
  const toast = useToast();
  const [kind, setKind] = useState<ReportKindInfo["kind"]>("workload_summary");
  const [department, setDepartment] = useState("");
  const [compareYear, setCompareYear] = useState("");
  const info = kinds.find((k) => k.kind === kind) ?? kinds[0];
  const [formats, setFormats] = useState<ReportFormat[]>(["xlsx", "pdf"]);
  const [reportId, setReportId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const execution = useExecution(reportId);
  const allowed = formats.filter((f) => info?.formats.includes(f));
  return (
    <Card title="Run a report now">
      <div className="flex flex-wrap items-end gap-3">
        <Select
          label="Report"
          aria-label="Report kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as ReportKindInfo["kind"])}
          options={kinds.filter((k) => k.kind !== "lecturer_statement").map((k) => ({ value: k.kind, label: k.label }))}
        />
        <Select
          label="Department"
          aria-label="Department"
          value={department}
          onChange={(e) => setDepartment(e.target.value)}
          options={[{ value: "", label: "Everything I may see" }, ...(structure?.departments ?? []).map((d) => ({ value: d._id, label: d.name }))]}
        />
        {kind === "year_comparison" && (
          <Select
            label="Compare with"
            aria-label="Compare with"
            value={compareYear}
            onChange={(e) => setCompareYear(e.target.value)}
            options={[
              { value: "", label: "The current year (or the planning year after it)" },
              ...years.filter((y) => y._id !== academicYearId).map((y) => ({ value: y._id, label: y.name })),
            ]}
          />
        )}
        <fieldset className="flex items-center gap-3 pb-2">
          <legend className="sr-only">Formats</legend>
          {(info?.formats ?? []).map((f) => (
            <label key={f} className="flex items-center gap-1 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={formats.includes(f)}
                onChange={(e) => setFormats((prev) => (e.target.checked ? [...prev, f] : prev.filter((x) => x !== f)))}
              />
              {f.toUpperCase()}
            </label>
          ))}
        </fieldset>
        <Button
          variant="primary"
          loading={busy}
          disabled={allowed.length === 0}
          onClick={() => {
            setBusy(true);
            run({
              kind,
              formats: allowed,
              filters: {
                department_id: department || undefined,
                academic_year_id: academicYearId ?? undefined,
                compare_year_id: kind === "year_comparison" ? compareYear || undefined : undefined,
              },
            })
              .then(setReportId, (e) => toast.show({ tone: "error", title: "The report was not started", description: getErrorInfo(e).message }))
              .finally(() => setBusy(false));
          }}
        >
          Run report
        </Button>
      </div>
      {execution && (
        <div className="mt-4 border-t border-slate-100 pt-3">
          <p className="mb-1 text-sm font-medium text-slate-800">{execution.name}</p>
          <ExecutionStatus execution={execution} />
        </div>
      )}
    </Card>
  );
}
