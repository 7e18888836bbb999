/** Route: /cohorts/:cohortId — a cohort and the modules it takes in the chosen year (its module plan). */
import { Link, useParams } from "react-router";
import { EmptyState } from "@/ui/EmptyState";
import { PageHeader } from "@/ui/PageHeader";
import { Spinner } from "@/ui/Spinner";
import { RecordTable } from "@/features/records/components/RecordTable";
import { useCatalogueResource } from "@/features/catalogue/hooks/useCatalogueResource";
import { cohortPlanFields } from "@/features/catalogue/utils/catalogueFields";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function CohortDetailPage() {
  const { cohortId } = useParams();
  const cohorts = useCatalogueResource("cohorts");
  const courses = useCatalogueResource("courses");
  const plans = useCatalogueResource("cohortModulePlans");
  const modules = useCatalogueResource("modules");
  const iterations = useCatalogueResource("iterations");
  const { year } = useWorkspace();
  const can = useCan();
  if (!cohorts.rows || !courses.rows) return <Spinner />;
  const cohort = cohorts.rows.find((c) => c._id === cohortId);
  if (!cohort) return <EmptyState title="Cohort not found" />;
  const course = courses.rows.find((c) => c._id === cohort.course_id);
  const moduleName = (id: unknown) => {
    const m = modules.rows?.find((x) => x._id === id);
    return m ? `${m.code} ${m.title}` : "";
  };
  return (
    <div className="space-y-3">
      <p className="text-xs text-slate-500">
        <Link to="/courses" className="hover:underline">
          Courses
        </Link>{" "}
        /{" "}
        {course && (
          <Link to={`/courses/${course._id}`} className="hover:underline">
            {String(course.code)}
          </Link>
        )}{" "}
        /
      </p>
      <PageHeader title={String(cohort.name)} subtitle={`${cohort.student_count} students · intake month ${cohort.intake_month}`} />
      <h2 className="text-sm font-semibold">Module plan for {year?.name}</h2>
      <RecordTable
        noun="planned module"
        rows={plans.rows?.filter((p) => p.cohort_id === cohort._id)}
        canEdit={can("modules.edit")}
        columns={[
          { key: "module_id", label: "Module", render: (r) => moduleName(r.module_id) },
          {
            key: "module_iteration_id",
            label: "Iteration",
            render: (r) => String(iterations.rows?.find((i) => i._id === r.module_iteration_id)?.code ?? "—"),
          },
          { key: "semester", label: "Semester" },
          { key: "planned_students", label: "Planned students", align: "right" },
        ]}
        fields={cohortPlanFields(
          (modules.rows ?? []).map((m) => ({ value: m._id, label: `${m.code} ${m.title}` })),
          (iterations.rows ?? []).map((i) => ({ value: i._id, label: String(i.code) })),
        )}
        onCreate={(v) => plans.create({ ...v, cohort_id: cohort._id })}
        onUpdate={plans.update}
        onRemove={plans.remove}
      />
    </div>
  );
}
