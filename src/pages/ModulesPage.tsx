/** Route: /modules — module definitions (stable across years). */
import { PageHeader } from "@/ui/PageHeader";
import { RecordTable } from "@/features/records/components/RecordTable";
import { useCatalogueResource } from "@/features/catalogue/hooks/useCatalogueResource";
import { moduleFields } from "@/features/catalogue/utils/catalogueFields";
import { useListStructure } from "@/features/structure/hooks/useListStructure";
import { useCan } from "@/features/workspace/hooks/useCan";

export function ModulesPage() {
  const modules = useCatalogueResource("modules");
  const structure = useListStructure();
  const can = useCan();
  const rows = modules.rows && [...modules.rows].sort((a, b) => String(a.code).localeCompare(String(b.code), undefined, { numeric: true }));
  return (
    <div>
      <PageHeader title="Modules" subtitle="Module definitions; what runs in a year is an iteration." />
      <RecordTable
        noun="module"
        rows={rows}
        canEdit={can("modules.edit")}
        rowLink={(r) => `/modules/${r._id}`}
        columns={[
          { key: "code", label: "Code" },
          { key: "title", label: "Title" },
          { key: "credits", label: "Credits", align: "right" },
          { key: "level", label: "Level", align: "right" },
          { key: "default_semester", label: "Semester" },
          { key: "department_id", label: "Department", render: (r) => structure?.name(r.department_id as string) ?? "" },
        ]}
        fields={moduleFields((structure?.departments ?? []).map((d) => ({ value: d._id, label: d.name })))}
        onCreate={modules.create}
        onUpdate={modules.update}
        onRemove={modules.remove}
      />
    </div>
  );
}
