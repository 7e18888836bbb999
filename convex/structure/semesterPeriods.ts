/** Semester date ranges and teaching weeks of an academic year. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { appError } from "../lib/errors";
import { RANGES } from "../lib/inputRanges";
import { isIsoDate, requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "semester_periods",
  label: "semester",
  view: "structure.view",
  yearScoped: true,
  fields: columns("semester_periods", ["code", "name", "start_date", "end_date", "teaching_weeks"]),
  sortBy: "start_date",
  validate: async (_ctx, value) => {
    requireName(value.name, "semester");
    if (!isIsoDate(value.start_date) || !isIsoDate(value.end_date)) throw appError("INVALID_ARGUMENT", "Give the semester's dates as YYYY-MM-DD.");
    if (value.start_date >= value.end_date) throw appError("INVALID_ARGUMENT", "A semester must end after it starts.");
    requireRange(value.teaching_weeks, RANGES.semesterTeachingWeeks, "teaching_weeks");
  },
});
