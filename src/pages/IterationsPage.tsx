/** Route: /iterations — the modules delivered in the chosen year. */
import { PageHeader } from "@/ui/PageHeader";
import { RecordTable } from "@/features/records/components/RecordTable";
import { useCatalogueResource } from "@/features/catalogue/hooks/useCatalogueResource";
import { iterationFields } from "@/features/catalogue/utils/catalogueFields";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function IterationsPage() {
  const iterations = useCatalogueResource("iterations");
  const modules = useCatalogueResource("modules");
  const sites = useCatalogueResource("sites");
  const { year } = useWorkspace();
  const can = useCan();
  const moduleById = new Map<string, { title: string }>((modules.rows ?? []).map((m) => [m._id, m]));
  const rows =
    iterations.rows && modules.rows
      ? [...iterations.rows].sort((a, b) => String(a.code).localeCompare(String(b.code), undefined, { numeric: true }))
      : undefined;
  return (
    <div>
      <PageHeader title="Module iterations" subtitle={`Delivered in ${year?.name ?? "the year"}`} />
      <RecordTable
        noun="iteration"
        rows={rows}
        canEdit={can("modules.edit")}
        rowLink={(r) => `/iterations/${r._id}`}
        columns={[
          { key: "code", label: "Code" },
          { key: "module_id", label: "Module", render: (r) => String(moduleById.get(String(r.module_id))?.title ?? "") },
          { key: "semester", label: "Semester" },
          { key: "student_count", label: "Students", align: "right" },
          { key: "site_id", label: "Site", render: (r) => String(sites.rows?.find((s) => s._id === r.site_id)?.name ?? "") },
        ]}
        fields={iterationFields(
          (modules.rows ?? []).map((m) => ({ value: m._id, label: `${m.code} ${m.title}` })),
          (sites.rows ?? []).map((s) => ({ value: s._id, label: String(s.name) })),
        )}
        onCreate={iterations.create}
        onUpdate={iterations.update}
        onRemove={iterations.remove}
      />
    </div>
  );
}
