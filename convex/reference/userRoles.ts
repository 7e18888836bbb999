/** Kinds of staff (Academic, Professional services); not permissions — those are `roles`. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "user_roles",
  label: "staff type",
  view: "structure.view",
  edit: "reference.edit",
  fields: columns("user_roles", ["name", "description", "is_default"]),
  sortBy: "name",
  dependents: [{ table: "users", index: "by_user_role_id", field: "user_role_id", label: "users" }],
  validate: async (_ctx, value) => requireName(value.name, "staff type"),
});
