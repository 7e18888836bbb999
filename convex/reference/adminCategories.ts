/** Admin allocation categories (programme leader, admissions...) with default hours. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "admin_allocation_categories",
  label: "admin category",
  view: "structure.view",
  edit: "reference.edit",
  fields: columns("admin_allocation_categories", ["code", "name", "default_hours", "default_percent_of_contract", "work_category", "recurring"]),
  sortBy: "name",
  dependents: [{ table: "admin_allocations", index: "by_category_id", field: "category_id", label: "admin allocations" }],
  validate: async (_ctx, value) => {
    requireName(value.name, "category");
    requireRange(value.default_hours, 0, 2000, "Default hours");
    requireRange(value.default_percent_of_contract, 0, 100, "Default percentage");
  },
});
