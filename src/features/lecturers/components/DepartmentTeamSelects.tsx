/**
 * The department and team pickers of the lecturer forms: the team list only
 * offers teams of the chosen department, so a lecturer cannot be put in a
 * team outside their department.
 */
import type { UseFormRegisterReturn } from "react-hook-form";
import { Select } from "@/ui/Select";
import type { Structure } from "@/features/structure/hooks/useListStructure";

export type DepartmentTeamSelectsProps = {
  structure: Structure;
  /** The department currently chosen in the form (watched), to filter teams. */
  departmentId: string | undefined;
  department: UseFormRegisterReturn;
  team: UseFormRegisterReturn;
};

export function DepartmentTeamSelects({ structure, departmentId, department, team }: DepartmentTeamSelectsProps) {
  return (
    <div className="grid grid-cols-2 gap-3">
      <Select
        label="Department"
        placeholder="None"
        options={structure.departments.map((d) => ({ value: d._id, label: d.name }))}
        {...department}
      />
      <Select
        label="Team"
        placeholder="None"
        options={structure.teams
          .filter((t) => !departmentId || t.department_id === departmentId)
          .map((t) => ({ value: t._id, label: t.name }))}
        {...team}
      />
    </div>
  );
}
