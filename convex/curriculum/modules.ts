/**
 * Modules: the stable definition (code, credits, level, subject) that
 * iterations deliver each year. A withdrawn module stays for the record but
 * gets no iteration when a year is rolled over.
 */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { RANGES } from "../lib/inputRanges";
import { appError } from "../lib/errors";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "modules",
  label: "module",
  view: "modules.view",
  fields: columns("modules", ["code", "title", "credits", "level", "subject_area", "default_semester", "department_id", "description", "status"]),
  sortBy: "code",
  validate: async (ctx, value, existing) => {
    requireName(value.title, "module");
    requireRange(value.credits, RANGES.credits, "credits");
    requireRange(value.level, RANGES.moduleLevel, "level");
    if (!/^[A-Za-z0-9-]{2,16}$/.test(value.code)) {
      throw appError("INVALID_ARGUMENT", "A module code is 2-16 letters, digits or dashes, e.g. CS101.");
    }
    const clash = await ctx.db
      .query("modules")
      .withIndex("by_organisation_id_and_code", (q) => q.eq("organisation_id", ctx.organisationId).eq("code", value.code))
      .first();
    if (clash && clash._id !== existing?._id) throw appError("CONFLICT", `A module with the code ${value.code} already exists.`);
  },
});
