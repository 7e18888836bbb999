/** Lecturer statuses (active, on leave, sabbatical...); some do not count towards capacity. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "lecturer_statuses",
  label: "lecturer status",
  view: "structure.view",
  edit: "reference.edit",
  fields: columns("lecturer_statuses", ["code", "name", "counts_towards_capacity", "sort_order"]),
  sortBy: "sort_order",
  dependents: [{ table: "lecturers", index: "by_status_id", field: "status_id", label: "lecturers" }],
  validate: async (_ctx, value) => requireName(value.name, "status"),
});
