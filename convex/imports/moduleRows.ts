/**
 * A modules row: a module (by code), optionally one of its iterations in the
 * import's year (by iteration code) and that iteration's groups ("G1=30;
 * G2=30"). A module spans several rows (one per iteration): the first row
 * naming it decides its fields, later rows only refer to it (and are warned
 * when they disagree). Groups the file does not list are kept, with a warning.
 */
import type { Doc, Id } from "../_generated/dataModel";
import { parseGroupsCell } from "../lib/imports/fields";
import { claimKey, diff, mapped, numberCell, orKept, stampOf, textCell, type Cells, type RowCtx, type RowReport } from "./rowContext";

const SEMESTERS = ["S1", "S2", "S3", "year"] as const;
type Semester = (typeof SEMESTERS)[number];

function semesterOf(text: string | undefined): Semester | undefined | null {
  if (text === undefined) return undefined;
  const t = text.trim();
  const hit = SEMESTERS.find((s) => s.toLowerCase() === t.toLowerCase());
  if (hit) return hit;
  if (/^(semester\s*)?[123]$/i.test(t)) return `S${t.slice(-1)}` as Semester;
  if (/^(full\s*)?year$/i.test(t)) return "year";
  return null;
}

function wholeInRange(report: RowReport, cells: Cells, field: string, min: number, max: number, label: string): number | undefined {
  const x = numberCell(cells, field);
  if (x === undefined) return undefined;
  if (!Number.isFinite(x) || !Number.isInteger(x) || x < min || x > max) {
    report.error(field, `${label} must be a whole number between ${min} and ${max} (got ${cells[field]}).`);
    return undefined;
  }
  return x;
}

const MODULE_FIELDS = ["title", "credits", "level", "department_id", "subject_area", "default_semester"] as const;
const ITERATION_FIELDS = ["semester", "student_count", "max_group_size", "teaching_weeks", "contact_hours_override", "intakes"] as const;

export async function processModuleRow(ctx: RowCtx, cells: Cells, position: number, report: RowReport): Promise<void> {
  const code = textCell(cells, "module_code");
  if (!code) return report.error("module_code", "A row needs a module code.");
  if (!/^[A-Za-z0-9-]{2,16}$/.test(code)) return report.error("module_code", `"${code}" is not a module code: 2-16 letters, digits or dashes, e.g. CS101.`);

  const existing = await ctx.db.query("modules").withIndex("by_organisation_id_and_code", (q) => q.eq("organisation_id", ctx.organisationId).eq("code", code)).first();
  const owner = await claimKey(ctx, `module:${code}`, position, {});
  const owns = owner.position === position;

  // The module's fields, as this row gives them.
  const title = textCell(cells, "title") ?? existing?.title;
  if (!title) report.error("title", `Module ${code} needs a title.`);
  const credits = numberCell(cells, "credits") ?? existing?.credits;
  if (credits === undefined) report.error("credits", `Module ${code} needs credits.`);
  else if (!Number.isFinite(credits) || credits < 0 || credits > 240) report.error("credits", `Credits must be between 0 and 240 (got ${cells.credits}).`);
  const level = numberCell(cells, "level") ?? existing?.level;
  if (level === undefined) report.error("level", `Module ${code} needs a level.`);
  else if (!Number.isFinite(level) || level < 3 || level > 8) report.error("level", `Level must be between 3 and 8 (got ${cells.level}).`);
  let departmentId: Id<"departments"> | undefined = existing?.department_id;
  const departmentCode = textCell(cells, "department");
  if (departmentCode !== undefined) {
    const d = ctx.refs.departments.get(departmentCode.toLowerCase());
    if (!d) report.error("department", `Unknown department code "${departmentCode}".`);
    departmentId = d?._id;
  }
  const defaultSemester = semesterOf(textCell(cells, "default_semester")) ?? existing?.default_semester ?? semesterOf(textCell(cells, "semester")) ?? "S1";
  if (defaultSemester === null) report.error("default_semester", `"${cells.default_semester}" is not a semester (S1, S2, S3 or year).`);
  const subjectArea = orKept(ctx, "subject_area", textCell(cells, "subject_area"), existing?.subject_area);

  if (!ctx.access.has("modules.edit", { department_id: departmentId }) || (existing && !ctx.access.has("modules.edit", existing))) {
    report.error("department", `Module ${code} is outside your scope: you may not edit modules of ${departmentId ? (ctx.refs.departmentById.get(departmentId)?.name ?? "that department") : "no department"}.`);
  }
  const iterationCode = textCell(cells, "iteration_code");
  const semester = iterationCode ? semesterOf(textCell(cells, "semester")) : undefined;
  if (semester === null) report.error("semester", `"${cells.semester}" is not a semester (S1, S2, S3 or year).`);
  const students = iterationCode ? wholeInRange(report, cells, "student_count", 0, 100000, "Student count") : undefined;
  const maxGroup = iterationCode ? wholeInRange(report, cells, "max_group_size", 1, 1000, "Maximum group size") : undefined;
  const weeks = iterationCode ? wholeInRange(report, cells, "teaching_weeks", 1, 52, "Teaching weeks") : undefined;
  const intakes = iterationCode ? wholeInRange(report, cells, "intakes", 1, 4, "Intakes") : undefined;
  const contact = iterationCode ? numberCell(cells, "contact_hours_override") : undefined;
  if (contact !== undefined && (!Number.isFinite(contact) || contact < 0 || contact > 2000)) {
    report.error("contact_hours_override", contact < 0 ? `Negative hours: contact hours must be 0 or more (got ${cells.contact_hours_override}).` : `Contact hours must be between 0 and 2000 (got ${cells.contact_hours_override}).`);
  }
  const groupsText = textCell(cells, "groups");
  const groups = groupsText ? parseGroupsCell(groupsText) : { groups: [] };
  if ("error" in groups) report.error("groups", groups.error);

  let iteration: Doc<"module_iterations"> | null = null;
  if (iterationCode) {
    const dup = await claimKey(ctx, `iteration:${iterationCode}`, position);
    if (dup.position !== position) report.error("iteration_code", `Duplicate iteration: row ${dup.position} already has ${iterationCode}.`);
    iteration = await ctx.db.query("module_iterations").withIndex("by_academic_year_id_and_code", (q) => q.eq("academic_year_id", ctx.yearId).eq("code", iterationCode)).first();
    if (iteration && existing && iteration.module_id !== existing._id) report.error("iteration_code", `Iteration ${iterationCode} belongs to another module in ${ctx.refs.year.name}.`);
    if (iteration && !existing) report.error("iteration_code", `Iteration ${iterationCode} already exists under another module in ${ctx.refs.year.name}.`);
    if (!iteration && students === undefined && !report.failed) report.error("student_count", `A new iteration (${iterationCode}) needs its student count.`);
  }
  if (report.failed) return;

  // The module: the first row naming it creates or updates it.
  const wantedModule = { title: title!, credits: credits!, level: level!, department_id: departmentId, subject_area: subjectArea, default_semester: defaultSemester as Semester };
  let moduleId = existing?._id;
  if (owns) {
    if (!existing) {
      report.creates += 1;
      report.target(`modules:${code}`, null);
      report.changes.push(`new module ${code} ${title}`);
      if (ctx.write) moduleId = await ctx.db.insert("modules", { organisation_id: ctx.organisationId, code, ...wantedModule, created_at: ctx.now, updated_at: ctx.now });
    } else {
      report.target(`modules:${code}`, stampOf(existing));
      const d = diff(existing as Doc<"modules">, wantedModule, [...MODULE_FIELDS], `module ${code}`);
      if (d.changed) {
        report.updates += 1;
        report.changes.push(...d.lines);
        if (ctx.write) await ctx.db.patch(existing._id, { ...d.patch, updated_at: ctx.now });
      }
    }
  } else if (existing) {
    const d = diff(existing as Doc<"modules">, wantedModule, [...MODULE_FIELDS], `module ${code}`);
    if (d.changed && (textCell(cells, "title") || textCell(cells, "credits") || textCell(cells, "level"))) {
      report.warn("module_code", `Module ${code}'s fields differ from row ${owner.position}; row ${owner.position}'s are used (${d.lines.join("; ")}).`);
    }
  }
  if (!iterationCode) return;

  // The iteration and its groups.
  const wantedIteration = {
    semester: semester ?? iteration?.semester ?? wantedModule.default_semester,
    student_count: students ?? iteration!.student_count,
    max_group_size: orKept(ctx, "max_group_size", maxGroup, iteration?.max_group_size),
    teaching_weeks: orKept(ctx, "teaching_weeks", weeks, iteration?.teaching_weeks),
    contact_hours_override: orKept(ctx, "contact_hours_override", contact, iteration?.contact_hours_override),
    intakes: intakes ?? iteration?.intakes ?? 1,
  };
  let iterationId = iteration?._id;
  if (!iteration) {
    report.creates += 1;
    report.target(`module_iterations:${iterationCode}`, null);
    report.changes.push(`new iteration ${iterationCode}: ${wantedIteration.semester}, ${wantedIteration.student_count} students`);
    if (ctx.write) {
      const module = moduleId ?? (await ctx.db.query("modules").withIndex("by_organisation_id_and_code", (q) => q.eq("organisation_id", ctx.organisationId).eq("code", code)).first())?._id;
      if (!module) throw new Error(`Module ${code} was not created before its iteration ${iterationCode}.`);
      iterationId = await ctx.db.insert("module_iterations", {
        organisation_id: ctx.organisationId,
        academic_year_id: ctx.yearId,
        module_id: module,
        code: iterationCode,
        ...wantedIteration,
        version: 1,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
    }
  } else {
    report.target(`module_iterations:${iterationCode}`, stampOf(iteration));
    const d = diff(iteration as Doc<"module_iterations">, wantedIteration, [...ITERATION_FIELDS], `iteration ${iterationCode}`);
    if (d.changed) {
      report.updates += 1;
      report.changes.push(...d.lines);
      if (ctx.write) await ctx.db.patch(iteration._id, { ...d.patch, version: iteration.version + 1, updated_at: ctx.now });
    }
  }

  if ("error" in groups) return;
  const current = iteration
    ? await ctx.db.query("module_iteration_groups").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iteration._id)).collect()
    : [];
  const byName = new Map(current.map((g) => [g.name, g]));
  for (const g of groups.groups) {
    const have = byName.get(g.name);
    const key = `module_iteration_groups:${iterationCode}:${g.name}`;
    if (!have) {
      report.creates += 1;
      report.target(key, null);
      report.changes.push(`new group ${iterationCode} ${g.name} (${g.student_count} students)`);
      if (ctx.write) {
        await ctx.db.insert("module_iteration_groups", {
          organisation_id: ctx.organisationId,
          academic_year_id: ctx.yearId,
          module_iteration_id: iterationId!,
          name: g.name,
          student_count: g.student_count,
          created_at: ctx.now,
          updated_at: ctx.now,
        });
      }
    } else {
      report.target(key, stampOf(have));
      if (have.student_count !== g.student_count) {
        report.updates += 1;
        report.changes.push(`group ${iterationCode} ${g.name} student_count: ${have.student_count} → ${g.student_count}`);
        if (ctx.write) await ctx.db.patch(have._id, { student_count: g.student_count, updated_at: ctx.now });
      }
    }
  }
  const listed = new Set(groups.groups.map((g) => g.name));
  const kept = current.filter((g) => !listed.has(g.name));
  if (kept.length > 0 && mapped(ctx, "groups")) {
    report.warn("groups", `Kept group${kept.length > 1 ? "s" : ""} ${kept.map((g) => g.name).join(", ")} of ${iterationCode}, which the file does not list (an import never deletes).`);
  }
}
