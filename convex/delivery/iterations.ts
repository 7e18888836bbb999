/**
 * Module iterations: a module delivered in one academic year. Student
 * numbers, groups and semester drive the hours of every allocation on it; a
 * trigger recomputes those allocations on every change (lib/triggers.ts).
 */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { appError } from "../lib/errors";
import { requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "module_iterations",
  label: "module iteration",
  view: "modules.view",
  edit: "modules.edit",
  yearScoped: true,
  versioned: true,
  fields: columns("module_iterations", ["module_id", "site_id", "code", "semester", "semester_split", "student_count", "max_group_size", "teaching_weeks", "contact_hours_override", "intakes", "notes"]),
  refs: { module_id: "modules", site_id: "sites" },
  sortBy: "code",
  scopeOf: async (ctx, doc) => {
    const module = doc.module_id ? await ctx.db.get(doc.module_id as any) : null;
    return { department_id: (module as any)?.department_id };
  },
  dependents: [{ table: "module_allocations", index: "by_module_iteration_id", field: "module_iteration_id", label: "allocations" }],
  validate: async (_ctx, value) => {
    requireRange(value.student_count, 0, 100000, "Student count");
    requireRange(value.max_group_size, 1, 1000, "Maximum group size");
    requireRange(value.intakes, 1, 4, "Intakes");
    requireRange(value.contact_hours_override, 0, 2000, "Contact hours");
    if (value.semester_split) {
      const { S1, S2, S3 } = value.semester_split;
      if ([S1, S2, S3].some((x: number) => x < 0) || Math.abs(S1 + S2 + S3 - 1) > 1e-6) {
        throw appError("INVALID_ARGUMENT", "A semester split gives fractions that add up to 1, e.g. 0.5 / 0.5 / 0.");
      }
    }
  },
});
