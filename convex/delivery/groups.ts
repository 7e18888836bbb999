/** Teaching groups of an iteration: students, site and time slot. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { RANGES } from "../lib/inputRanges";
import { appError } from "../lib/errors";
import { isTimeOfDay, requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "module_iteration_groups",
  label: "group",
  view: "modules.view",
  yearScoped: true,
  fields: columns("module_iteration_groups", ["module_iteration_id", "name", "student_count", "site_id", "weekday", "start_time", "end_time"]),
  sortBy: "name",
  validate: async (_ctx, value) => {
    requireName(value.name, "group");
    requireRange(value.student_count, RANGES.groupStudents, "student_count");
    for (const t of [value.start_time, value.end_time]) {
      if (t !== undefined && !isTimeOfDay(t)) throw appError("INVALID_ARGUMENT", `"${String(t).slice(0, 20)}" is not a time of day (HH:MM).`);
    }
    if (value.start_time && value.end_time && value.start_time >= value.end_time) {
      throw appError("INVALID_ARGUMENT", "A group ends after it starts.");
    }
  },
});
