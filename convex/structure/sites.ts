/** Physical sites (campuses) where iterations and groups are taught. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "sites",
  label: "site",
  view: "structure.view",
  fields: columns("sites", ["name", "code", "address"]),
  sortBy: "name",
  validate: async (_ctx, value) => requireName(value.name, "site"),
});
