/** Departments, optionally within a faculty; roles can be scoped to one. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "departments",
  label: "department",
  view: "structure.view",
  edit: "structure.edit",
  fields: columns("departments", ["name", "code", "faculty_id", "head_user_id"]),
  refs: { faculty_id: "faculties", head_user_id: "users" },
  sortBy: "name",
  dependents: [{ table: "teams", index: "by_department_id", field: "department_id", label: "teams" }],
  validate: async (_ctx, value) => requireName(value.name, "department"),
});
