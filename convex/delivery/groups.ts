/** Teaching groups of an iteration: students, site and time slot. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "module_iteration_groups",
  label: "group",
  view: "modules.view",
  edit: "modules.edit",
  yearScoped: true,
  fields: columns("module_iteration_groups", ["module_iteration_id", "name", "student_count", "site_id", "weekday", "start_time", "end_time"]),
  refs: { module_iteration_id: "module_iterations", site_id: "sites" },
  sortBy: "name",
  dependents: [{ table: "module_allocations", index: "by_group_id", field: "group_id", label: "allocations" }],
  validate: async (_ctx, value) => {
    requireName(value.name, "group");
    requireRange(value.student_count, 0, 10000, "Group size");
  },
});
