"use node";
/**
 * The build phase of a report job: reads the report's data page by page
 * through internal queries that act as the person it is for (reports/data.ts),
 * builds the document (reports/model.ts), writes each format, keeps the files
 * in storage and records them; progress goes to the job as it reads. Runs in
 * Node for exceljs and pdfkit.
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { internalAction, type ActionCtx } from "../_generated/server";
import { isAppError } from "../lib/errors";
import { vJobActionArgs } from "../lib/jobs";
import type { ReportFormat } from "../schema/validators";
import type { ContextShape, Unit } from "./data";
import { buildDocument, type ReportData, type ReportDocument } from "./model";
import { renderCsv } from "./render/csv";
import { renderPdf } from "./render/pdf";
import { renderXlsx } from "./render/xlsx";

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
};

/** The job stopped (cancelled, failed, superseded): the action ends quietly. */
class Stopped extends Error {}

type Args = { jobId: Id<"jobs">; token: number; attempt: number };

function messageOf(e: unknown): string {
  if (isAppError(e)) return e.data.message;
  if (e && typeof e === "object" && "data" in e) {
    const data = (e as { data: unknown }).data;
    const parsed = typeof data === "string" ? (JSON.parse(data) as { message?: string }) : (data as { message?: string });
    if (parsed?.message) return parsed.message;
  }
  if (e instanceof Error) return e.message.replace(/^Uncaught \w*Error: /, "");
  return String(e);
}

/** Reads every page of one source, across the report's units, reporting progress. */
async function pages<T>(
  ctx: ActionCtx,
  args: Args,
  units: Unit[],
  seen: { count: number },
  read: (unit: Unit, cursor: string | null) => Promise<{ rows: T[]; cursor: string | null }>,
): Promise<T[]> {
  const out: T[] = [];
  for (const unit of units) {
    let cursor: string | null = null;
    do {
      const page: { rows: T[]; cursor: string | null } = await read(unit, cursor);
      out.push(...page.rows);
      cursor = page.cursor;
      seen.count += page.rows.length;
      const goOn = await ctx.runMutation(internal.jobs.runner.actionProgress, { ...args, done: seen.count });
      if (!goOn) throw new Stopped();
    } while (cursor !== null);
  }
  return out;
}

function uniqueBy<T>(rows: T[], key: (row: T) => string): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = key(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Reads what the report's kind needs. */
export async function collect(ctx: ActionCtx, args: Args, context: ContextShape): Promise<ReportData> {
  const jobId = args.jobId;
  const yearId = context.year.id as Id<"academic_years">;
  const seen = { count: 0 };
  const units = context.units;
  switch (context.report.kind) {
    case "lecturer_statement": {
      const statement = await ctx.runQuery(internal.reports.data.statement, { jobId, lecturerId: context.lecturer_id as Id<"lecturers"> });
      return { kind: "lecturer_statement", statement };
    }
    case "workload_summary":
    case "capacity": {
      const rows = await pages(ctx, args, units, seen, (unit, cursor) => ctx.runQuery(internal.reports.data.totalsPage, { jobId, yearId, unit, cursor }));
      return { kind: context.report.kind, rows: uniqueBy(rows, (r) => r.lecturer_id) };
    }
    case "allocation_export": {
      const own = await pages(ctx, args, units, seen, (unit, cursor) =>
        ctx.runQuery(internal.reports.data.allocationsPage, { jobId, yearId, unit, units, pass: "lecturers", cursor }),
      );
      const departments = units.filter((u) => u.kind === "department");
      const taught = await pages(ctx, args, departments, seen, (unit, cursor) =>
        ctx.runQuery(internal.reports.data.allocationsPage, { jobId, yearId, unit, units, pass: "modules", cursor }),
      );
      return { kind: "allocation_export", rows: uniqueBy([...own, ...taught], (r) => r.allocation_id) };
    }
    case "coverage": {
      const rows = await pages(ctx, args, units, seen, (unit, cursor) => ctx.runQuery(internal.reports.data.coveragePage, { jobId, yearId, unit, cursor }));
      return { kind: "coverage", rows: uniqueBy(rows, (r) => r.iteration_code) };
    }
    case "staff_export": {
      const rows = await pages(ctx, args, units, seen, (unit, cursor) => ctx.runQuery(internal.reports.data.staffPage, { jobId, yearId, unit, cursor }));
      return { kind: "staff_export", rows: uniqueBy(rows, (r) => r.lecturer_id) };
    }
    case "modules_export": {
      const rows = await pages(ctx, args, units, seen, (unit, cursor) => ctx.runQuery(internal.reports.data.modulesPage, { jobId, yearId, unit, cursor }));
      return { kind: "modules_export", rows: uniqueBy(rows, (r) => r.module_id) };
    }
    case "year_comparison": {
      // Earlier year first: the comparison reads "from" the earlier year "to" the later one.
      const [from, to] = [context.year, context.compare_year!].sort((a, b) => a.start_date.localeCompare(b.start_date));
      const ids = { jobId, fromYearId: from.id as Id<"academic_years">, toYearId: to.id as Id<"academic_years">, units };
      // One pass per side of the comparison, through the whole organisation's profiles or modules (the units filter them).
      const whole: Unit[] = [{ kind: "all" }];
      const lecturers = await pages(ctx, args, whole, seen, (_unit, cursor) => ctx.runQuery(internal.reports.data.comparisonPage, { ...ids, by: "lecturer", cursor }));
      const modules = await pages(ctx, args, whole, seen, (_unit, cursor) => ctx.runQuery(internal.reports.data.comparisonPage, { ...ids, by: "module", cursor }));
      return { kind: "year_comparison", from, to, rows: [...lecturers, ...modules] };
    }
  }
}

/** Every format of a document, as bytes. */
export async function renderAll(doc: ReportDocument, formats: ReportFormat[]): Promise<{ format: ReportFormat; bytes: Buffer }[]> {
  const out = [];
  for (const format of formats) {
    const bytes = format === "csv" ? renderCsv(doc) : format === "xlsx" ? await renderXlsx(doc) : await renderPdf(doc);
    out.push({ format, bytes });
  }
  return out;
}

export const run = internalAction({
  args: vJobActionArgs,
  returns: v.null(),
  handler: async (ctx, args) => {
    const { reportId } = JSON.parse(args.params) as { reportId: Id<"workload_reports"> };
    const ids = { jobId: args.jobId, token: args.token, attempt: args.attempt };
    try {
      await ctx.runMutation(internal.reports.executions.markProcessing, { reportId });
      const context = (await ctx.runQuery(internal.reports.data.context, { jobId: args.jobId, reportId })) as ContextShape;
      const data = await collect(ctx, ids, context);
      const doc = buildDocument(context, data, Date.now());
      const rendered = await renderAll(doc, context.report.formats);
      const files = [];
      for (const { format, bytes } of rendered) {
        const storageId = await ctx.storage.store(new Blob([new Uint8Array(bytes)], { type: CONTENT_TYPES[format] }));
        files.push({ format, storage_id: storageId, file_name: `${doc.file_stem}.${format}`, content_type: CONTENT_TYPES[format], size: bytes.length });
      }
      const summary = JSON.stringify({ title: doc.title, scope: doc.scope, year: doc.year, headline: doc.headline, generated_label: doc.generated_label });
      const kept = await ctx.runMutation(internal.reports.executions.recordFiles, { ...ids, reportId, files, rowCount: doc.row_count, summary });
      if (!kept) return null;
      await ctx.runMutation(internal.jobs.runner.actionFinished, {
        ...ids,
        done: doc.row_count,
        result: JSON.stringify({ rows: doc.row_count, files: files.length, bytes: files.reduce((s, f) => s + f.size, 0) }),
      });
    } catch (e) {
      if (e instanceof Stopped) return null;
      await ctx.runMutation(internal.jobs.runner.actionFinished, { ...ids, done: 0, error: messageOf(e) });
    }
    return null;
  },
});
