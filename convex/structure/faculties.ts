/** Faculties: the top of the structure that dashboards filter by. */
import { v } from "convex/values";
import { crud } from "../lib/crud";
import { requireName } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "faculties",
  label: "faculty",
  view: "structure.view",
  edit: "structure.edit",
  fields: { name: v.string(), code: v.string(), dean_user_id: v.optional(v.id("users")) },
  refs: { dean_user_id: "users" },
  sortBy: "name",
  dependents: [{ table: "departments", index: "by_faculty_id", field: "faculty_id", label: "departments" }],
  validate: async (_ctx, value) => requireName(value.name, "faculty"),
});
