"use node";
/**
 * CSV writer: the report's main table, UTF-8 (with a byte-order mark, so
 * Excel reads Łukasz as Łukasz), one header row, CRLF line ends, quoted by
 * csv-stringify. Text cells are made inert against formula injection;
 * numbers stay numbers (percentages as percent figures, 95.5 for 95.5%).
 */
import { stringify } from "csv-stringify/sync";
import { inertText } from "../cells";
import type { CellValue, Column, ReportDocument } from "../model";

export function csvCell(column: Column, value: CellValue | undefined): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "";
    return column.type === "percent" ? Math.round(value * 1000) / 10 : value;
  }
  return inertText(value);
}

export function renderCsv(doc: ReportDocument): Buffer {
  const { columns, rows } = doc.main;
  const records: (string | number)[][] = [columns.map((c) => c.header)];
  for (const row of rows) records.push(columns.map((c) => csvCell(c, row[c.key])));
  return Buffer.from(`\uFEFF${stringify(records, { record_delimiter: "\r\n" })}`, "utf8");
}
