/** Allocation types (components of an iteration: contact, marking...); rules match them by code. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "allocation_types",
  label: "allocation type",
  view: "structure.view",
  edit: "reference.edit",
  fields: columns("allocation_types", ["code", "name", "work_category", "basis", "sort_order"]),
  sortBy: "sort_order",
  dependents: [{ table: "module_allocations", index: "by_allocation_type_id", field: "allocation_type_id", label: "allocations" }],
  validate: async (_ctx, value) => requireName(value.name, "allocation type"),
});
