/** Route: /iterations/:iterationId — an iteration's groups and assessments, with a link to allocate it. */
import { Link, useParams } from "react-router";
import { Badge } from "@/ui/Badge";
import { EmptyState } from "@/ui/EmptyState";
import { PageHeader } from "@/ui/PageHeader";
import { QueryBoundary } from "@/ui/QueryBoundary";
import { Spinner } from "@/ui/Spinner";
import { Tabs } from "@/ui/Tabs";
import { HistoryPanel } from "@/features/audit/components/HistoryPanel";
import { RecordTable } from "@/features/records/components/RecordTable";
import { useCatalogueResource } from "@/features/catalogue/hooks/useCatalogueResource";
import { assessmentFields, groupFields } from "@/features/catalogue/utils/catalogueFields";
import { useCan } from "@/features/workspace/hooks/useCan";

export function IterationDetailPage() {
  const { iterationId } = useParams();
  const iterations = useCatalogueResource("iterations");
  const modules = useCatalogueResource("modules");
  const groups = useCatalogueResource("groups");
  const assessments = useCatalogueResource("assessments");
  const sites = useCatalogueResource("sites");
  const types = useCatalogueResource("assessmentTypes");
  const can = useCan();
  if (!iterations.rows || !modules.rows) return <Spinner />;
  const it = iterations.rows.find((i) => i._id === iterationId);
  if (!it) return <EmptyState title="Iteration not found" description="It may be in another academic year or deleted." />;
  const m = modules.rows.find((x) => x._id === it.module_id);
  const siteOptions = (sites.rows ?? []).map((s) => ({ value: s._id, label: String(s.name) }));
  const siteName = (id: unknown) => String(sites.rows?.find((s) => s._id === id)?.name ?? "");
  return (
    <div>
      <p className="mb-1 text-xs text-slate-500">
        <Link to="/iterations" className="hover:underline">
          Iterations
        </Link>{" "}
        /
      </p>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {String(it.code)} <span className="font-normal text-slate-500">{String(m?.title ?? "")}</span>{" "}
            <Badge>{String(it.semester)}</Badge>
          </span>
        }
        subtitle={`${it.student_count} students · ${it.intakes} intake(s) · ${siteName(it.site_id) || "no site"}${it.contact_hours_override !== undefined ? ` · contact hours overridden to ${it.contact_hours_override}` : ""}`}
        actions={
          can("allocations.view") && (
            <Link
              to={`/allocations/${it._id}`}
              className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700"
            >
              Open in allocation editor
            </Link>
          )
        }
      />
      <Tabs
        tabs={[
          {
            id: "groups",
            label: "Groups",
            content: (
              <RecordTable
                noun="group"
                rows={groups.rows?.filter((g) => g.module_iteration_id === it._id)}
                canEdit={can("modules.edit")}
                columns={[
                  { key: "name", label: "Name" },
                  { key: "student_count", label: "Students", align: "right" },
                  { key: "site_id", label: "Site", render: (r) => siteName(r.site_id) },
                  {
                    key: "weekday",
                    label: "When",
                    render: (r) =>
                      [r.weekday, r.start_time && (r.end_time ? `${r.start_time}–${r.end_time}` : `from ${r.start_time}`)]
                        .filter(Boolean)
                        .join(" "),
                  },
                ]}
                fields={groupFields(siteOptions)}
                onCreate={(v) => groups.create({ ...v, module_iteration_id: it._id })}
                onUpdate={groups.update}
                onRemove={groups.remove}
              />
            ),
          },
          {
            id: "assessments",
            label: "Assessments",
            content: (
              <RecordTable
                noun="assessment"
                rows={assessments.rows?.filter((a) => a.module_iteration_id === it._id)}
                canEdit={can("modules.edit")}
                columns={[
                  { key: "name", label: "Name" },
                  {
                    key: "assessment_type_id",
                    label: "Type",
                    render: (r) => String(types.rows?.find((t) => t._id === r.assessment_type_id)?.name ?? ""),
                  },
                  { key: "weighting", label: "Weighting", align: "right", render: (r) => `${r.weighting}%` },
                  { key: "due_date", label: "Due" },
                ]}
                fields={assessmentFields((types.rows ?? []).map((t) => ({ value: t._id, label: String(t.name) })))}
                onCreate={(v) => assessments.create({ ...v, module_iteration_id: it._id })}
                onUpdate={assessments.update}
                onRemove={assessments.remove}
              />
            ),
          },
          ...(can("audit.view")
            ? [
                {
                  id: "history",
                  label: "History",
                  content: (
                    <QueryBoundary>
                      <HistoryPanel subject={{ kind: "iteration", id: it._id }} />
                    </QueryBoundary>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
