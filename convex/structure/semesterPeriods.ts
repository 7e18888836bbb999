/** Semester date ranges and teaching weeks of an academic year. */
import { v } from "convex/values";
import { crud } from "../lib/crud";
import { appError } from "../lib/errors";
import { vSemester } from "../schema/validators";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "semester_periods",
  label: "semester",
  view: "structure.view",
  edit: "structure.edit",
  yearScoped: true,
  fields: { code: vSemester, name: v.string(), start_date: v.string(), end_date: v.string(), teaching_weeks: v.number() },
  sortBy: "start_date",
  validate: async (_ctx, value) => {
    if (value.start_date >= value.end_date) throw appError("INVALID_ARGUMENT", "A semester must end after it starts.");
    if (value.teaching_weeks < 0 || value.teaching_weeks > 52) {
      throw appError("INVALID_ARGUMENT", "Teaching weeks must be between 0 and 52.");
    }
  },
});
