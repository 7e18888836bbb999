/** Route: /courses/:courseId — a course's cohorts and its modules by year of study. */
import { Link, useParams } from "react-router";
import { EmptyState } from "@/ui/EmptyState";
import { PageHeader } from "@/ui/PageHeader";
import { Spinner } from "@/ui/Spinner";
import { Tabs } from "@/ui/Tabs";
import { RecordTable } from "@/features/records/components/RecordTable";
import { useCatalogueResource } from "@/features/catalogue/hooks/useCatalogueResource";
import { cohortFields, courseModuleFields } from "@/features/catalogue/utils/catalogueFields";
import { useCan } from "@/features/workspace/hooks/useCan";

export function CourseDetailPage() {
  const { courseId } = useParams();
  const courses = useCatalogueResource("courses");
  const cohorts = useCatalogueResource("cohorts");
  const courseModules = useCatalogueResource("courseModules");
  const modules = useCatalogueResource("modules");
  const can = useCan();
  if (!courses.rows) return <Spinner />;
  const course = courses.rows.find((c) => c._id === courseId);
  if (!course) return <EmptyState title="Course not found" />;
  const moduleName = (id: unknown) => {
    const m = modules.rows?.find((x) => x._id === id);
    return m ? `${m.code} ${m.title}` : "";
  };
  return (
    <div>
      <p className="mb-1 text-xs text-slate-500">
        <Link to="/courses" className="hover:underline">
          Courses
        </Link>{" "}
        /
      </p>
      <PageHeader
        title={`${course.code} ${course.name}`}
        subtitle={`${String(course.level).replace(/_/g, " ")} · ${course.duration_years} years`}
      />
      <Tabs
        tabs={[
          {
            id: "cohorts",
            label: "Cohorts",
            content: (
              <RecordTable
                noun="cohort"
                rows={cohorts.rows?.filter((c) => c.course_id === course._id)}
                canEdit={can("modules.edit")}
                rowLink={(r) => `/cohorts/${r._id}`}
                columns={[
                  { key: "name", label: "Name" },
                  { key: "intake_month", label: "Intake month", align: "right" },
                  { key: "student_count", label: "Students", align: "right" },
                ]}
                fields={cohortFields}
                onCreate={(v) => cohorts.create({ ...v, course_id: course._id })}
                onUpdate={cohorts.update}
                onRemove={cohorts.remove}
              />
            ),
          },
          {
            id: "modules",
            label: "Modules",
            content: (
              <RecordTable
                noun="course module"
                rows={courseModules.rows
                  ?.filter((c) => c.course_id === course._id)
                  .sort((a, b) => Number(a.year_of_study) - Number(b.year_of_study))}
                canEdit={can("modules.edit")}
                columns={[
                  { key: "module_id", label: "Module", render: (r) => moduleName(r.module_id) },
                  { key: "year_of_study", label: "Year of study", align: "right" },
                  { key: "is_core", label: "Core", render: (r) => (r.is_core ? "Core" : "Optional") },
                ]}
                fields={courseModuleFields((modules.rows ?? []).map((m) => ({ value: m._id, label: `${m.code} ${m.title}` })))}
                onCreate={(v) => courseModules.create({ ...v, course_id: course._id })}
                onUpdate={courseModules.update}
                onRemove={courseModules.remove}
              />
            ),
          },
        ]}
      />
    </div>
  );
}
