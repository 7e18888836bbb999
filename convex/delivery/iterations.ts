/**
 * Module iterations: a module delivered in one academic year. Student
 * numbers, groups and semester drive the hours of every allocation on it; a
 * trigger recomputes those allocations on every change (lib/triggers.ts).
 */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { RANGES } from "../lib/inputRanges";
import { appError } from "../lib/errors";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "module_iterations",
  label: "module iteration",
  view: "modules.view",
  yearScoped: true,
  versioned: true,
  fields: columns("module_iterations", ["module_id", "site_id", "code", "semester", "semester_split", "student_count", "max_group_size", "teaching_weeks", "contact_hours_override", "intakes", "notes"]),
  sortBy: "code",
  validate: async (_ctx, value) => {
    requireName(value.code, "iteration's code");
    requireRange(value.student_count, RANGES.iterationStudents, "student_count");
    requireRange(value.max_group_size, RANGES.maxGroupSize, "max_group_size");
    requireRange(value.intakes, RANGES.intakes, "intakes");
    requireRange(value.teaching_weeks, RANGES.iterationTeachingWeeks, "teaching_weeks");
    requireRange(value.contact_hours_override, RANGES.contactHoursOverride, "contact_hours_override");
    if (value.semester_split) {
      const { S1, S2, S3 } = value.semester_split;
      if ([S1, S2, S3].some((x: number) => !(x >= 0 && x <= 1)) || Math.abs(S1 + S2 + S3 - 1) > 1e-6) {
        throw appError("INVALID_ARGUMENT", "A semester split gives fractions that add up to 1, e.g. 0.5 / 0.5 / 0.");
      }
    }
  },
});
