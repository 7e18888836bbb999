/** Field lists of the reference-data forms; their ranges are the server's (`@convex/lib/inputRanges`). */
import { RANGES } from "@convex/lib/inputRanges";
import type { FieldDef } from "@/features/records/utils/fieldTypes";
import { WORK_CATEGORIES } from "./catalogueFields";

export const allocationTypeFields: FieldDef[] = [
  { name: "code", label: "Code", type: "text", required: true },
  { name: "name", label: "Name", type: "text", required: true },
  { name: "work_category", label: "Counts as", type: "select", options: WORK_CATEGORIES, required: true },
  {
    name: "basis",
    label: "Basis",
    type: "select",
    required: true,
    options: [
      { value: "iteration", label: "Share of the iteration" },
      { value: "group", label: "Per group taught" },
    ],
  },
  { name: "sort_order", label: "Order", type: "number", required: true, range: RANGES.sortOrder },
];

export const adminCategoryFields: FieldDef[] = [
  { name: "code", label: "Code", type: "text", required: true },
  { name: "name", label: "Name", type: "text", required: true },
  {
    name: "work_category",
    label: "Counts as",
    type: "select",
    required: true,
    options: WORK_CATEGORIES.filter((c) => ["admin", "leadership", "research"].includes(c.value)),
  },
  { name: "default_hours", label: "Default hours", type: "number", range: RANGES.defaultHours },
  { name: "default_percent_of_contract", label: "Default % of contract", type: "number", range: RANGES.defaultPercentOfContract },
  { name: "recurring", label: "Recurring each year", type: "checkbox" },
];

export const lecturerStatusFields: FieldDef[] = [
  { name: "code", label: "Code", type: "text", required: true },
  { name: "name", label: "Name", type: "text", required: true },
  { name: "sort_order", label: "Order", type: "number", required: true, range: RANGES.sortOrder },
  { name: "counts_towards_capacity", label: "Counts towards capacity", type: "checkbox" },
];

export const assessmentTypeFields: FieldDef[] = [
  { name: "code", label: "Code", type: "text", required: true },
  { name: "name", label: "Name", type: "text", required: true },
  { name: "marking_hours_per_script", label: "Marking hours per script", type: "number", required: true, range: RANGES.markingHoursPerScript },
];

export const userRoleFields: FieldDef[] = [
  { name: "name", label: "Name", type: "text", required: true },
  { name: "description", label: "Description", type: "text" },
  { name: "is_default", label: "Default for new people", type: "checkbox" },
];
