/** Route: /courses — courses (programmes); cohorts and module lists are on each course's page. */
import { PageHeader } from "@/ui/PageHeader";
import { RecordTable } from "@/features/records/components/RecordTable";
import { useCatalogueResource } from "@/features/catalogue/hooks/useCatalogueResource";
import { courseFields } from "@/features/catalogue/utils/catalogueFields";
import { useListStructure } from "@/features/structure/hooks/useListStructure";
import { useCan } from "@/features/workspace/hooks/useCan";

export function CoursesPage() {
  const courses = useCatalogueResource("courses");
  const cohorts = useCatalogueResource("cohorts");
  const structure = useListStructure();
  const can = useCan();
  return (
    <div>
      <PageHeader title="Courses and cohorts" subtitle="Open a course to see its cohorts and modules." />
      <RecordTable
        noun="course"
        rows={courses.rows}
        canEdit={can("modules.edit")}
        rowLink={(r) => `/courses/${r._id}`}
        columns={[
          { key: "code", label: "Code" },
          { key: "name", label: "Name" },
          { key: "level", label: "Level", render: (r) => String(r.level).replace(/_/g, " ") },
          { key: "duration_years", label: "Years", align: "right" },
          { key: "department_id", label: "Department", render: (r) => structure?.name(r.department_id as string) ?? "" },
          {
            key: "_cohorts",
            label: "Cohorts",
            align: "right",
            render: (r) => String(cohorts.rows?.filter((c) => c.course_id === r._id).length ?? ""),
          },
        ]}
        fields={courseFields((structure?.departments ?? []).map((d) => ({ value: d._id, label: d.name })))}
        onCreate={courses.create}
        onUpdate={courses.update}
        onRemove={courses.remove}
      />
    </div>
  );
}
