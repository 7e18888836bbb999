/** Teams within a department: the unit of team_summaries. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "teams",
  label: "team",
  view: "structure.view",
  edit: "structure.edit",
  fields: columns("teams", ["name", "department_id", "lead_user_id"]),
  refs: { department_id: "departments", lead_user_id: "users" },
  sortBy: "name",
  scopeOf: (_ctx, doc) => ({ department_id: doc.department_id, team_id: doc._id }),
  validate: async (_ctx, value) => requireName(value.name, "team"),
});
