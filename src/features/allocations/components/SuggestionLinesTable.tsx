/** The proposal's lines (who gets what, hours), each tickable while it is still only proposed. */
import { Badge } from "@/ui/Badge";
import { Table, Td, Th, Tr } from "@/ui/Table";
import { formatHours } from "@/lib/formatHours";
import type { SuggestionLine } from "../hooks/useAllocationSuggestions";

export type SuggestionLinesTableProps = {
  lines: SuggestionLine[];
  ticked: ReadonlySet<string>;
  onToggle: (lineId: string) => void;
  onToggleAll: (tick: boolean) => void;
};

const STATUS = {
  proposed: null,
  queued: <Badge tone="blue">Creating…</Badge>,
  accepted: <Badge tone="green">Accepted</Badge>,
  skipped: <Badge tone="amber">Skipped</Badge>,
} as const;

export function SuggestionLinesTable({ lines, ticked, onToggle, onToggleAll }: SuggestionLinesTableProps) {
  const open = lines.filter((l) => l.status === "proposed");
  const allTicked = open.length > 0 && open.every((l) => ticked.has(l._id));
  return (
    <Table aria-label="Suggested allocations" data-testid="suggestion-lines">
      <thead>
        <tr>
          <Th className="w-8">
            <input
              type="checkbox"
              aria-label="Tick every proposed line"
              checked={allTicked}
              disabled={open.length === 0}
              onChange={(e) => onToggleAll(e.target.checked)}
            />
          </Th>
          <Th>Iteration</Th>
          <Th>Work</Th>
          <Th>Lecturer</Th>
          <Th className="text-right">Share</Th>
          <Th className="text-right">Hours</Th>
          <Th />
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <Tr key={line._id} data-testid="suggestion-line">
            <Td>
              {line.status === "proposed" && (
                <input
                  type="checkbox"
                  aria-label={`Accept ${line.iteration_code} for ${line.lecturer_name}`}
                  checked={ticked.has(line._id)}
                  onChange={() => onToggle(line._id)}
                />
              )}
            </Td>
            <Td>
              <span className="font-medium text-slate-800">{line.iteration_code}</span>
              {line.group_name && <span className="text-slate-500"> · {line.group_name}</span>}
              <div className="text-xs text-slate-500">{line.module_title}</div>
            </Td>
            <Td className="text-xs">
              {line.parts.map((p) => (
                <div key={p.allocation_type_id}>
                  {p.allocation_type_name} <span className="text-slate-500">{formatHours(p.hours)}</span>
                </div>
              ))}
            </Td>
            <Td>
              {line.lecturer_name}
              {line.first_time && <div className="text-xs text-slate-500">first delivery</div>}
            </Td>
            <Td className="text-right tabular-nums">{Math.round(line.share * 100) / 100}%</Td>
            <Td className="text-right tabular-nums">{formatHours(line.hours)}</Td>
            <Td className="text-xs" title={line.outcome ?? line.warnings?.join(" ")}>
              {STATUS[line.status]}
              {line.outcome && <div className="text-amber-700">{line.outcome}</div>}
              {line.warnings?.map((w) => (
                <div key={w} className="text-amber-700">
                  {w}
                </div>
              ))}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
