/** Subjects a lecturer teaches (reference 001); a module outside them raises a warning. */
import { v } from "convex/values";
import { crud } from "../lib/crud";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "lecturer_specialisations",
  label: "specialisation",
  view: "lecturers.view",
  edit: "lecturers.edit",
  fields: {
    lecturer_profile_id: v.id("lecturer_profiles"),
    subject: v.string(),
    level: v.union(v.literal("expert"), v.literal("competent"), v.literal("learning")),
  },
  refs: { lecturer_profile_id: "lecturer_profiles" },
  sortBy: "subject",
});
