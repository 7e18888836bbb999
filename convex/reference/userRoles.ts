/** Kinds of staff (Academic, Professional services); not permissions — those are `roles`. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "user_roles",
  label: "staff type",
  view: "structure.view",
  fields: columns("user_roles", ["name", "description", "is_default"]),
  sortBy: "name",
  validate: async (_ctx, value) => requireName(value.name, "staff type"),
});
