/**
 * Non-module work (programme leadership, admissions, research allowance...)
 * given to a lecturer in a year, in hours or as a percentage of contract.
 */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { appError } from "../lib/errors";
import { requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "admin_allocations",
  label: "admin allocation",
  view: "lecturers.view",
  edit: "allocations.edit",
  yearScoped: true,
  versioned: true,
  fields: columns("admin_allocations", ["lecturer_id", "category_id", "description", "hours", "percent_of_contract", "semester", "recurring"]),
  refs: { lecturer_id: "lecturers", category_id: "admin_allocation_categories" },
  scopeOf: async (ctx, doc) => {
    const lecturer = doc.lecturer_id ? await ctx.db.get(doc.lecturer_id as any) : null;
    return { department_id: (lecturer as any)?.department_id, team_id: (lecturer as any)?.team_id };
  },
  validate: async (_ctx, value) => {
    if ((value.hours === undefined) === (value.percent_of_contract === undefined)) {
      throw appError("INVALID_ARGUMENT", "Give either hours or a percentage of the contract, not both.");
    }
    requireRange(value.hours, 0, 2000, "Hours");
    requireRange(value.percent_of_contract, 0, 100, "Percentage of contract");
  },
});
