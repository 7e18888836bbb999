/** Semester date ranges and teaching weeks of an academic year. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { appError } from "../lib/errors";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "semester_periods",
  label: "semester",
  view: "structure.view",
  edit: "structure.edit",
  yearScoped: true,
  fields: columns("semester_periods", ["code", "name", "start_date", "end_date", "teaching_weeks"]),
  sortBy: "start_date",
  validate: async (_ctx, value) => {
    if (value.start_date >= value.end_date) throw appError("INVALID_ARGUMENT", "A semester must end after it starts.");
    if (value.teaching_weeks < 0 || value.teaching_weeks > 52) {
      throw appError("INVALID_ARGUMENT", "Teaching weeks must be between 0 and 52.");
    }
  },
});
