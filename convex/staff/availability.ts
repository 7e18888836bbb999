/** When a lecturer can or cannot teach (scheduling peer, reference 001); feeds allocation warnings. */
import { v } from "convex/values";
import { crud } from "../lib/crud";
import { vSemester, vWeekday } from "../schema/validators";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "lecturer_availability",
  label: "availability entry",
  view: "lecturers.view",
  edit: "lecturers.edit",
  fields: {
    lecturer_profile_id: v.id("lecturer_profiles"),
    academic_year_id: v.optional(v.id("academic_years")),
    semester: v.optional(vSemester),
    weekday: v.optional(vWeekday),
    start_time: v.optional(v.string()),
    end_time: v.optional(v.string()),
    available: v.boolean(),
    reason: v.optional(v.string()),
  },
  refs: { lecturer_profile_id: "lecturer_profiles", academic_year_id: "academic_years" },
});
