/**
 * Faculty > department > team filters; choosing a faculty narrows the
 * departments, a department narrows the teams.
 */
import { Select } from "@/ui/Select";
import type { DashboardFilters } from "@/features/workload/hooks/useListLecturerTotals";
import type { Structure } from "../hooks/useListStructure";

export function StructureFilters({
  structure,
  value,
  onChange,
}: {
  structure: Structure;
  value: DashboardFilters;
  onChange: (v: DashboardFilters) => void;
}) {
  const departments = value.facultyId ? structure.departments.filter((d) => d.faculty_id === value.facultyId) : structure.departments;
  const teams = value.departmentId
    ? structure.teams.filter((t) => t.department_id === value.departmentId)
    : value.facultyId
      ? structure.teams.filter((t) => departments.some((d) => d._id === t.department_id))
      : structure.teams;
  return (
    <div className="flex flex-wrap items-end gap-2">
      <Select
        aria-label="Faculty"
        className="w-52"
        placeholder="All faculties"
        options={structure.faculties.map((f) => ({ value: f._id, label: f.name }))}
        value={value.facultyId ?? ""}
        onChange={(e) => onChange({ facultyId: e.target.value || undefined })}
      />
      <Select
        aria-label="Department"
        className="w-52"
        placeholder="All departments"
        options={departments.map((d) => ({ value: d._id, label: d.name }))}
        value={value.departmentId ?? ""}
        onChange={(e) => onChange({ facultyId: value.facultyId, departmentId: e.target.value || undefined })}
      />
      <Select
        aria-label="Team"
        className="w-48"
        placeholder="All teams"
        options={teams.map((t) => ({ value: t._id, label: t.name }))}
        value={value.teamId ?? ""}
        onChange={(e) => onChange({ ...value, teamId: e.target.value || undefined })}
      />
    </div>
  );
}
