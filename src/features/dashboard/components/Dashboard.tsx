/**
 * The live dashboard: headline figures, the utilisation distribution, the
 * most over- and under-allocated lecturers, team summaries and coverage
 * gaps, filtered by faculty, department and team. Every figure updates as
 * allocations change, without a reload.
 */
import { useState } from "react";
import { Card } from "@/ui/Card";
import { PageHeader } from "@/ui/PageHeader";
import { Spinner } from "@/ui/Spinner";
import { EmptyState } from "@/ui/EmptyState";
import { formatHours } from "@/lib/formatHours";
import { formatPercent } from "@/lib/formatPercent";
import { StructureFilters } from "@/features/structure/components/StructureFilters";
import { useListStructure } from "@/features/structure/hooks/useListStructure";
import type { DashboardFilters } from "@/features/workload/hooks/useListLecturerTotals";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useOrganisationSettings } from "@/features/settings/hooks/useOrganisationSettings";
import { CompareYearsLink } from "@/features/yearComparison/components/CompareYearsLink";
import { useGetDashboard } from "../hooks/useGetDashboard";
import { BandLegend } from "./BandLegend";
import { CoverageGapList } from "./CoverageGapList";
import { LecturerLoadList } from "./LecturerLoadList";
import { StatTile } from "./StatTile";
import { TeamSummaryTable } from "./TeamSummaryTable";
import { UtilisationHistogram } from "./UtilisationHistogram";

export function Dashboard() {
  const { year } = useWorkspace();
  const [filters, setFilters] = useState<DashboardFilters>({});
  const structure = useListStructure();
  const data = useGetDashboard(filters);
  const { settings } = useOrganisationSettings();
  return (
    <div>
      <PageHeader
        title="Dashboard"
        subtitle={`Workload across ${year?.name ?? "the year"} — live`}
        actions={
          <>
            <CompareYearsLink />
            {structure && <StructureFilters structure={structure} value={filters} onChange={setFilters} />}
          </>
        }
      />
      {!data ? (
        <Spinner label="Loading dashboard…" />
      ) : data.totals.lecturerCount === 0 ? (
        <EmptyState title="No lecturers in this selection" description="Add lecturers to this academic year, or widen the filters." />
      ) : (
        <div className="grid grid-cols-12 gap-4">
          <div className="col-span-12 grid grid-cols-2 gap-3 md:grid-cols-5">
            <StatTile label="Lecturers" value={data.totals.lecturerCount} />
            <StatTile
              label="Allocated hours"
              value={formatHours(data.totals.allocatedHours)}
              testId="stat-allocated-hours"
              hint={`of ${formatHours(data.totals.contractHours)} contracted`}
            />
            <StatTile label="Utilisation" value={formatPercent(data.totals.utilisation)} testId="stat-utilisation" />
            <StatTile label="Over capacity" value={<span className="text-orange-700">{data.totals.overCount}</span>} testId="stat-over" />
            <StatTile label="Under-allocated" value={<span className="text-sky-700">{data.totals.underCount}</span>} testId="stat-under" />
          </div>
          <Card title="Utilisation distribution" actions={<BandLegend />} className="col-span-12 lg:col-span-7">
            <UtilisationHistogram buckets={data.histogram} thresholds={settings?.band_thresholds} />
          </Card>
          <Card title="Coverage gaps" className="col-span-12 lg:col-span-5">
            <div className="max-h-56 overflow-auto">
              <CoverageGapList gaps={data.gaps} />
            </div>
          </Card>
          <Card title="Most over-allocated" className="col-span-12 lg:col-span-6">
            <LecturerLoadList rows={data.over} empty="Nobody is over capacity." testId="over-list" />
          </Card>
          <Card title="Most under-allocated" className="col-span-12 lg:col-span-6">
            <LecturerLoadList rows={data.under} empty="Nobody is under-allocated." testId="under-list" />
          </Card>
          <div className="col-span-12">
            <h2 className="mb-2 text-sm font-semibold text-slate-800">Teams</h2>
            <TeamSummaryTable teams={data.teams} departmentName={(id) => structure?.name(id) ?? ""} />
          </div>
        </div>
      )}
    </div>
  );
}
