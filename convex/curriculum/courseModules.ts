/** Which modules make up a course, by year of study, core or optional. */
import { v } from "convex/values";
import { crud } from "../lib/crud";
import { requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "course_modules",
  label: "course module",
  view: "modules.view",
  edit: "modules.edit",
  fields: { course_id: v.id("courses"), module_id: v.id("modules"), year_of_study: v.number(), is_core: v.boolean() },
  refs: { course_id: "courses", module_id: "modules" },
  validate: async (_ctx, value) => requireRange(value.year_of_study, 1, 8, "Year of study"),
});
