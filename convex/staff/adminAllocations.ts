/**
 * Non-module work (programme leadership, admissions, research allowance...)
 * given to a lecturer in a year, in hours or as a percentage of contract.
 */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { RANGES } from "../lib/inputRanges";
import { appError } from "../lib/errors";
import { requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "admin_allocations",
  label: "admin allocation",
  view: "lecturers.view",
  yearScoped: true,
  versioned: true,
  fields: columns("admin_allocations", ["lecturer_id", "category_id", "description", "hours", "percent_of_contract", "semester", "recurring"]),
  validate: async (_ctx, value) => {
    if ((value.hours === undefined) === (value.percent_of_contract === undefined)) {
      throw appError("INVALID_ARGUMENT", "Give either hours or a percentage of the contract, not both.");
    }
    requireRange(value.hours, RANGES.adminHours, "hours");
    requireRange(value.percent_of_contract, RANGES.percentOfContract, "percent_of_contract");
  },
});
