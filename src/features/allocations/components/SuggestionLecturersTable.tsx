/** Each candidate lecturer's utilisation before the proposal and with the ticked lines accepted. */
import { Table, Td, Th, Tr } from "@/ui/Table";
import { formatHours } from "@/lib/formatHours";
import type { LecturerFigures } from "@convex/lib/suggestions";
import { BandBadge } from "@/features/workload/components/BandBadge";
import type { SuggestionRun } from "../hooks/useAllocationSuggestions";

export type SuggestionLecturersTableProps = {
  lecturers: NonNullable<SuggestionRun["result"]>["lecturers"];
  after: Map<string, LecturerFigures>;
};

export function SuggestionLecturersTable({ lecturers, after }: SuggestionLecturersTableProps) {
  const rows = [...lecturers].sort((a, b) => (after.get(b.lecturer_id)?.utilisation ?? 0) - (after.get(a.lecturer_id)?.utilisation ?? 0));
  return (
    <Table aria-label="Utilisation before and after" data-testid="suggestion-lecturers">
      <thead>
        <tr>
          <Th>Lecturer</Th>
          <Th className="text-right">Before</Th>
          <Th className="text-right">Added</Th>
          <Th className="text-right">After</Th>
          <Th className="text-right">Teaching after / max</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((l) => {
          const a = after.get(l.lecturer_id) ?? l.before;
          return (
            <Tr key={l.lecturer_id} data-testid="suggestion-lecturer">
              <Td>
                {l.name}
                {l.team_name && <div className="text-xs text-slate-500">{l.team_name}</div>}
              </Td>
              <Td className="text-right">
                <BandBadge band={l.before.band} utilisation={l.before.utilisation} />
              </Td>
              <Td className="text-right tabular-nums">+{formatHours(a.allocated_hours - l.before.allocated_hours)}</Td>
              <Td className="text-right" data-testid="suggestion-after">
                <BandBadge band={a.band} utilisation={a.utilisation} />
              </Td>
              <Td className="text-right text-xs tabular-nums">
                {formatHours(a.teaching_hours)} / {formatHours(a.max_teaching_hours)}
              </Td>
            </Tr>
          );
        })}
      </tbody>
    </Table>
  );
}
