/**
 * A block copied from Excel or LibreOffice Calc: tab-separated cells, one
 * line per row, quoted where a cell holds tabs, newlines or quotes. Papa
 * Parse reads the quoting; the trailing newline spreadsheets add is dropped.
 */
import Papa from "papaparse";

export function parseClipboard(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text.replace(/\r?\n$/, ""), { delimiter: "\t", skipEmptyLines: false });
  const rows = parsed.data.map((r) => r.map((c) => c.trim()));
  return rows.length === 1 && rows[0].length === 1 && rows[0][0] === "" ? [] : rows;
}
