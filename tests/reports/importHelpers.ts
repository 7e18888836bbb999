/**
 * Driving an import as the wizard does: store the file, inspect it (kind and
 * mapping), start the dry run, run the jobs to the end, commit. Also a
 * second academic year for the round trip (settings and rules copied, no
 * lecturers, iterations or allocations), and export files of a year.
 */
import { vi } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { DEFAULT_RULES, DEFAULT_SETTINGS } from "../../convex/lib/workload";
import type { Backend } from "../convex/harness";
import { withTriggers } from "../convex/workload/fixtures";

type Client = ReturnType<Backend["withIdentity"]>;
export type ImportKind = "staff" | "modules" | "allocations";

const CONTENT = { csv: "text/csv", xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } as const;

export async function storeFile(t: Backend, bytes: Buffer | string, format: "csv" | "xlsx") {
  const data = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
  return await t.run(async (ctx) => await ctx.storage.store(new Blob([new Uint8Array(data)], { type: CONTENT[format] })));
}

/** Runs every scheduled function (the jobs' steps and actions) to the end. */
export async function settle(t: Backend) {
  vi.useFakeTimers();
  await t.finishAllScheduledFunctions(vi.runAllTimers, 100_000);
  vi.useRealTimers();
}

/** Uploads, inspects and dry-runs a file; returns the import after its dry run. */
export async function dryRun(
  t: Backend,
  client: Client,
  args: { organisationId: Id<"organisations">; academicYearId: Id<"academic_years">; bytes: Buffer | string; format: "csv" | "xlsx"; kind?: ImportKind; fileName?: string; full?: boolean },
) {
  const fileName = args.fileName ?? `upload.${args.format}`;
  const storageId = await storeFile(t, args.bytes, args.format);
  const inspection = await client.action(api.imports.parse.inspect, { organisationId: args.organisationId, storageId, fileName, kind: args.kind });
  const kind = (args.kind ?? inspection.detected_kind) as ImportKind;
  const started = Date.now();
  const { importId, jobId } = await client.mutation(api.imports.imports.start, {
    organisationId: args.organisationId,
    academicYearId: args.academicYearId,
    kind,
    storageId,
    fileName,
    format: inspection.format,
    mapping: inspection.mapping,
    full: args.full,
  });
  await settle(t);
  const seconds = (Date.now() - started) / 1000;
  const view = await client.query(api.imports.imports.get, { organisationId: args.organisationId, importId });
  const job = await t.run(async (ctx) => (await ctx.db.get(jobId))!);
  return { importId, jobId, inspection, view, seconds, steps: job.step_token };
}

export async function commitImport(t: Backend, client: Client, organisationId: Id<"organisations">, importId: Id<"data_sync_logs">, confirmLeavers?: boolean) {
  const started = Date.now();
  await client.mutation(api.imports.imports.commit, { organisationId, importId, confirmLeavers });
  await settle(t);
  const seconds = (Date.now() - started) / 1000;
  const view = await client.query(api.imports.imports.get, { organisationId, importId });
  const job = await t.run(async (ctx) => (await ctx.db.get(view.commit_job_id!))!);
  return { view, seconds, steps: job.step_token };
}

/** Every row of an import (test inspection). */
export async function importRows(t: Backend, importId: Id<"data_sync_logs">) {
  return await t.run(async (ctx) => await ctx.db.query("import_rows").withIndex("by_sync_log_id_and_position", (q) => q.eq("sync_log_id", importId)).collect());
}

/** A staging year with the organisation's settings and starter rules, empty otherwise. */
export async function emptyYear(t: Backend, organisationId: Id<"organisations">, name = "2027/28") {
  return await withTriggers(t, async (ctx) => {
    const now = Date.now();
    const base = { organisation_id: organisationId, created_at: now, updated_at: now };
    const yearId = await ctx.db.insert("academic_years", { ...base, name, start_date: "2027-09-01", end_date: "2028-08-31", status: "staging" });
    await ctx.db.insert("organisation_settings", { ...base, ...DEFAULT_SETTINGS, academic_year_id: yearId, lecturers_see_colleagues: false, presence_timeout_seconds: 30, version: 1 });
    for (const rule of DEFAULT_RULES) await ctx.db.insert("workload_calculation_rules", { ...base, ...rule, academic_year_id: yearId, version: 1 });
    return yearId;
  });
}

/** Runs an export report of a year and returns its files' bytes by format. */
export async function exportFiles(t: Backend, client: Client, organisationId: Id<"organisations">, academicYearId: Id<"academic_years">, kind: "staff_export" | "modules_export" | "allocation_export") {
  const reportId = await client.mutation(api.reports.executions.run, {
    organisationId,
    report: { kind, formats: ["csv", "xlsx"], filters: { academic_year_id: academicYearId } },
  });
  await settle(t);
  const row = await t.run(async (ctx) => (await ctx.db.get(reportId))!);
  const out: Record<string, Buffer> = {};
  for (const f of row.files ?? []) {
    out[f.format] = Buffer.from(await t.run(async (ctx) => await (await ctx.storage.get(f.storage_id))!.arrayBuffer()));
  }
  return out as { csv: Buffer; xlsx: Buffer };
}

/** Every row of `table`, read a page per transaction (a large organisation does not fit one read). */
async function eachRow(t: Backend, table: string, visit: (row: any) => void) {
  let cursor: string | null = null;
  do {
    const page: { page: any[]; isDone: boolean; continueCursor: string } = await t.run(async (ctx) => await (ctx.db.query(table as never) as any).paginate({ cursor, numItems: 1000 }));
    page.page.forEach(visit);
    cursor = page.isDone ? null : page.continueCursor;
  } while (cursor !== null);
}

/** What changes a write leaves behind: audit rows, the sum of every versioned row's version, rows per table. */
export async function footprint(t: Backend, organisationId: Id<"organisations">) {
  // The wizard's "Spreadsheet uploads" system is created (and audited) with the organisation's first import.
  let audit = 0;
  await eachRow(t, "audit_logs", (a) => {
    if (a.organisation_id === organisationId && a.entity_type !== "external_systems") audit += 1;
  });
  let versions = 0;
  for (const table of ["lecturers", "module_iterations", "module_allocations"]) await eachRow(t, table, (row) => (versions += row.version));
  const counts: Record<string, number> = {};
  for (const table of ["lecturer_profiles", "lecturers", "modules", "module_iterations", "module_iteration_groups", "module_allocations", "notifications"]) {
    counts[table] = 0;
    await eachRow(t, table, () => (counts[table] += 1));
  }
  return { audit, versions, counts };
}
