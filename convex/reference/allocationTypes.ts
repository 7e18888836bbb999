/** Allocation types (components of an iteration: contact, marking...); rules match them by code. */
import { v } from "convex/values";
import { crud } from "../lib/crud";
import { requireName } from "../lib/validation";
import { vWorkCategory } from "../schema/validators";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "allocation_types",
  label: "allocation type",
  view: "structure.view",
  edit: "reference.edit",
  fields: {
    code: v.string(),
    name: v.string(),
    work_category: vWorkCategory,
    basis: v.union(v.literal("iteration"), v.literal("group")),
    sort_order: v.number(),
  },
  sortBy: "sort_order",
  dependents: [{ table: "module_allocations", index: "by_allocation_type_id", field: "allocation_type_id", label: "allocations" }],
  validate: async (_ctx, value) => requireName(value.name, "allocation type"),
});
