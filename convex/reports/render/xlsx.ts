"use node";
/**
 * XLSX writer (exceljs): a Summary sheet (title, organisation, year, scope,
 * when it was made, the headline figures and the summary table), then one
 * sheet per table (per team for the workload summary). Numbers are typed
 * with number formats (hours 0.0, percentages 0.0%, FTE 0.00), headers are
 * frozen and filtered, totals rows are bold. Strings are written as strings,
 * never as formulas, so a title starting with "=" stays text.
 */
import ExcelJS from "exceljs";
import { cellType, type CellValue, type Column, type ReportDocument, type Table } from "../model";

const NUMBER_FORMATS: Partial<Record<Column["type"], string>> = {
  hours: "#,##0.0",
  percent: "0.0%",
  fte: "0.00",
  integer: "0",
};
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF7" } };

function cellValue(value: CellValue | undefined): ExcelJS.CellValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}

/** Excel's sheet names: at most 31 characters, none of []:*?/\, unique in the workbook. */
function sheetName(wanted: string, taken: Set<string>): string {
  const clean = wanted.replace(/[[\]:*?/\\]/g, " ").trim().slice(0, 31) || "Sheet";
  let name = clean;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${clean.slice(0, 31 - String(i).length - 1)} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/** Writes `table` from `startRow`; returns the row after it. */
function writeTable(sheet: ExcelJS.Worksheet, table: Table, startRow: number): number {
  const header = sheet.getRow(startRow);
  table.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: "middle", wrapText: true };
  });
  let r = startRow + 1;
  for (const row of [...table.rows, ...(table.totals ? [table.totals] : [])]) {
    const out = sheet.getRow(r);
    table.columns.forEach((c, i) => {
      const cell = out.getCell(i + 1);
      cell.value = cellValue(row[c.key]);
      const fmt = NUMBER_FORMATS[cellType(c, row)];
      if (fmt) cell.numFmt = fmt;
    });
    if (row === table.totals) {
      out.font = { bold: true };
      out.eachCell({ includeEmpty: true }, (cell) => (cell.border = { top: { style: "thin" } }));
    }
    r += 1;
  }
  table.columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    const longest = Math.max(c.header.length, ...table.rows.slice(0, 200).map((row) => String(row[c.key] ?? "").length));
    column.width = Math.max(column.width ?? 0, Math.min(48, Math.max(8, longest + 2)));
  });
  sheet.autoFilter = { from: { row: startRow, column: 1 }, to: { row: startRow, column: table.columns.length } };
  sheet.views = [{ state: "frozen", ySplit: startRow, xSplit: 0 }];
  return r;
}

export async function renderXlsx(doc: ReportDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "WorkloadWizard";
  wb.title = doc.title;
  wb.company = doc.organisation;
  const taken = new Set<string>();

  const summary = wb.addWorksheet(sheetName("Summary", taken));
  summary.getCell("A1").value = doc.title;
  summary.getCell("A1").font = { bold: true, size: 14 };
  const facts: [string, string][] = [
    ["Organisation", doc.organisation],
    ["Academic year", doc.year],
    ["Scope", doc.scope],
    ["Made", doc.generated_label],
    ...(doc.prepared_for ? ([["Prepared for", doc.prepared_for]] as [string, string][]) : []),
  ];
  let row = 2;
  for (const [label, value] of [...facts, ["", ""] as [string, string], ...doc.headline.map((h): [string, string] => [h.label, h.value])]) {
    summary.getCell(row, 1).value = label;
    summary.getCell(row, 1).font = { bold: label !== "" };
    summary.getCell(row, 2).value = value;
    row += 1;
  }
  summary.getColumn(1).width = 24;
  summary.getColumn(2).width = 32;
  if (doc.summary) {
    summary.getCell(row + 1, 1).value = doc.summary.title;
    summary.getCell(row + 1, 1).font = { bold: true, size: 12 };
    writeTable(summary, doc.summary, row + 2);
  }
  for (const table of doc.sheets) writeTable(wb.addWorksheet(sheetName(table.name, taken)), table, 1);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
