/**
 * A lecturer's allocations as a table: iteration, component, share, hours
 * (explainable) and the lecturer's answer; `renderActions` adds per-row
 * controls (accept / query on "My workload").
 */
import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { QueryBoundary } from "@/ui/QueryBoundary";
import { HistoryPanel } from "@/features/audit/components/HistoryPanel";
import { Table, Td, Th, Tr } from "@/ui/Table";
import type { AllocationRow } from "../utils/allocationTypes";
import { hoursOf } from "../utils/hoursOf";
import { AllocationStatusBadge } from "./AllocationStatusBadge";
import { ExplainHours } from "./ExplainHours";

export function LecturerAllocationTable({
  rows,
  renderActions,
  linkToEditor,
}: {
  rows: AllocationRow[];
  renderActions?: (a: AllocationRow) => ReactNode;
  linkToEditor?: boolean;
}) {
  const [history, setHistory] = useState<AllocationRow | null>(null);
  if (rows.length === 0) return <p className="py-3 text-sm text-slate-500">No module allocations in this year.</p>;
  return (
    <>
      <Table aria-label="Allocations">
        <thead>
          <tr>
            <Th>Iteration</Th>
            <Th>Component</Th>
            <Th className="text-right">Share</Th>
            <Th className="text-right">Hours</Th>
            <Th>Status</Th>
            {renderActions && <Th className="text-right">Respond</Th>}
            <Th className="w-16" />
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <Tr key={a.id}>
              <Td>
                {linkToEditor ? (
                  <Link to={`/allocations/${a.module_iteration_id}`} className="font-medium text-slate-800 hover:underline">
                    {a.iteration_code}
                  </Link>
                ) : (
                  <span className="font-medium text-slate-800">{a.iteration_code}</span>
                )}
                <span className="block text-xs text-slate-500">{a.module_title}</span>
              </Td>
              <Td>
                {a.allocation_type_name}
                {a.group_name && <span className="text-slate-500"> · {a.group_name}</span>}
              </Td>
              <Td className="text-right tabular">{a.share}%</Td>
              <Td className="text-right">
                <ExplainHours allocationId={a.id} hours={hoursOf(a)} />
              </Td>
              <Td>
                <AllocationStatusBadge status={a.response_status} />
                {a.response_comment && <span className="mt-0.5 block max-w-64 text-xs text-slate-600">“{a.response_comment}”</span>}
                {a.reply && (
                  <span className="mt-0.5 block max-w-64 text-xs text-indigo-800" data-testid="planner-reply">
                    {a.replied_by_name ?? "Planner"}: “{a.reply}”
                  </span>
                )}
              </Td>
              {renderActions && <Td className="text-right">{renderActions(a)}</Td>}
              <Td className="text-right">
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => setHistory(a)}
                  aria-label={`History of ${a.iteration_code} ${a.allocation_type_name ?? ""}`}
                >
                  History
                </Button>
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      <Dialog
        open={history !== null}
        onClose={() => setHistory(null)}
        title="Allocation history"
        description={
          history
            ? `${history.iteration_code} · ${history.allocation_type_name ?? ""}${history.group_name ? ` · ${history.group_name}` : ""}`
            : undefined
        }
        wide
        footer={<Button onClick={() => setHistory(null)}>Close</Button>}
      >
        {history && (
          <QueryBoundary>
            <HistoryPanel subject={{ kind: "allocation", id: history.id }} />
          </QueryBoundary>
        )}
      </Dialog>
    </>
  );
}
