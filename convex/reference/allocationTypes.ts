/** Allocation types (components of an iteration: contact, marking...); rules match them by code. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { RANGES } from "../lib/inputRanges";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "allocation_types",
  label: "allocation type",
  view: "structure.view",
  fields: columns("allocation_types", ["code", "name", "work_category", "basis", "sort_order"]),
  sortBy: "sort_order",
  validate: async (_ctx, value) => {
    requireName(value.name, "allocation type");
    requireRange(value.sort_order, RANGES.sortOrder, "sort_order");
  },
});
