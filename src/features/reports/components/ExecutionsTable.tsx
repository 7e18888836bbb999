/** Past executions, newest first: what, for whom, when, how it went, the files, and the emails it sent. */
import { Card } from "@/ui/Card";
import { EmptyState } from "@/ui/EmptyState";
import { Table, Td, Th, Tr } from "@/ui/Table";
import { formatDateTime } from "@/lib/formatDateTime";
import type { ReportExecution } from "../hooks/useReports";
import { ExecutionStatus } from "./ExecutionStatus";

export function ExecutionsTable({ executions }: { executions: ReportExecution[] }) {
  return (
    <Card title="Past reports">
      {executions.length === 0 ? (
        <EmptyState title="No reports yet" description="Reports you run or schedule appear here with their files." />
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Report</Th>
              <Th>For</Th>
              <Th>Made</Th>
              <Th>Status and files</Th>
              <Th>Emails</Th>
            </tr>
          </thead>
          <tbody>
            {executions.map((x) => (
              <Tr key={x.id}>
                <Td>
                  <div className="font-medium text-slate-800">{x.name}</div>
                  <div className="text-xs text-slate-500">
                    {x.year_name}
                    {x.scheduled ? " · scheduled" : ""}
                  </div>
                </Td>
                <Td>{x.for_user_name}</Td>
                <Td>{formatDateTime(x.created_at)}</Td>
                <Td>
                  <ExecutionStatus execution={x} />
                </Td>
                <Td className="text-xs text-slate-600">
                  {x.deliveries.sent + x.deliveries.failed + x.deliveries.queued + x.deliveries.skipped === 0
                    ? "—"
                    : `${x.deliveries.sent} sent${x.deliveries.failed ? `, ${x.deliveries.failed} failed` : ""}${x.deliveries.queued ? `, ${x.deliveries.queued} queued` : ""}${x.deliveries.skipped ? `, ${x.deliveries.skipped} skipped` : ""}`}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
