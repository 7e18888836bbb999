/** Teaching groups of an iteration: students, site and time slot. */
import { v } from "convex/values";
import { crud } from "../lib/crud";
import { requireName, requireRange } from "../lib/validation";
import { vWeekday } from "../schema/validators";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "module_iteration_groups",
  label: "group",
  view: "modules.view",
  edit: "modules.edit",
  yearScoped: true,
  fields: {
    module_iteration_id: v.id("module_iterations"),
    name: v.string(),
    student_count: v.number(),
    site_id: v.optional(v.id("sites")),
    weekday: v.optional(vWeekday),
    start_time: v.optional(v.string()),
    end_time: v.optional(v.string()),
  },
  refs: { module_iteration_id: "module_iterations", site_id: "sites" },
  sortBy: "name",
  dependents: [{ table: "module_allocations", index: "by_group_id", field: "group_id", label: "allocations" }],
  validate: async (_ctx, value) => {
    requireName(value.name, "group");
    requireRange(value.student_count, 0, 10000, "Group size");
  },
});
