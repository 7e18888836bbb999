/**
 * Report generation for `npm run bench` (called from bench/run.ts): on the
 * seeded backend, the whole organisation's workload summary in each format
 * and the allocation export, timed from the request until the files are
 * stored (the job's action reading in pages, building and writing them).
 */
import type { ConvexHttpClient } from "convex/browser";
import { api } from "../convex/_generated/api";
import type { Id } from "../convex/_generated/dataModel";

type Add = (what: string, value: string, note?: string) => void;

async function timeReport(
  http: ConvexHttpClient,
  organisationId: Id<"organisations">,
  academicYearId: Id<"academic_years">,
  kind: "workload_summary" | "allocation_export",
  format: "csv" | "xlsx" | "pdf",
  deadline: number,
) {
  const t0 = performance.now();
  const reportId = await http.mutation(api.reports.executions.run, {
    organisationId,
    report: { kind, formats: [format], filters: { academic_year_id: academicYearId } },
  });
  for (;;) {
    const view = await http.query(api.reports.executions.get, { organisationId, reportId });
    if (view.status === "completed" || view.status === "failed") {
      if (view.status === "failed") throw new Error(`${kind} ${format}: ${view.error}`);
      return { ms: performance.now() - t0, rows: view.row_count ?? 0, bytes: view.files[0]?.size ?? 0 };
    }
    if (performance.now() - t0 > 600_000) throw new Error(`${kind} ${format}: not done in 10 minutes`);
    if (Date.now() > deadline) throw new Error(`${kind} ${format}: not done by the size's deadline (${Math.round((performance.now() - t0) / 1000)} s)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function benchReports(
  http: ConvexHttpClient,
  organisationId: Id<"organisations">,
  academicYearId: Id<"academic_years">,
  add: Add,
  ms: (x: number) => string,
  /** No report starts after this (Date.now()); those left are reported as not run. */
  deadline = Infinity,
) {
  const cases = [
    ["workload_summary", "csv"],
    ["workload_summary", "xlsx"],
    ["workload_summary", "pdf"],
    ["allocation_export", "csv"],
    ["allocation_export", "xlsx"],
  ] as const;
  for (const [kind, format] of cases) {
    const what = `Report: ${kind === "workload_summary" ? "workload summary" : "allocation export"} as ${format.toUpperCase()}`;
    if (Date.now() > deadline - 15_000) {
      add(what, "not run", "the size's time was used up");
      continue;
    }
    const r = await timeReport(http, organisationId, academicYearId, kind, format, deadline);
    add(what, ms(r.ms), `whole organisation: ${r.rows} rows, ${Math.round(r.bytes / 1024)} KB; request to stored file`);
  }
}
