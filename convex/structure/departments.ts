/** Departments, optionally within a faculty; roles can be scoped to one. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "departments",
  label: "department",
  view: "structure.view",
  fields: columns("departments", ["name", "code", "faculty_id", "head_user_id"]),
  sortBy: "name",
  validate: async (_ctx, value) => requireName(value.name, "department"),
});
