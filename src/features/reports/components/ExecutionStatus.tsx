/** An execution's state as a person follows it: progress while it runs, then its files to download, or its error. */
import { Badge, type BadgeTone } from "@/ui/Badge";
import type { ReportExecution } from "../hooks/useReports";

const TONE: Record<ReportExecution["status"], BadgeTone> = { pending: "neutral", processing: "blue", completed: "green", failed: "red" };
const LABEL: Record<ReportExecution["status"], string> = { pending: "Waiting", processing: "Running", completed: "Ready", failed: "Failed" };

export function ExecutionStatus({ execution }: { execution: ReportExecution }) {
  const running = execution.status === "pending" || execution.status === "processing";
  return (
    <div className="flex flex-col gap-1" data-testid="execution-status" data-status={execution.status}>
      <div className="flex items-center gap-2">
        <Badge tone={TONE[execution.status]}>{LABEL[execution.status]}</Badge>
        {running && (
          <span className="text-xs text-slate-500">
            {execution.phase ?? "Queued"} · {execution.percent}%
          </span>
        )}
        {execution.status === "completed" && execution.row_count !== null && <span className="text-xs text-slate-500">{execution.row_count} rows</span>}
      </div>
      {running && (
        <div className="h-1.5 w-48 overflow-hidden rounded bg-slate-100" role="progressbar" aria-valuenow={execution.percent} aria-valuemin={0} aria-valuemax={100}>
          <div className="h-full bg-indigo-500 transition-all" style={{ width: `${Math.max(4, execution.percent)}%` }} />
        </div>
      )}
      {execution.error && <p className="text-xs text-red-700">{execution.error}</p>}
      {execution.files.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {execution.files.map((f) =>
            f.url ? (
              <a key={f.format} href={f.url} download={f.file_name} className="text-sm font-medium text-indigo-700 hover:underline" data-testid={`download-${f.format}`}>
                Download {f.format.toUpperCase()}
              </a>
            ) : (
              <span key={f.format} className="text-xs text-slate-400">{f.format.toUpperCase()} expired</span>
            ),
          )}
        </div>
      )}
    </div>
  );
}
