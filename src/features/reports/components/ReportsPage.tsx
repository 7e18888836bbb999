/** The Reports page: run a report now, templates, schedules with their emails, and past reports. */
import { PageHeader } from "@/ui/PageHeader";
import { Spinner } from "@/ui/Spinner";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useReports } from "../hooks/useReports";
import { ExecutionsTable } from "./ExecutionsTable";
import { MailboxLink } from "./MailboxLink";
import { RunReportPanel } from "./RunReportPanel";
import { SchedulesPanel } from "./SchedulesPanel";
import { TemplatesPanel } from "./TemplatesPanel";

export function ReportsPage() {
  const can = useCan();
  const manage = can("reports.manage");
  const r = useReports({ manage });
  if (!r.kinds || !r.templates || !r.executions || !r.schedules) return <Spinner label="Loading reports…" />;
  return (
    <div className="space-y-4">
      <PageHeader title="Reports" subtitle="Figures as files and in people's inboxes: every number is the dashboard's." actions={<MailboxLink />} />
      <RunReportPanel kinds={r.kinds} run={r.runReport} />
      <TemplatesPanel templates={r.templates} kinds={r.kinds} canManage={manage} onRun={r.runTemplate} onCreate={r.createTemplate} onRemove={r.removeTemplate} />
      <SchedulesPanel
        schedules={r.schedules}
        templates={r.templates}
        choices={r.choices}
        canManage={manage}
        onCreate={r.createSchedule}
        onSendNow={r.sendNow}
        onSetEnabled={r.setEnabled}
        onRemove={r.removeSchedule}
      />
      <ExecutionsTable executions={r.executions} />
    </div>
  );
}
