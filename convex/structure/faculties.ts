/** Faculties: the top of the structure that dashboards filter by. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "faculties",
  label: "faculty",
  view: "structure.view",
  edit: "structure.edit",
  fields: columns("faculties", ["name", "code", "dean_user_id"]),
  refs: { dean_user_id: "users" },
  sortBy: "name",
  dependents: [{ table: "departments", index: "by_faculty_id", field: "faculty_id", label: "departments" }],
  validate: async (_ctx, value) => requireName(value.name, "faculty"),
});
