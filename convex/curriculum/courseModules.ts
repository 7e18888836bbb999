/** Which modules make up a course, by year of study, core or optional. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { RANGES } from "../lib/inputRanges";
import { requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "course_modules",
  label: "course module",
  view: "modules.view",
  fields: columns("course_modules", ["course_id", "module_id", "year_of_study", "is_core"]),
  validate: async (_ctx, value) => requireRange(value.year_of_study, RANGES.yearOfStudy, "year_of_study"),
});
