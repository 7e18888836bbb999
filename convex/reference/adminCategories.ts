/** Admin allocation categories (programme leader, admissions...) with default hours. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { RANGES } from "../lib/inputRanges";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "admin_allocation_categories",
  label: "admin category",
  view: "structure.view",
  fields: columns("admin_allocation_categories", ["code", "name", "default_hours", "default_percent_of_contract", "work_category", "recurring"]),
  sortBy: "name",
  validate: async (_ctx, value) => {
    requireName(value.name, "category");
    requireRange(value.default_hours, RANGES.defaultHours, "default_hours");
    requireRange(value.default_percent_of_contract, RANGES.defaultPercentOfContract, "default_percent_of_contract");
  },
});
