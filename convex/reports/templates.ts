/**
 * Report templates: a kind, its filters (year, faculty, department, team,
 * lecturer), the columns where the kind has a choice, and the formats.
 * Anyone with reports.view sees them; reports.manage creates and edits them.
 * Rows written before issue #11 (legacy kinds, one format, JSON filters) are
 * read through `templateShape` until the reports migration rewrites them.
 */
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery, type OrgMutationCtx } from "../lib/functions";
import {
  vReportFilters,
  vReportFormat,
  vReportKind,
  type ReportFilters,
  type ReportFormat,
  type ReportKind,
} from "../schema/validators";
import { KIND_FORMATS, REPORT_KIND_LABELS, selectableColumns } from "./model";

const LEGACY_KINDS: Record<string, ReportKind> = {
  lecturer_summary: "workload_summary",
  team_summary: "workload_summary",
  coverage_gaps: "coverage",
  allocations: "allocation_export",
};
const LEGACY_FORMATS: Record<string, ReportFormat> = { csv: "csv", json: "csv", html: "pdf" };

/** Every kind, in the order the forms offer them. */
export const AVAILABLE_KINDS: ReportKind[] = [
  "workload_summary",
  "lecturer_statement",
  "coverage",
  "capacity",
  "allocation_export",
  "year_comparison",
  "staff_export",
  "modules_export",
];

/** Filters of any row: the object form, or the JSON text of rows written before issue #11 (snake or camel case). */
export function normaliseFilters(filters: ReportFilters | string | undefined): ReportFilters {
  if (filters === undefined) return {};
  if (typeof filters !== "string") return filters;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(filters) as Record<string, unknown>;
  } catch {
    return {};
  }
  const pickId = (...keys: string[]) => {
    for (const k of keys) if (typeof parsed[k] === "string" && parsed[k] !== "") return parsed[k] as never;
    return undefined;
  };
  const out: ReportFilters = {
    academic_year_id: pickId("academic_year_id", "academicYearId"),
    faculty_id: pickId("faculty_id", "facultyId"),
    department_id: pickId("department_id", "departmentId"),
    team_id: pickId("team_id", "teamId"),
    lecturer_id: pickId("lecturer_id", "lecturerId"),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as ReportFilters;
}

/** A template's kind and formats, mapping the legacy shapes. */
export function templateShape(row: Pick<Doc<"report_templates">, "kind" | "formats" | "format" | "filters" | "columns">) {
  const kind: ReportKind = LEGACY_KINDS[row.kind] ?? (row.kind as ReportKind);
  const formats: ReportFormat[] = row.formats ?? (row.format ? [LEGACY_FORMATS[row.format]] : ["csv"]);
  return { kind, formats, filters: normaliseFilters(row.filters), columns: row.columns ?? null };
}

export const vTemplateView = v.object({
  id: v.id("report_templates"),
  name: v.string(),
  kind: vReportKind,
  kind_label: v.string(),
  formats: v.array(vReportFormat),
  filters: vReportFilters,
  columns: v.union(v.array(v.string()), v.null()),
  created_by_name: v.string(),
  schedule_count: v.number(),
  updated_at: v.number(),
});

/** Checks a template's parts against its kind and the organisation's rows; returns them cleaned. */
export async function checkTemplateParts(
  ctx: OrgMutationCtx,
  input: { kind: ReportKind; formats: ReportFormat[]; filters: ReportFilters; columns?: string[] | null },
) {
  const formats = [...new Set(input.formats)];
  if (formats.length === 0) throw appError("INVALID_ARGUMENT", "Choose at least one format.");
  const allowed = KIND_FORMATS[input.kind];
  const refused = formats.filter((f) => !allowed.includes(f));
  if (refused.length > 0) {
    throw appError("INVALID_ARGUMENT", `${REPORT_KIND_LABELS[input.kind]} reports are written as ${allowed.join(", ").toUpperCase()}, not ${refused.join(", ").toUpperCase()}.`);
  }
  const f = input.filters;
  if (f.academic_year_id) await getOrThrow(ctx.db, f.academic_year_id, "academic year");
  if (f.compare_year_id) await getOrThrow(ctx.db, f.compare_year_id, "academic year");
  if (f.faculty_id) await getOrThrow(ctx.db, f.faculty_id, "faculty");
  if (f.department_id) await getOrThrow(ctx.db, f.department_id, "department");
  if (f.team_id) await getOrThrow(ctx.db, f.team_id, "team");
  if (f.lecturer_id) await getOrThrow(ctx.db, f.lecturer_id, "lecturer");
  let columns: string[] | undefined;
  if (input.columns && input.columns.length > 0) {
    const known = new Set(selectableColumns(input.kind).map((c) => c.key));
    if (known.size === 0) throw appError("INVALID_ARGUMENT", `${REPORT_KIND_LABELS[input.kind]} reports have fixed columns.`);
    const unknown = input.columns.filter((c) => !known.has(c));
    if (unknown.length > 0) throw appError("INVALID_ARGUMENT", `Unknown column${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}.`);
    columns = [...new Set(input.columns)];
  }
  return { kind: input.kind, formats, filters: f, columns };
}

function name(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 120) throw appError("INVALID_ARGUMENT", "A template needs a name of 1 to 120 characters.");
  return trimmed;
}

export const list = orgQuery({
  permission: "reports.view",
  args: {},
  returns: v.array(vTemplateView),
  handler: async (ctx) => {
    const rows = await ctx.db
      .query("report_templates")
      .withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId))
      .take(500);
    const out = [];
    for (const row of rows) {
      const shape = templateShape(row);
      const creator = row.created_by ? await ctx.dbWithDeleted.get(row.created_by) : null;
      const schedules = await ctx.db
        .query("scheduled_reports")
        .withIndex("by_report_template_id", (q) => q.eq("report_template_id", row._id))
        .take(100);
      out.push({
        id: row._id,
        name: row.name,
        kind: shape.kind,
        kind_label: REPORT_KIND_LABELS[shape.kind],
        formats: shape.formats,
        filters: shape.filters,
        columns: shape.columns,
        created_by_name: creator?.name ?? "",
        schedule_count: schedules.length,
        updated_at: row.updated_at,
      });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  },
});

/** The kinds, their formats and choosable columns, for the template form. */
export const kinds = orgQuery({
  permission: null,
  args: {},
  returns: v.array(
    v.object({
      kind: vReportKind,
      label: v.string(),
      formats: v.array(vReportFormat),
      columns: v.array(v.object({ key: v.string(), header: v.string() })),
    }),
  ),
  handler: async () =>
    AVAILABLE_KINDS.map((kind) => ({
      kind,
      label: REPORT_KIND_LABELS[kind],
      formats: [...KIND_FORMATS[kind]],
      columns: selectableColumns(kind).map((c) => ({ key: c.key, header: c.header })),
    })),
});

const vTemplateInput = {
  name: v.string(),
  kind: vReportKind,
  formats: v.array(vReportFormat),
  filters: vReportFilters,
  columns: v.optional(v.array(v.string())),
};

export const create = orgMutation({
  permission: "reports.manage",
  args: vTemplateInput,
  returns: v.id("report_templates"),
  handler: async (ctx, args) => {
    const parts = await checkTemplateParts(ctx, args);
    return await ctx.db.insert("report_templates", {
      organisation_id: ctx.organisationId,
      name: name(args.name),
      ...parts,
      created_by: ctx.viewer._id,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
  },
});

export const update = orgMutation({
  permission: "reports.manage",
  args: { id: v.id("report_templates"), ...vTemplateInput },
  returns: v.null(),
  handler: async (ctx, { id, ...args }) => {
    await getOrThrow(ctx.db, id, "report template");
    const parts = await checkTemplateParts(ctx, args);
    await ctx.db.patch(id, { name: name(args.name), ...parts, columns: parts.columns, format: undefined, updated_at: ctx.now });
    return null;
  },
});

/** Soft-deletes a template; refused while a schedule sends it. */
export const remove = orgMutation({
  permission: "reports.manage",
  args: { id: v.id("report_templates") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    const template = await getOrThrow(ctx.db, id, "report template");
    const schedule = await ctx.db
      .query("scheduled_reports")
      .withIndex("by_report_template_id", (q) => q.eq("report_template_id", id))
      .first();
    if (schedule) throw appError("CONFLICT", `"${template.name}" is sent by a schedule; delete the schedule first.`);
    await ctx.db.patch(id, { deleted_at: ctx.now, updated_at: ctx.now });
    return null;
  },
});

export type TemplateId = Id<"report_templates">;
