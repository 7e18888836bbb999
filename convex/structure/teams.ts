/** Teams within a department: the unit of team_summaries. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "teams",
  label: "team",
  view: "structure.view",
  fields: columns("teams", ["name", "department_id", "lead_user_id"]),
  sortBy: "name",
  validate: async (_ctx, value) => requireName(value.name, "team"),
});
