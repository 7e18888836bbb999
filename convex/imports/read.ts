"use node";
/**
 * Reading an import's file into a table of text: CSV with papaparse (UTF-8,
 * a byte-order mark dropped, formula escapes of the exports removed with
 * `stripInert`, reports/cells.ts), XLSX with exceljs (the first sheet whose
 * header row names the kind's fields; a formula cell gives its value, never
 * its formula; dates become yyyy-mm-dd). The modules export's workbook keeps
 * modules, iterations and groups on three sheets: they are joined back into
 * the CSV's one table, so both formats import alike.
 */
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { groupsCell } from "../reports/model";
import { stripInert } from "../reports/cells";
import { normaliseHeader } from "../lib/imports/fields";
import type { ImportFormat } from "../schema/importValidators";

export type FileTable = { headers: string[]; rows: string[][]; sheet: string | null };

export function formatOf(fileName: string, contentType?: string | null): ImportFormat | null {
  const name = fileName.toLowerCase();
  if (name.endsWith(".xlsx") || contentType?.includes("spreadsheetml")) return "xlsx";
  if (name.endsWith(".csv") || name.endsWith(".txt") || contentType?.startsWith("text/")) return "csv";
  return null;
}

export function readCsv(bytes: Uint8Array): FileTable {
  let text = new TextDecoder("utf-8").decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: "greedy" });
  const [head = [], ...body] = parsed.data;
  const headers = head.map((h) => stripInert(String(h ?? "")).trim());
  return { headers, rows: body.map((r) => r.map((c) => stripInert(String(c ?? "")))), sheet: null };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("result" in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ("richText" in value) return (value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join("");
    if ("text" in value) return String((value as ExcelJS.CellHyperlinkValue).text);
    if ("error" in value) return "";
  }
  return String(value);
}

function sheetTable(sheet: ExcelJS.Worksheet): FileTable {
  const headers: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (headers[col - 1] = cellText(cell.value).trim()));
  for (let i = 0; i < headers.length; i++) headers[i] ??= "";
  const rows: string[][] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const out = headers.map((_, i) => cellText(row.getCell(i + 1).value));
    if (out.some((x) => x.trim() !== "")) rows.push(out);
  }
  return { headers, rows, sheet: sheet.name };
}

const has = (t: FileTable, ...names: string[]) => names.every((n) => t.headers.some((h) => normaliseHeader(h) === normaliseHeader(n)));

/** The modules export's Modules, Iterations and Groups sheets as its CSV's one table, or null when they are not there. */
function joinModuleSheets(tables: FileTable[]): FileTable | null {
  const modules = tables.find((t) => has(t, "module_code", "title") && !has(t, "iteration_code"));
  const iterations = tables.find((t) => has(t, "module_code", "iteration_code") && !has(t, "title"));
  const groups = tables.find((t) => has(t, "iteration_code", "group", "student_count") && !has(t, "module_code"));
  if (!modules || !iterations) return null;
  const col = (t: FileTable, name: string) => t.headers.findIndex((h) => normaliseHeader(h) === normaliseHeader(name));
  const groupsOf = new Map<string, { name: string; student_count: number }[]>();
  if (groups) {
    const [ic, gc, sc] = [col(groups, "iteration_code"), col(groups, "group"), col(groups, "student_count")];
    for (const r of groups.rows) {
      const list = groupsOf.get(r[ic]) ?? [];
      list.push({ name: r[gc], student_count: Number(r[sc]) });
      groupsOf.set(r[ic], list);
    }
  }
  const iterationHeaders = iterations.headers.filter((h) => normaliseHeader(h) !== "module code");
  const headers = [...modules.headers, ...iterationHeaders, "groups"];
  const mc = col(iterations, "module_code");
  const ic = col(iterations, "iteration_code");
  const byModule = new Map<string, string[][]>();
  for (const r of iterations.rows) byModule.set(r[mc], [...(byModule.get(r[mc]) ?? []), r]);
  const rows: string[][] = [];
  const mcol = col(modules, "module_code");
  for (const m of modules.rows) {
    const its = byModule.get(m[mcol]) ?? [];
    if (its.length === 0) rows.push([...m, ...iterationHeaders.map(() => ""), ""]);
    for (const it of its) {
      const rest = it.filter((_, i) => i !== mc);
      rows.push([...m, ...rest, groupsCell(groupsOf.get(it[ic]) ?? [])]);
    }
  }
  return { headers, rows, sheet: `${modules.sheet} + ${iterations.sheet}${groups ? ` + ${groups.sheet}` : ""}` };
}

/** The sheet to import: the joined modules sheets, or the first whose header row names at least two known fields. */
export async function readXlsx(bytes: Uint8Array, knownHeader: (header: string) => boolean): Promise<FileTable> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const tables = wb.worksheets.map(sheetTable);
  const joined = joinModuleSheets(tables);
  if (joined) return joined;
  const best = tables.find((t) => t.headers.filter(knownHeader).length >= 2) ?? tables[0];
  return best ?? { headers: [], rows: [], sheet: null };
}
