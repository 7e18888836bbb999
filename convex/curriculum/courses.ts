/** Courses (programmes) a department runs. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { RANGES } from "../lib/inputRanges";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "courses",
  label: "course",
  view: "modules.view",
  fields: columns("courses", ["code", "name", "department_id", "level", "duration_years", "leader_profile_id"]),
  sortBy: "code",
  validate: async (_ctx, value) => {
    requireName(value.name, "course");
    requireRange(value.duration_years, RANGES.durationYears, "duration_years");
  },
});
