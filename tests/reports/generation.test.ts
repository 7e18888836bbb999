/**
 * Running a report now: every kind's figures are the engine's, in every
 * format; the XLSX parsed back with exceljs and the PDF's extracted text
 * carry the same hours and utilisation as the live totals; CSV formula
 * injection is made inert; non-Latin names survive into the PDF.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { describe, expect, test, vi } from "vitest";
import { api } from "../../convex/_generated/api";
import { engineTotals, executionFiles, fileBytes, HYPERLINK_TITLE, setupReports, type Reports } from "./fixture";
import { pdfText, readCsv, readXlsx, sheetRows } from "./readers";

async function runReport(r: Reports, report: { kind: any; formats: any[]; filters?: any; columns?: string[] }, client = r.admin) {
  const reportId = await client.mutation(api.reports.executions.run, {
    organisationId: r.organisationId,
    report: { kind: report.kind, formats: report.formats, filters: report.filters ?? {}, columns: report.columns },
  });
  await r.t.finishAllScheduledFunctions(vi.runAllTimers);
  // Reading the files back streams through real timers (exceljs, pdfjs).
  vi.useRealTimers();
  const view = await client.query(api.reports.executions.get, { organisationId: r.organisationId, reportId });
  const row = await executionFiles(r, reportId);
  const files = Object.fromEntries(await Promise.all((row.files ?? []).map(async (f) => [f.format, await fileBytes(r, f.storage_id)] as const)));
  // Kept for people to open (test-results/ is not committed): the PDFs are looked at as their readers would.
  mkdirSync("test-results/reports", { recursive: true });
  for (const [format, bytes] of Object.entries(files)) writeFileSync(`test-results/reports/${report.kind}.${format}`, bytes);
  return { reportId, view, row, files: files as Record<string, Buffer> };
}

const pct = (x: number) => `${(x * 100).toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
const hrs = (x: number) => x.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

describe("report generation", () => {
  test("a workload summary in CSV, XLSX and PDF carries the engine's hours and utilisation for every lecturer", async () => {
    vi.useFakeTimers();
    const r = await setupReports();
    const { view, files } = await runReport(r, { kind: "workload_summary", formats: ["csv", "xlsx", "pdf"] });
    expect(view.status).toBe("completed");
    expect(view.error).toBeNull();
    expect(view.files.map((f) => f.format).sort()).toEqual(["csv", "pdf", "xlsx"]);
    const totals = await engineTotals(r);
    expect(totals.size).toBe(5);

    const csv = readCsv(files.csv);
    expect(csv.errors).toEqual([]);
    expect(csv.data).toHaveLength(5);
    for (const row of csv.data) {
      const engine = totals.get(row["Lecturer"])!;
      expect(Number(row["Allocated h"])).toBe(engine.allocated_hours);
      expect(Number(row["Contract h"])).toBe(engine.contract_hours);
      expect(Number(row["Utilisation %"])).toBe(Math.round(engine.utilisation * 1000) / 10);
    }

    const wb = await readXlsx(files.xlsx);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["Summary", "Data", "Software", "Statistics"]);
    const software = wb.getWorksheet("Software")!;
    expect(software.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(software.autoFilter).toBeTruthy();
    const rows = sheetRows(software);
    const lecturers = rows.filter((x) => !String(x["Lecturer"]).startsWith("Total"));
    expect(lecturers.map((x) => x["Lecturer"]).sort()).toEqual(["Nguyễn Văn An", "Łukasz Nowak"]);
    for (const x of lecturers) {
      const engine = totals.get(String(x["Lecturer"]))!;
      expect(x["Allocated h"]).toBe(engine.allocated_hours);
      expect(x["Utilisation %"]).toBeCloseTo(engine.utilisation, 12);
    }
    const totalRow = rows.find((x) => String(x["Lecturer"]).startsWith("Total"))!;
    expect(totalRow["Allocated h"]).toBe(lecturers.reduce((s, x) => s + (x["Allocated h"] as number), 0));
    let utilColumn = 0;
    software.getRow(1).eachCell((cell, col) => {
      if (cell.value === "Utilisation %") utilColumn = col;
    });
    expect(software.getRow(2).getCell(utilColumn).numFmt).toBe("0.0%");

    const text = (await pdfText(files.pdf)).join("\n");
    for (const [name, engine] of totals) {
      expect(text).toContain(name);
      expect(text).toContain(pct(engine.utilisation));
      expect(text).toContain(hrs(engine.allocated_hours));
    }
    expect(text).toContain("Łódź & Hà Nội University");
    expect(text).toMatch(/Page 1 of \d/);
    vi.useRealTimers();
  });

  test("a CSV cell from a module title like =HYPERLINK(...) comes out inert; numbers stay numbers", async () => {
    vi.useFakeTimers();
    const r = await setupReports();
    const { files } = await runReport(r, { kind: "allocation_export", formats: ["csv", "xlsx"] });
    const text = files.csv.toString("utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const csv = readCsv(files.csv);
    const titles = csv.data.filter((row) => row.module_code === "CS202").map((row) => row.module_title);
    expect(titles.length).toBe(2);
    for (const title of titles) expect(title).toBe(`'${HYPERLINK_TITLE}`);
    const override = csv.data.find((row) => row.module_code === "CS202" && row.allocation_type === "marking")!;
    expect(override.hours).toBe("42.5");
    expect(override.override_reason).toBe("Double marking agreed with the HoD");
    // XLSX keeps the title as a string cell, never a formula.
    const wb = await readXlsx(files.xlsx);
    const sheet = sheetRows(wb.getWorksheet("Allocations")!);
    expect(sheet.find((x) => x.module_code === "CS202")!.module_title).toBe(HYPERLINK_TITLE);
    vi.useRealTimers();
  });

  test("names with non-Latin letters survive into the lecturer statement's PDF text", async () => {
    vi.useFakeTimers();
    const r = await setupReports();
    const { view, files } = await runReport(r, { kind: "lecturer_statement", formats: ["pdf"], filters: { lecturer_id: r.lecturers.nguyen } });
    expect(view.status).toBe("completed");
    const text = (await pdfText(files.pdf)).join("\n");
    expect(text).toContain("Nguyễn Văn An");
    expect(text).toContain("Łódź & Hà Nội University");
    const engine = (await engineTotals(r)).get("Nguyễn Văn An")!;
    expect(text).toContain(pct(engine.utilisation));
    vi.useRealTimers();
  });
});
