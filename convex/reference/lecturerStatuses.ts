/** Lecturer statuses (active, on leave, sabbatical...); some do not count towards capacity. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { RANGES } from "../lib/inputRanges";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "lecturer_statuses",
  label: "lecturer status",
  view: "structure.view",
  fields: columns("lecturer_statuses", ["code", "name", "counts_towards_capacity", "sort_order"]),
  sortBy: "sort_order",
  validate: async (_ctx, value) => {
    requireName(value.name, "status");
    requireRange(value.sort_order, RANGES.sortOrder, "sort_order");
  },
});
