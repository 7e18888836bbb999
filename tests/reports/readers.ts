/**
 * Reading report files back as their readers' programs would: XLSX with
 * exceljs, CSV with papaparse, PDF text with pdfjs-dist.
 */
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export async function readXlsx(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** A sheet's rows as objects keyed by its header row (row `headerRow`). */
export function sheetRows(sheet: ExcelJS.Worksheet, headerRow = 1): Record<string, ExcelJS.CellValue>[] {
  const headers: string[] = [];
  sheet.getRow(headerRow).eachCell((cell, col) => (headers[col] = String(cell.value)));
  const out: Record<string, ExcelJS.CellValue>[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const obj: Record<string, ExcelJS.CellValue> = {};
    let any = false;
    headers.forEach((h, col) => {
      if (!h) return;
      obj[h] = row.getCell(col).value;
      if (obj[h] !== null && obj[h] !== undefined) any = true;
    });
    if (any) out.push(obj);
  }
  return out;
}

export function readCsv(bytes: Buffer) {
  const parsed = Papa.parse<Record<string, string>>(bytes.toString("utf8"), { header: true, skipEmptyLines: true });
  return parsed;
}

/** Every page's text, in reading order, lines joined by spaces. */
export async function pdfText(bytes: Buffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ("str" in it ? it.str : "")).join(" "));
  }
  return pages;
}
