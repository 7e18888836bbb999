/**
 * The report model: from the rows a report read (reports/data.ts) to a
 * format-neutral document (headline figures, a main table, sheets, a chart,
 * a statement) that the CSV, XLSX and PDF writers render alike, so every
 * format carries the same numbers. Pure TypeScript: sums, utilisation and
 * bands come from the workload engine, never recomputed another way.
 *
 * The export kinds (allocations, staff, modules) use their column keys as
 * headers, stable and machine-readable, with ids and natural keys (codes,
 * emails, group names) and overrides with their reasons, so the import issue
 * reads back exactly what was written.
 */
import { DateTime } from "luxon";
import { hoursOutsideHealthy, isOverBand, plansThisYear, sumHours, utilisationOf, WORK_CATEGORIES, type BandThresholds } from "../lib/workload";
import type { ReportFormat, ReportKind } from "../schema/validators";
import type { ComparisonRow } from "../workload/yearComparison";
import type { AllocationRowData, ContextShape, CoverageRowData, ModuleRowData, StaffRowData, StatementData, TotalsRowData } from "./data";

export type CellValue = string | number | boolean | null;
export type ColumnType = "text" | "hours" | "percent" | "fte" | "integer" | "boolean";
/**
 * `pdf: false` leaves a column out of the PDF, where a landscape page has room for fewer.
 * `type_key` names a row field that holds the cell's type instead of `type`: a summary whose rows
 * mix counts, FTE and hours (the year comparison's) prints each row in its own unit.
 */
export type Column = { key: string; header: string; type: ColumnType; width?: number; pdf?: boolean; pdf_header?: string; type_key?: string };

/** The type of one cell: the row's own when the column defers to it (`type_key`), else the column's. */
export function cellType(column: Column, row: Row): ColumnType {
  const own = column.type_key ? row[column.type_key] : undefined;
  return typeof own === "string" && (COLUMN_TYPES as readonly string[]).includes(own) ? (own as ColumnType) : column.type;
}
const COLUMN_TYPES = ["text", "hours", "percent", "fte", "integer", "boolean"] as const satisfies readonly ColumnType[];
export type Row = Record<string, CellValue>;
export type Table = { name: string; title: string; columns: Column[]; rows: Row[]; totals?: Row | null };
export type ChartBar = { label: string; value: number | null; band: string };

export type ReportDocument = {
  kind: ReportKind;
  title: string;
  file_stem: string;
  organisation: string;
  year: string;
  scope: string;
  /** When it was made, in the organisation's timezone ("1 December 2026, 20:40 GMT"). */
  generated_label: string;
  prepared_for: string | null;
  headline: { label: string; value: string }[];
  /** The one table of the CSV. */
  main: Table;
  /** XLSX: a summary sheet (headline + this table), then one sheet per entry of `sheets`. */
  summary: Table | null;
  sheets: Table[];
  chart: { title: string; bars: ChartBar[]; thresholds: BandThresholds } | null;
  statement: StatementData | null;
  row_count: number;
};

export type ReportData =
  | { kind: "workload_summary" | "capacity"; rows: TotalsRowData[] }
  | { kind: "allocation_export"; rows: AllocationRowData[] }
  | { kind: "coverage"; rows: CoverageRowData[] }
  | { kind: "staff_export"; rows: StaffRowData[] }
  | { kind: "modules_export"; rows: ModuleRowData[] }
  | { kind: "lecturer_statement"; statement: StatementData }
  | { kind: "year_comparison"; from: ComparedYear; to: ComparedYear; rows: ComparisonRow[] };

/** One side of a year comparison: the earlier year is `from`, the later `to`. */
export type ComparedYear = { name: string; status: string };

export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  lecturer_statement: "Lecturer workload statement",
  workload_summary: "Workload summary",
  coverage: "Coverage",
  capacity: "Over and under capacity",
  allocation_export: "Allocation export",
  year_comparison: "Year comparison",
  staff_export: "Staff export",
  modules_export: "Modules export",
};

/** The formats each kind is written in: exports are data for spreadsheets and imports, not documents. */
export const KIND_FORMATS: Record<ReportKind, readonly ReportFormat[]> = {
  lecturer_statement: ["pdf", "xlsx", "csv"],
  workload_summary: ["pdf", "xlsx", "csv"],
  coverage: ["pdf", "xlsx", "csv"],
  capacity: ["pdf", "xlsx", "csv"],
  allocation_export: ["xlsx", "csv"],
  year_comparison: ["pdf", "xlsx", "csv"],
  staff_export: ["xlsx", "csv"],
  modules_export: ["xlsx", "csv"],
};

const BAND_LABELS: Record<string, string> = { under: "Under", healthy: "Healthy", near: "Near capacity", over: "Over", critical: "Critical" };

export function formatHoursText(h: number): string {
  return `${h.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} h`;
}
export function formatPercentText(x: number | null): string {
  return x === null ? "no contract" : `${(x * 100).toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

/** Headers a landscape PDF page has room for. */
const PDF_SHORT: Record<string, string> = {
  teaching: "Teach.",
  marking: "Mark.",
  preparation: "Prep.",
  leadership: "Lead.",
  admin: "Admin",
  research: "Res.",
};

const col = (key: string, header: string, type: ColumnType = "text", width?: number, pdf?: boolean): Column => ({ key, header, type, width, pdf });

/** The columns a template may choose from, per kind (unset: all of them). */
export function selectableColumns(kind: ReportKind): Column[] {
  switch (kind) {
    case "workload_summary":
      return summaryColumns();
    case "capacity":
      return capacityColumns();
    case "allocation_export":
      return allocationColumns();
    case "staff_export":
      return staffColumns();
    default:
      return [];
  }
}

function pick(columns: Column[], chosen: string[] | null): Column[] {
  if (!chosen || chosen.length === 0) return columns;
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const out = chosen.map((k) => byKey.get(k)).filter((c): c is Column => !!c);
  return out.length > 0 ? out : columns;
}

function safeFileStem(text: string): string {
  return text.normalize("NFKD").replace(/[^\w\- ]+/g, "").trim().replace(/\s+/g, "-").toLowerCase().slice(0, 80) || "report";
}

export function generatedLabel(at: number, timezone: string): string {
  const zone = DateTime.fromMillis(at, { zone: timezone }).isValid ? timezone : "UTC";
  return DateTime.fromMillis(at, { zone }).setLocale("en-GB").toFormat("d LLLL yyyy, HH:mm ZZZZ");
}

function base(ctx: ContextShape, at: number, title: string) {
  return {
    kind: ctx.report.kind,
    title,
    file_stem: safeFileStem(`${title} ${ctx.year.name} ${ctx.scope_label}`),
    organisation: ctx.organisation.name,
    year: ctx.year.name,
    scope: ctx.scope_label,
    generated_label: generatedLabel(at, ctx.organisation.timezone),
    prepared_for: ctx.for_user?.name ?? null,
  };
}

function names(ctx: ContextShape) {
  const department = new Map(ctx.departments.map((d) => [d.id, d]));
  const team = new Map(ctx.teams.map((t) => [t.id, t]));
  return {
    department: (id: string | null) => (id ? (department.get(id)?.name ?? "") : ""),
    departmentCode: (id: string | null) => (id ? (department.get(id)?.code ?? "") : ""),
    team: (id: string | null) => (id ? (team.get(id)?.name ?? "") : ""),
  };
}

// --- workload summary --------------------------------------------------------------

function summaryColumns(): Column[] {
  return [
    col("name", "Lecturer", "text", 150),
    col("staff_number", "Staff number", "text", 70, false),
    col("department", "Department", "text", 110, false),
    col("team", "Team", "text", 100),
    col("fte", "FTE", "fte", 40),
    col("contract_family", "Contract family", "text", 100, false),
    { ...col("contract_hours", "Contract h", "hours", 60), pdf_header: "Contract" },
    ...WORK_CATEGORIES.map((c) => ({ ...col(c, c[0].toUpperCase() + c.slice(1), "hours", 58), pdf_header: PDF_SHORT[c] })),
    { ...col("allocated_hours", "Allocated h", "hours", 62), pdf_header: "Allocated" },
    col("teaching_hours", "Teaching total h", "hours", 62, false),
    col("max_teaching_hours", "Max teaching h", "hours", 62, false),
    { ...col("capacity_hours", "Capacity h", "hours", 58), pdf_header: "Capacity" },
    { ...col("utilisation", "Utilisation %", "percent", 58), pdf_header: "Util." },
    col("band", "Band", "text", 60),
  ];
}

function lecturerRow(ctx: ContextShape, r: TotalsRowData): Row {
  const n = names(ctx);
  return {
    name: r.full_name,
    staff_number: r.staff_number,
    department: n.department(r.department_id),
    team: n.team(r.team_id),
    fte: r.fte,
    contract_family: ctx.family_labels[r.contract_family] ?? r.contract_family,
    contract_hours: r.contract_hours,
    ...Object.fromEntries(WORK_CATEGORIES.map((c) => [c, r.category_hours[c]])),
    allocated_hours: r.allocated_hours,
    teaching_hours: r.teaching_hours,
    max_teaching_hours: r.max_teaching_hours,
    capacity_hours: r.capacity_hours,
    utilisation: r.utilisation,
    band: BAND_LABELS[r.band] ?? r.band,
    band_key: r.band,
  };
}

/** Sums of a group of lecturers: hours add up (engine rounding), utilisation is allocated over contract. */
function totalsRow(rows: TotalsRowData[], label: Row): Row {
  const contract = sumHours(rows.map((r) => r.contract_hours));
  const allocated = sumHours(rows.map((r) => r.allocated_hours));
  return {
    ...label,
    fte: Math.round(rows.reduce((s, r) => s + r.fte, 0) * 100) / 100,
    contract_hours: contract,
    ...Object.fromEntries(WORK_CATEGORIES.map((c) => [c, sumHours(rows.map((r) => r.category_hours[c]))])),
    allocated_hours: allocated,
    teaching_hours: sumHours(rows.map((r) => r.teaching_hours)),
    max_teaching_hours: sumHours(rows.map((r) => r.max_teaching_hours)),
    capacity_hours: sumHours(rows.map((r) => r.capacity_hours)),
    utilisation: contract > 0 ? utilisationOf(allocated, contract) : null,
    band: "",
  };
}

function byName(a: TotalsRowData, b: TotalsRowData) {
  return a.full_name.localeCompare(b.full_name);
}

function workloadSummary(ctx: ContextShape, all: TotalsRowData[], at: number): ReportDocument {
  const n = names(ctx);
  const rows = all.filter(plansThisYear).sort(byName);
  const columns = pick(summaryColumns(), ctx.report.columns);
  const teamKey = (r: TotalsRowData) => r.team_id ?? "";
  const teamIds = [...new Set(rows.map(teamKey))].sort((a, b) => (n.team(a) || "~").localeCompare(n.team(b) || "~"));
  const sheets: Table[] = teamIds.map((id) => {
    const members = rows.filter((r) => teamKey(r) === id);
    return {
      name: n.team(id) || "No team",
      title: n.team(id) || "No team",
      columns,
      rows: members.map((r) => lecturerRow(ctx, r)),
      totals: totalsRow(members, { name: `Total (${members.length})` }),
    };
  });
  const teamRows = teamIds.map((id) => {
    const members = rows.filter((r) => teamKey(r) === id);
    const t = totalsRow(members, {});
    return {
      team: n.team(id) || "No team",
      department: n.department(members[0]?.department_id ?? null),
      lecturers: members.length,
      fte: t.fte,
      contract_hours: t.contract_hours,
      allocated_hours: t.allocated_hours,
      teaching_hours: t.teaching_hours,
      utilisation: t.utilisation,
      over: members.filter((r) => isOverBand(r.band)).length,
      under: members.filter((r) => r.band === "under").length,
    };
  });
  const total = totalsRow(rows, {});
  const over = rows.filter((r) => isOverBand(r.band)).length;
  const under = rows.filter((r) => r.band === "under").length;
  return {
    ...base(ctx, at, ctx.report.name || REPORT_KIND_LABELS.workload_summary),
    headline: [
      { label: "Lecturers", value: String(rows.length) },
      { label: "Contract hours", value: formatHoursText(total.contract_hours as number) },
      { label: "Allocated hours", value: formatHoursText(total.allocated_hours as number) },
      { label: "Utilisation", value: formatPercentText(total.utilisation as number | null) },
      { label: "Over capacity", value: String(over) },
      { label: "Under-allocated", value: String(under) },
    ],
    main: {
      name: "Lecturers",
      title: "Lecturers",
      columns,
      rows: rows.map((r) => lecturerRow(ctx, r)),
      totals: totalsRow(rows, { name: `Total (${rows.length})` }),
    },
    summary: {
      name: "Teams",
      title: "Subtotals per team",
      columns: [
        col("team", "Team", "text", 130),
        col("department", "Department", "text", 130),
        col("lecturers", "Lecturers", "integer", 55),
        col("fte", "FTE", "fte", 45),
        col("contract_hours", "Contract h", "hours", 65),
        col("allocated_hours", "Allocated h", "hours", 65),
        col("teaching_hours", "Teaching total h", "hours", 70),
        col("utilisation", "Utilisation %", "percent", 60),
        col("over", "Over", "integer", 40),
        col("under", "Under", "integer", 40),
      ],
      rows: teamRows,
      totals: {
        team: "Total",
        department: "",
        lecturers: rows.length,
        fte: total.fte,
        contract_hours: total.contract_hours,
        allocated_hours: total.allocated_hours,
        teaching_hours: total.teaching_hours,
        utilisation: total.utilisation,
        over,
        under,
      },
    },
    sheets,
    chart: {
      title: "Utilisation by lecturer",
      bars: [...rows].sort((a, b) => (b.utilisation ?? Infinity) - (a.utilisation ?? Infinity)).map((r) => ({ label: r.full_name, value: r.utilisation, band: r.band })),
      thresholds: ctx.band_thresholds,
    },
    statement: null,
    row_count: rows.length,
  };
}

// --- capacity ----------------------------------------------------------------------

function capacityColumns(): Column[] {
  return [
    col("name", "Lecturer", "text", 150),
    col("department", "Department", "text", 120),
    col("team", "Team", "text", 110),
    col("fte", "FTE", "fte", 40),
    col("contract_hours", "Contract h", "hours", 65),
    col("allocated_hours", "Allocated h", "hours", 65),
    col("utilisation", "Utilisation %", "percent", 65),
    col("band", "Band", "text", 70),
    col("outside_by", "Hours outside healthy", "hours", 80),
    col("action", "To reach the healthy band", "text", 120),
  ];
}

function capacity(ctx: ContextShape, all: TotalsRowData[], at: number): ReportDocument {
  const n = names(ctx);
  const columns = pick(capacityColumns(), ctx.report.columns);
  const outside = all
    .filter(plansThisYear)
    .filter((r) => r.band === "under" || isOverBand(r.band))
    .map((r) => ({ r, by: hoursOutsideHealthy(r.allocated_hours, r.contract_hours, ctx.band_thresholds) }))
    .sort((a, b) => b.by - a.by || byName(a.r, b.r));
  const rowOf = ({ r, by }: { r: TotalsRowData; by: number }): Row => ({
    name: r.full_name,
    department: n.department(r.department_id),
    team: n.team(r.team_id),
    fte: r.fte,
    contract_hours: r.contract_hours,
    allocated_hours: r.allocated_hours,
    utilisation: r.utilisation,
    band: BAND_LABELS[r.band] ?? r.band,
    band_key: r.band,
    outside_by: by,
    action: r.band === "under" ? `add ${formatHoursText(by)}` : `remove ${formatHoursText(by)}`,
  });
  const overRows = outside.filter((x) => isOverBand(x.r.band));
  const underRows = outside.filter((x) => x.r.band === "under");
  return {
    ...base(ctx, at, ctx.report.name || REPORT_KIND_LABELS.capacity),
    headline: [
      { label: "Over capacity", value: String(overRows.length) },
      { label: "Hours over", value: formatHoursText(sumHours(overRows.map((x) => x.by))) },
      { label: "Under-allocated", value: String(underRows.length) },
      { label: "Hours short", value: formatHoursText(sumHours(underRows.map((x) => x.by))) },
    ],
    main: { name: "Outside healthy band", title: "Outside the healthy band", columns, rows: outside.map(rowOf), totals: null },
    summary: null,
    sheets: [
      { name: "Over capacity", title: "Over capacity", columns, rows: overRows.map(rowOf), totals: null },
      { name: "Under-allocated", title: "Under-allocated", columns, rows: underRows.map(rowOf), totals: null },
    ],
    chart: null,
    statement: null,
    row_count: outside.length,
  };
}

// --- coverage ----------------------------------------------------------------------

function coverage(ctx: ContextShape, rows: CoverageRowData[], at: number): ReportDocument {
  const n = names(ctx);
  const columns = [
    col("iteration_code", "Iteration", "text", 80),
    col("module_title", "Module", "text", 170),
    col("department", "Department", "text", 110),
    col("semester", "Semester", "text", 50),
    col("students", "Students", "integer", 50),
    col("issue", "Issue", "text", 140),
    col("component", "Component", "text", 110),
    col("group", "Group", "text", 60),
    col("covered_percent", "Covered %", "hours", 55),
  ];
  const out: Row[] = [];
  const sorted = [...rows].sort((a, b) => a.iteration_code.localeCompare(b.iteration_code, undefined, { numeric: true }));
  for (const r of sorted) {
    const head = { iteration_code: r.iteration_code, module_title: r.module_title, department: n.department(r.department_id), semester: r.semester, students: r.students };
    if (r.unallocated) out.push({ ...head, issue: "No allocations", component: "", group: "", covered_percent: 0 });
    for (const g of r.gaps) {
      out.push({ ...head, issue: g.status === "under" ? "Shares under 100%" : "Shares over 100%", component: g.allocation_type, group: g.group_name, covered_percent: g.covered_percent });
    }
    for (const name of r.groups_without_lecturer) out.push({ ...head, issue: "Group without a lecturer", component: "", group: name, covered_percent: 0 });
  }
  return {
    ...base(ctx, at, ctx.report.name || REPORT_KIND_LABELS.coverage),
    headline: [
      { label: "Iterations with gaps", value: String(rows.length) },
      { label: "Without any allocation", value: String(rows.filter((r) => r.unallocated).length) },
      { label: "Shares not 100%", value: String(rows.reduce((s, r) => s + r.gaps.length, 0)) },
      { label: "Groups without a lecturer", value: String(rows.reduce((s, r) => s + r.groups_without_lecturer.length, 0)) },
    ],
    main: { name: "Coverage gaps", title: "Coverage gaps", columns, rows: out, totals: null },
    summary: null,
    sheets: [{ name: "Coverage gaps", title: "Coverage gaps", columns, rows: out, totals: null }],
    chart: null,
    statement: null,
    row_count: out.length,
  };
}

// --- exports (round-trip with the import) ----------------------------------------------

function allocationColumns(): Column[] {
  const c = (key: string, type: ColumnType = "text") => col(key, key, type);
  return [
    c("allocation_id"),
    c("academic_year"),
    c("module_code"),
    c("module_title"),
    c("module_department"),
    c("iteration_code"),
    c("semester"),
    c("allocation_type"),
    c("group"),
    c("lecturer_email"),
    c("staff_number"),
    c("lecturer_name"),
    c("lecturer_department"),
    c("share", "hours"),
    c("first_time", "boolean"),
    c("hours_override", "hours"),
    c("override_reason"),
    c("computed_hours", "hours"),
    c("hours", "hours"),
    c("work_category"),
    c("hours_s1", "hours"),
    c("hours_s2", "hours"),
    c("hours_s3", "hours"),
    c("rule"),
    c("students", "integer"),
    c("groups", "integer"),
    c("response_status"),
    c("notes"),
  ];
}

function allocationExport(ctx: ContextShape, rows: AllocationRowData[], at: number): ReportDocument {
  const n = names(ctx);
  const columns = pick(allocationColumns(), ctx.report.columns);
  const sorted = [...rows].sort(
    (a, b) =>
      a.module_code.localeCompare(b.module_code, undefined, { numeric: true }) ||
      a.iteration_code.localeCompare(b.iteration_code, undefined, { numeric: true }) ||
      a.allocation_type.localeCompare(b.allocation_type) ||
      a.group_name.localeCompare(b.group_name, undefined, { numeric: true }) ||
      a.lecturer_name.localeCompare(b.lecturer_name),
  );
  const out = sorted.map(
    (r): Row => ({
      allocation_id: r.allocation_id,
      academic_year: r.academic_year,
      module_code: r.module_code,
      module_title: r.module_title,
      module_department: n.departmentCode(r.module_department_id),
      iteration_code: r.iteration_code,
      semester: r.semester,
      allocation_type: r.allocation_type,
      group: r.group_name,
      lecturer_email: r.lecturer_email,
      staff_number: r.staff_number,
      lecturer_name: r.lecturer_name,
      lecturer_department: n.departmentCode(r.lecturer_department_id),
      share: r.share,
      first_time: r.first_time,
      hours_override: r.hours_override,
      override_reason: r.override_reason,
      computed_hours: r.computed_hours,
      hours: r.hours,
      work_category: r.work_category,
      hours_s1: r.semester_hours.S1,
      hours_s2: r.semester_hours.S2,
      hours_s3: r.semester_hours.S3,
      rule: r.rule,
      students: r.students,
      groups: r.groups,
      response_status: r.response_status,
      notes: r.notes,
    }),
  );
  const hours = sumHours(rows.map((r) => r.hours));
  const table: Table = { name: "Allocations", title: "Allocations", columns, rows: out, totals: null };
  return {
    ...base(ctx, at, ctx.report.name || REPORT_KIND_LABELS.allocation_export),
    headline: [
      { label: "Allocations", value: String(rows.length) },
      { label: "Hours", value: formatHoursText(hours) },
      { label: "Overridden", value: String(rows.filter((r) => r.hours_override !== null).length) },
    ],
    main: table,
    summary: null,
    sheets: [table],
    chart: null,
    statement: null,
    row_count: rows.length,
  };
}

function staffColumns(): Column[] {
  const c = (key: string, type: ColumnType = "text") => col(key, key, type);
  return [
    c("lecturer_id"),
    c("staff_number"),
    c("email"),
    c("title"),
    c("first_name"),
    c("last_name"),
    c("department"),
    c("team"),
    c("status"),
    c("fte", "fte"),
    c("contract_family"),
    c("contract_start"),
    c("contract_end"),
    c("contract_hours_adjustment", "hours"),
    c("adjustment_reason"),
    c("notes"),
  ];
}

function staffExport(ctx: ContextShape, rows: StaffRowData[], at: number): ReportDocument {
  const n = names(ctx);
  const columns = pick(staffColumns(), ctx.report.columns);
  const out = [...rows]
    .sort((a, b) => a.last_name.localeCompare(b.last_name) || a.first_name.localeCompare(b.first_name))
    .map((r): Row => ({ ...r, department: n.departmentCode(r.department_id), team: n.team(r.team_id) }));
  const table: Table = { name: "Staff", title: "Staff", columns, rows: out, totals: null };
  return {
    ...base(ctx, at, ctx.report.name || REPORT_KIND_LABELS.staff_export),
    headline: [
      { label: "Lecturers", value: String(rows.length) },
      { label: "FTE", value: (Math.round(rows.reduce((s, r) => s + r.fte, 0) * 100) / 100).toLocaleString("en-GB") },
    ],
    main: table,
    summary: null,
    sheets: [table],
    chart: null,
    statement: null,
    row_count: rows.length,
  };
}

/** Groups in one cell, "A=30; B=30": names and sizes, in order, read back by the import. */
export function groupsCell(groups: { name: string; student_count: number }[]): string {
  return groups.map((g) => `${g.name}=${g.student_count}`).join("; ");
}

function modulesExport(ctx: ContextShape, rows: ModuleRowData[], at: number): ReportDocument {
  const n = names(ctx);
  const c = (key: string, type: ColumnType = "text") => col(key, key, type);
  const moduleCols = [c("module_id"), c("module_code"), c("title"), c("credits", "integer"), c("level", "integer"), c("department"), c("subject_area"), c("default_semester")];
  const iterationCols = [
    c("iteration_id"),
    c("iteration_code"),
    c("semester"),
    c("student_count", "integer"),
    c("max_group_size", "integer"),
    c("teaching_weeks", "integer"),
    c("contact_hours_override", "hours"),
    c("intakes", "integer"),
  ];
  const sorted = [...rows].sort((a, b) => a.code.localeCompare(b.code, undefined, { numeric: true }));
  const moduleRow = (m: ModuleRowData): Row => ({
    module_id: m.module_id,
    module_code: m.code,
    title: m.title,
    credits: m.credits,
    level: m.level,
    department: n.departmentCode(m.department_id),
    subject_area: m.subject_area,
    default_semester: m.default_semester,
  });
  const main: Row[] = [];
  const iterations: Row[] = [];
  const groups: Row[] = [];
  for (const m of sorted) {
    if (m.iterations.length === 0) main.push({ ...moduleRow(m), iteration_id: "", iteration_code: "", semester: "", student_count: null, max_group_size: null, teaching_weeks: null, contact_hours_override: null, intakes: null, groups: "" });
    for (const it of m.iterations) {
      const itRow: Row = {
        iteration_id: it.iteration_id,
        iteration_code: it.code,
        semester: it.semester,
        student_count: it.student_count,
        max_group_size: it.max_group_size,
        teaching_weeks: it.teaching_weeks,
        contact_hours_override: it.contact_hours_override,
        intakes: it.intakes,
      };
      main.push({ ...moduleRow(m), ...itRow, groups: groupsCell(it.groups) });
      iterations.push({ module_code: m.code, ...itRow });
      for (const g of it.groups) groups.push({ iteration_code: it.code, group: g.name, student_count: g.student_count });
    }
  }
  const mainTable: Table = { name: "Modules and iterations", title: "Modules and iterations", columns: [...moduleCols, ...iterationCols, c("groups")], rows: main, totals: null };
  return {
    ...base(ctx, at, ctx.report.name || REPORT_KIND_LABELS.modules_export),
    headline: [
      { label: "Modules", value: String(rows.length) },
      { label: "Iterations", value: String(iterations.length) },
      { label: "Groups", value: String(groups.length) },
    ],
    main: mainTable,
    summary: null,
    sheets: [
      { name: "Modules", title: "Modules", columns: moduleCols, rows: sorted.map(moduleRow), totals: null },
      { name: "Iterations", title: "Iterations", columns: [c("module_code"), ...iterationCols], rows: iterations, totals: null },
      { name: "Groups", title: "Groups", columns: [c("iteration_code"), c("group"), c("student_count", "integer")], rows: groups, totals: null },
    ],
    chart: null,
    statement: null,
    row_count: main.length,
  };
}

// --- lecturer statement ------------------------------------------------------------------

const KIND_LABEL = { module: "Module", admin: "Admin", allowance: "Allowance" } as const;

function lecturerStatement(ctx: ContextShape, s: StatementData, at: number): ReportDocument {
  const e = s.explained;
  const detail = new Map(s.details.map((d) => [d.id, d]));
  const columns = [
    col("kind", "Kind", "text", 62),
    col("description", "Work", "text", 190),
    col("category", "Category", "text", 70),
    col("share", "Share %", "hours", 52),
    col("rule", "Rule", "text", 120),
    col("inputs", "Inputs", "text", 150),
    col("override_reason", "Override reason", "text", 100),
    col("hours", "Hours", "hours", 50),
  ];
  const lines: Row[] = e.lines.map((l) => {
    const d = l.id ? detail.get(l.id) : undefined;
    return {
      kind: KIND_LABEL[l.kind],
      description: d ? `${d.iteration_code} ${d.module_title}: ${d.allocation_type}${d.group_name ? ` (${d.group_name})` : ""}` : l.label,
      category: l.work_category,
      share: l.share ?? null,
      rule: l.rule ?? "",
      inputs: d ? d.inputs.map((i) => `${i.name} ${i.value.toLocaleString("en-GB")}`).join(", ") : "",
      override_reason: l.override_reason ?? "",
      hours: l.hours,
    };
  });
  const totalsColumns = [col("measure", "Totals", "text", 200), col("hours", "Hours", "hours", 80)];
  const totals: Row[] = [
    ...WORK_CATEGORIES.map((c) => ({ measure: c[0].toUpperCase() + c.slice(1), hours: e.category_hours[c] ?? 0 })),
    { measure: "Semester 1", hours: e.semester_hours.S1 },
    { measure: "Semester 2", hours: e.semester_hours.S2 },
    { measure: "Semester 3", hours: e.semester_hours.S3 },
    { measure: "Allocated", hours: e.allocated_hours },
    { measure: "Teaching (teaching, marking, preparation)", hours: e.teaching_hours },
    { measure: "Maximum teaching", hours: e.max_teaching_hours },
    { measure: "Contract", hours: e.contract.contract_hours },
    { measure: "Capacity left", hours: e.capacity_hours },
  ];
  const title = `${REPORT_KIND_LABELS.lecturer_statement}: ${s.lecturer.name}`;
  return {
    ...base(ctx, at, title),
    scope: [s.lecturer.department, s.lecturer.team].filter(Boolean).join(" · ") || ctx.scope_label,
    headline: [
      { label: "Contract", value: formatHoursText(e.contract.contract_hours) },
      { label: "Allocated", value: formatHoursText(e.allocated_hours) },
      { label: "Utilisation", value: formatPercentText(e.utilisation) },
      { label: "Band", value: BAND_LABELS[e.band] ?? e.band },
      { label: "Capacity left", value: formatHoursText(e.capacity_hours) },
    ],
    main: { name: "Lines", title: "Every counted line", columns, rows: lines, totals: { kind: "Total", description: "", category: "", share: null, rule: "", inputs: "", override_reason: "", hours: e.allocated_hours } },
    summary: { name: "Totals", title: "Totals by category and semester", columns: totalsColumns, rows: totals, totals: null },
    sheets: [{ name: "Lines", title: "Every counted line", columns, rows: lines, totals: { kind: "Total", hours: e.allocated_hours } }],
    chart: null,
    statement: s,
    row_count: lines.length,
  };
}

// --- year comparison ---------------------------------------------------------------

/** How a year is named beside the other: the planning year is the one being prepared, the current one is in force. */
function yearRole(status: string): string {
  return status === "staging" ? "planning" : status === "active" || status === "locked" ? "current" : "archived";
}

const roundFte = (x: number) => Math.round(x * 100) / 100;

function teachingCell(side: ComparisonRow["from"]): string {
  if (!side) return "";
  return side.teaching.join(", ") + (side.teaching_more > 0 ? ` and ${side.teaching_more} more` : "");
}

function yearComparison(ctx: ContextShape, from: ComparedYear, to: ComparedYear, all: ComparisonRow[], at: number): ReportDocument {
  const presence = (r: ComparisonRow) =>
    r.presence === "both" ? "Both years" : r.presence === "from_only" ? `Only in ${from.name}` : `Only in ${to.name}`;
  const twoYears = (key: string, label: string, type: ColumnType, width: number, pdf?: boolean): Column[] => [
    { ...col(`${key}_from`, `${label} ${from.name}`, type, width, pdf), pdf_header: `${label} ${from.name}` },
    { ...col(`${key}_to`, `${label} ${to.name}`, type, width, pdf), pdf_header: `${label} ${to.name}` },
    col(`${key}_change`, `${label} change`, type, width, pdf),
  ];
  const common = [col("name", "Name", "text", 150), col("code", "Code", "text", 60), col("department", "Department", "text", 110, false), col("presence", "In", "text", 80)];
  const hours = twoYears("hours", "Hours", "hours", 55);
  const fte = twoYears("fte", "FTE", "fte", 40);
  const students = twoYears("students", "Students", "integer", 50);
  const utilisation = [col("utilisation_from", `Utilisation % ${from.name}`, "percent", 55), col("utilisation_to", `Utilisation % ${to.name}`, "percent", 55)];
  const teaching = [col("teaching_from", `Teaching ${from.name}`, "text", 160, false), col("teaching_to", `Teaching ${to.name}`, "text", 160, false)];
  // Why the figures moved, and (for a scoped reader's module of another department) what the row counts.
  const notes = [col("changes", "What changed", "text", 220, false), col("partial", "Counted", "text", 160, false)];

  const lecturers = all.filter((r) => r.by === "lecturer").sort((a, b) => a.name.localeCompare(b.name));
  const modules = all.filter((r) => r.by === "module").sort((a, b) => (a.code ?? "").localeCompare(b.code ?? "", undefined, { numeric: true }));
  const rowOf = (r: ComparisonRow): Row => ({
    row: r.by === "lecturer" ? "Lecturer" : "Module",
    name: r.name,
    code: r.code ?? "",
    department: r.department_name ?? "",
    presence: presence(r),
    hours_from: r.from?.hours ?? null,
    hours_to: r.to?.hours ?? null,
    hours_change: r.delta.hours,
    fte_from: r.from?.fte ?? null,
    fte_to: r.to?.fte ?? null,
    fte_change: r.delta.fte ?? null,
    utilisation_from: r.from?.utilisation ?? null,
    utilisation_to: r.to?.utilisation ?? null,
    students_from: r.from?.students ?? null,
    students_to: r.to?.students ?? null,
    students_change: r.delta.students ?? null,
    teaching_from: teachingCell(r.from),
    teaching_to: teachingCell(r.to),
    changes: r.changes.join("; "),
    partial: r.partial ?? "",
  });
  const sum = (rows: ComparisonRow[], side: "from" | "to", field: "hours" | "fte" | "students") => {
    const values = rows.flatMap((r) => (r[side]?.[field] === undefined ? [] : [r[side]![field]!]));
    return field === "hours" ? sumHours(values) : field === "fte" ? roundFte(values.reduce((a, b) => a + b, 0)) : values.reduce((a, b) => a + b, 0);
  };
  const totals = (rows: ComparisonRow[], fields: ("hours" | "fte" | "students")[]): Row => ({
    name: `Total (${rows.length})`,
    ...Object.fromEntries(
      fields.flatMap((f) => {
        const a = sum(rows, "from", f);
        const b = sum(rows, "to", f);
        return [
          [`${f}_from`, a],
          [`${f}_to`, b],
          [`${f}_change`, f === "hours" ? sumHours([b, -a]) : f === "fte" ? roundFte(b - a) : b - a],
        ];
      }),
    ),
  });
  const lecturerTable: Table = {
    name: "Lecturers",
    title: "Per lecturer",
    columns: [...common.filter((c) => c.key !== "code"), ...hours, ...fte, ...utilisation, ...teaching, ...notes],
    rows: lecturers.map(rowOf),
    totals: totals(lecturers, ["hours", "fte"]),
  };
  const moduleTable: Table = {
    name: "Modules",
    title: "Per module",
    columns: [...common, ...hours, ...students, col("iterations_from", `Iterations ${from.name}`, "integer", 50, false), col("iterations_to", `Iterations ${to.name}`, "integer", 50, false), ...teaching, ...notes],
    rows: modules.map((r) => ({ ...rowOf(r), iterations_from: r.from?.iterations ?? null, iterations_to: r.to?.iterations ?? null })),
    totals: totals(modules, ["hours", "students"]),
  };
  const count = (rows: ComparisonRow[], p: ComparisonRow["presence"]) => rows.filter((r) => r.presence === p).length;
  const measure = (label: string, a: number, b: number, type: "hours" | "integer" | "fte" = "integer"): Row => ({
    measure: label,
    unit: type,
    from: a,
    to: b,
    change: type === "hours" ? sumHours([b, -a]) : type === "fte" ? roundFte(b - a) : b - a,
  });
  const lecturerHours = [sum(lecturers, "from", "hours"), sum(lecturers, "to", "hours")];
  const moduleStudents = [sum(modules, "from", "students"), sum(modules, "to", "students")];
  const roleOf = (y: ComparedYear) => `${y.name} (${yearRole(y.status)})`;
  return {
    ...base(ctx, at, ctx.report.name || `${REPORT_KIND_LABELS.year_comparison}: ${from.name} and ${to.name}`),
    year: `${roleOf(from)} beside ${roleOf(to)}`,
    headline: [
      { label: `Hours ${from.name}`, value: formatHoursText(lecturerHours[0]) },
      { label: `Hours ${to.name}`, value: formatHoursText(lecturerHours[1]) },
      { label: "Lecturers joining / leaving", value: `${count(lecturers, "to_only")} / ${count(lecturers, "from_only")}` },
      { label: "Modules new / dropped", value: `${count(modules, "to_only")} / ${count(modules, "from_only")}` },
      { label: `Students ${from.name} → ${to.name}`, value: `${moduleStudents[0].toLocaleString("en-GB")} → ${moduleStudents[1].toLocaleString("en-GB")}` },
    ],
    main: {
      name: "Comparison",
      title: "Per lecturer and per module",
      columns: [col("row", "Row", "text", 60), ...common, ...hours, ...fte, ...students, ...utilisation, ...teaching, ...notes],
      rows: [...lecturers, ...modules].map(rowOf),
      totals: null,
    },
    summary: {
      name: "Years",
      title: `${roleOf(from)} beside ${roleOf(to)}`,
      // Counts print as whole numbers, FTE with two decimals, hours in the reports' hours format: each row says which.
      columns: [col("measure", "Measure", "text", 200), ...(["from", "to", "change"] as const).map((k) => ({ ...col(k, k === "from" ? from.name : k === "to" ? to.name : "Change", "hours", 80), type_key: "unit" }))],
      rows: [
        measure("Lecturers", lecturers.filter((r) => r.from).length, lecturers.filter((r) => r.to).length),
        measure("FTE", sum(lecturers, "from", "fte"), sum(lecturers, "to", "fte"), "fte"),
        measure("Allocated hours (lecturers)", lecturerHours[0], lecturerHours[1], "hours"),
        measure("Modules taught", modules.filter((r) => r.from).length, modules.filter((r) => r.to).length),
        measure("Students (sum over iterations)", moduleStudents[0], moduleStudents[1]),
        measure("Allocated hours (modules)", sum(modules, "from", "hours"), sum(modules, "to", "hours"), "hours"),
      ],
      totals: null,
    },
    sheets: [lecturerTable, moduleTable],
    chart: null,
    statement: null,
    row_count: lecturers.length + modules.length,
  };
}

/** The document for a report's data; `at` is when it was made. */
export function buildDocument(ctx: ContextShape, data: ReportData, at: number): ReportDocument {
  switch (data.kind) {
    case "workload_summary":
      return workloadSummary(ctx, data.rows, at);
    case "capacity":
      return capacity(ctx, data.rows, at);
    case "coverage":
      return coverage(ctx, data.rows, at);
    case "allocation_export":
      return allocationExport(ctx, data.rows, at);
    case "staff_export":
      return staffExport(ctx, data.rows, at);
    case "modules_export":
      return modulesExport(ctx, data.rows, at);
    case "lecturer_statement":
      return lecturerStatement(ctx, data.statement, at);
    case "year_comparison":
      return yearComparison(ctx, data.from, data.to, data.rows, at);
  }
}
