/** Physical sites (campuses) where iterations and groups are taught. */
import { v } from "convex/values";
import { crud } from "../lib/crud";
import { requireName } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "sites",
  label: "site",
  view: "structure.view",
  edit: "reference.edit",
  fields: { name: v.string(), code: v.string(), address: v.optional(v.string()) },
  sortBy: "name",
  validate: async (_ctx, value) => requireName(value.name, "site"),
});
