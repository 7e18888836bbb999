/** Faculties: the top of the structure that dashboards filter by. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "faculties",
  label: "faculty",
  view: "structure.view",
  fields: columns("faculties", ["name", "code", "dean_user_id"]),
  sortBy: "name",
  validate: async (_ctx, value) => requireName(value.name, "faculty"),
});
