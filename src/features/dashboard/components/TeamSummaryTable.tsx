/** Team summaries: headcount, FTE, hours, utilisation and how many are over or under. */
import { Table, Td, Th, Tr } from "@/ui/Table";
import { formatHours } from "@/lib/formatHours";
import { formatPercent } from "@/lib/formatPercent";
import type { TeamSummary } from "../utils/buildOverview";

export function TeamSummaryTable({ teams, departmentName }: { teams: TeamSummary[]; departmentName: (id?: string) => string }) {
  if (teams.length === 0) return <p className="py-3 text-sm text-slate-500">No teams in this selection.</p>;
  return (
    <Table aria-label="Team summaries">
      <thead>
        <tr>
          <Th>Team</Th>
          <Th className="text-right">Staff</Th>
          <Th className="text-right">FTE</Th>
          <Th className="text-right">Allocated / contract</Th>
          <Th className="text-right">Utilisation</Th>
          <Th className="text-right">Over</Th>
          <Th className="text-right">Under</Th>
        </tr>
      </thead>
      <tbody>
        {teams.map((t) => (
          <Tr key={t.team_id}>
            <Td>
              <span className="font-medium text-slate-800">{t.team_name}</span>
              <span className="ml-1 text-xs text-slate-500">{departmentName(t.department_id)}</span>
            </Td>
            <Td className="text-right tabular">{t.lecturer_count}</Td>
            <Td className="text-right tabular">{Math.round(t.total_fte * 10) / 10}</Td>
            <Td className="text-right tabular">
              {formatHours(t.total_allocated_hours, "")} / {formatHours(t.total_contract_hours)}
            </Td>
            <Td className="text-right tabular">{formatPercent(t.utilisation)}</Td>
            <Td className={"text-right tabular " + (t.over_count ? "font-medium text-orange-700" : "text-slate-500")}>{t.over_count}</Td>
            <Td className={"text-right tabular " + (t.under_count ? "text-sky-700" : "text-slate-500")}>{t.under_count}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
