/** Route: /modules/:moduleId — a module and its iterations in the chosen year. */
import { Link, useParams } from "react-router";
import { Card } from "@/ui/Card";
import { PageHeader } from "@/ui/PageHeader";
import { Spinner } from "@/ui/Spinner";
import { EmptyState } from "@/ui/EmptyState";
import { RecordTable } from "@/features/records/components/RecordTable";
import { useCatalogueResource } from "@/features/catalogue/hooks/useCatalogueResource";
import { iterationFields } from "@/features/catalogue/utils/catalogueFields";
import { useListStructure } from "@/features/structure/hooks/useListStructure";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function ModuleDetailPage() {
  const { moduleId } = useParams();
  const modules = useCatalogueResource("modules");
  const iterations = useCatalogueResource("iterations");
  const sites = useCatalogueResource("sites");
  const structure = useListStructure();
  const { year } = useWorkspace();
  const can = useCan();
  if (!modules.rows) return <Spinner />;
  const m = modules.rows.find((x) => x._id === moduleId);
  if (!m)
    return (
      <EmptyState
        title="Module not found"
        description="It may have been deleted."
        action={
          <Link to="/modules" className="text-sm text-indigo-600 hover:underline">
            Back to modules
          </Link>
        }
      />
    );
  const own = iterations.rows?.filter((i) => i.module_id === moduleId);
  return (
    <div className="space-y-4">
      <p className="text-xs text-slate-500">
        <Link to="/modules" className="hover:underline">
          Modules
        </Link>{" "}
        /
      </p>
      <PageHeader
        title={`${m.code} ${m.title}`}
        subtitle={`${m.credits} credits · level ${m.level} · ${structure?.name(m.department_id as string) || "no department"}`}
      />
      {typeof m.description === "string" && m.description && (
        <Card>
          <p className="text-sm text-slate-600">{m.description}</p>
        </Card>
      )}
      <h2 className="text-sm font-semibold">Iterations in {year?.name}</h2>
      <RecordTable
        noun="iteration"
        rows={own}
        canEdit={can("modules.edit")}
        rowLink={(r) => `/iterations/${r._id}`}
        columns={[
          { key: "code", label: "Code" },
          { key: "semester", label: "Semester" },
          { key: "student_count", label: "Students", align: "right" },
          { key: "site_id", label: "Site", render: (r) => String(sites.rows?.find((s) => s._id === r.site_id)?.name ?? "") },
        ]}
        fields={iterationFields(
          [{ value: String(m._id), label: `${m.code} ${m.title}` }],
          (sites.rows ?? []).map((s) => ({ value: s._id, label: String(s.name) })),
        )}
        onCreate={(v) => iterations.create({ ...v, module_id: m._id })}
        onUpdate={iterations.update}
        onRemove={iterations.remove}
      />
    </div>
  );
}
