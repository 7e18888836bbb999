"use node";
/**
 * PDF writer (pdfkit): the lecturer statement (portrait, the document a
 * lecturer and their head sign off) and the table reports (landscape: the
 * workload summary with its utilisation chart, drawn as SVG from the data
 * and placed as vectors by svg-to-pdfkit, its team subtotals and a table per
 * team; coverage; capacity). Every page carries the organisation, the year,
 * when it was made and "Page n of N". DejaVu Sans is embedded (fontData.ts),
 * so every Latin, Greek, Cyrillic and Vietnamese name prints as written.
 */
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import { utilisationHistogram } from "../../lib/workload";
import { cellType, type ChartBar, type Column, type ReportDocument, type Row, type Table } from "../model";
import { DEJAVU_SANS, DEJAVU_SANS_BOLD } from "./fontData";

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = 36;
const HEADER_H = 22;
const FOOTER_H = 20;
const INK = "#1f2937";
const MUTED = "#6b7280";
const RULE = "#d1d5db";
const HEAD_FILL = "#e8eef7";
const ZEBRA = "#f7f8fa";
export const BAND_COLOURS: Record<string, string> = {
  under: "#60a5fa",
  healthy: "#34d399",
  near: "#fbbf24",
  over: "#f97316",
  critical: "#dc2626",
};

let fontBuffers: { regular: Buffer; bold: Buffer } | null = null;
function fonts() {
  fontBuffers ??= { regular: Buffer.from(DEJAVU_SANS, "base64"), bold: Buffer.from(DEJAVU_SANS_BOLD, "base64") };
  return fontBuffers;
}

function formatCell(column: Column, row: Row): string {
  const value = row[column.key];
  const type = cellType(column, row);
  if (value === null || value === undefined) return type === "percent" ? "–" : "";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  if (!Number.isFinite(value)) return "";
  switch (type) {
    case "hours":
      return value.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    case "percent":
      return `${(value * 100).toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
    case "fte":
      return value.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case "integer":
      return value.toLocaleString("en-GB", { maximumFractionDigits: 0 });
    default:
      return String(value);
  }
}

const isNumeric = (c: Column) => c.type !== "text" && c.type !== "boolean";

class Writer {
  readonly doc: Doc;
  readonly width: number;
  constructor(
    readonly report: ReportDocument,
    layout: "portrait" | "landscape",
  ) {
    const f = fonts();
    this.doc = new PDFDocument({
      size: "A4",
      layout,
      margins: { top: MARGIN + HEADER_H, bottom: MARGIN + FOOTER_H, left: MARGIN, right: MARGIN },
      bufferPages: true,
      font: f.regular as unknown as string,
      info: { Title: report.title, Author: report.organisation, Subject: `${report.year} · ${report.scope}`, Creator: "WorkloadWizard" },
      pdfVersion: "1.7",
    });
    this.doc.registerFont("Sans", f.regular);
    this.doc.registerFont("Sans-Bold", f.bold);
    this.doc.font("Sans");
    this.width = this.doc.page.width - 2 * MARGIN;
  }

  get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  ensure(height: number) {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  titleBlock() {
    const d = this.doc;
    d.font("Sans-Bold").fontSize(18).fillColor(INK).text(this.report.title, MARGIN, d.y, { width: this.width });
    d.moveDown(0.2);
    d.font("Sans").fontSize(10).fillColor(MUTED);
    d.text(`${this.report.organisation}  ·  ${this.report.year}  ·  ${this.report.scope}`, { width: this.width });
    d.text(`Made ${this.report.generated_label}${this.report.prepared_for ? `  ·  prepared for ${this.report.prepared_for}` : ""}`, { width: this.width });
    d.moveDown(0.8);
  }

  headline() {
    const d = this.doc;
    const items = this.report.headline;
    if (items.length === 0) return;
    const gap = 8;
    const w = (this.width - gap * (items.length - 1)) / items.length;
    const h = 40;
    this.ensure(h + 10);
    const y = d.y;
    items.forEach((item, i) => {
      const x = MARGIN + i * (w + gap);
      d.roundedRect(x, y, w, h, 4).fillAndStroke("#f3f4f6", RULE);
      d.fillColor(MUTED).font("Sans").fontSize(7.5).text(item.label.toUpperCase(), x + 8, y + 7, { width: w - 16, lineBreak: false, ellipsis: true });
      d.fillColor(INK).font("Sans-Bold").fontSize(12).text(item.value, x + 8, y + 19, { width: w - 16, lineBreak: false, ellipsis: true });
    });
    d.x = MARGIN;
    d.y = y + h + 14;
  }

  heading(text: string) {
    this.ensure(40);
    this.doc.font("Sans-Bold").fontSize(12).fillColor(INK).text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  /** A table with a repeated header on every page, zebra rows, numbers right-aligned, an optional bold totals row. */
  table(table: Table, fontSize = 8) {
    const d = this.doc;
    const columns = table.columns.filter((c) => c.pdf !== false);
    const natural = columns.map((c) => c.width ?? 70);
    const scale = this.width / natural.reduce((a, b) => a + b, 0);
    const widths = natural.map((w) => w * scale);
    const pad = 3;
    const drawHeader = () => {
      d.font("Sans-Bold").fontSize(fontSize);
      const header = (c: Column) => c.pdf_header ?? c.header;
      const h = Math.max(...columns.map((c, i) => d.heightOfString(header(c), { width: widths[i] - 2 * pad }))) + 2 * pad;
      const y = d.y;
      d.rect(MARGIN, y, this.width, h).fill(HEAD_FILL);
      let x = MARGIN;
      columns.forEach((c, i) => {
        d.fillColor(INK).text(header(c), x + pad, y + pad, { width: widths[i] - 2 * pad, align: isNumeric(c) ? "right" : "left" });
        x += widths[i];
      });
      d.y = y + h;
    };
    const drawRow = (row: Row, index: number, bold: boolean) => {
      d.font(bold ? "Sans-Bold" : "Sans").fontSize(fontSize);
      const texts = columns.map((c) => formatCell(c, row));
      const h = Math.max(...texts.map((t, i) => d.heightOfString(t || " ", { width: widths[i] - 2 * pad }))) + 2 * pad;
      if (d.y + h > this.bottom) {
        d.addPage();
        drawHeader();
        d.font(bold ? "Sans-Bold" : "Sans").fontSize(fontSize);
      }
      const y = d.y;
      if (bold) d.moveTo(MARGIN, y).lineTo(MARGIN + this.width, y).lineWidth(0.8).stroke(INK);
      else if (index % 2 === 1) d.rect(MARGIN, y, this.width, h).fill(ZEBRA);
      let x = MARGIN;
      texts.forEach((t, i) => {
        const c = columns[i];
        const colour = c.key === "band" && typeof row.band_key === "string" ? BAND_COLOURS[row.band_key] ?? INK : INK;
        d.fillColor(colour).text(t, x + pad, y + pad, { width: widths[i] - 2 * pad, align: isNumeric(c) ? "right" : "left" });
        x += widths[i];
      });
      d.y = y + h;
    };
    this.ensure(60);
    drawHeader();
    if (table.rows.length === 0) {
      d.font("Sans").fontSize(fontSize + 1).fillColor(MUTED).text("Nothing to show.", MARGIN + pad, d.y + 4, { width: this.width });
    }
    table.rows.forEach((row, i) => drawRow(row, i, false));
    if (table.totals) drawRow(table.totals, 0, true);
    d.x = MARGIN;
    d.moveDown(1);
  }

  chart(chart: NonNullable<ReportDocument["chart"]>) {
    const height = 230;
    this.ensure(height + 30);
    this.heading(chart.title);
    const svg = chartSvg(chart.bars, chart.thresholds, this.width, height);
    SVGtoPDF(this.doc, svg, MARGIN, this.doc.y, {
      width: this.width,
      height,
      assumePt: true,
      fontCallback: (_family: string, bold: boolean) => (bold ? "Sans-Bold" : "Sans"),
    });
    this.doc.x = MARGIN;
    this.doc.y += height + 12;
  }

  /** Header and footer on every page, once the page count is known. */
  finish(): Promise<Buffer> {
    const d = this.doc;
    const range = d.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      d.switchToPage(i);
      const w = d.page.width;
      const h = d.page.height;
      // Text outside the margins must not open a new page.
      const margins = d.page.margins;
      d.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
      d.font("Sans").fontSize(8).fillColor(MUTED);
      d.text(this.report.organisation, MARGIN, MARGIN - 6, { width: (w - 2 * MARGIN) / 2, lineBreak: false, ellipsis: true });
      d.text(this.report.title, w / 2, MARGIN - 6, { width: (w - 2 * MARGIN) / 2, align: "right", lineBreak: false, ellipsis: true });
      d.moveTo(MARGIN, MARGIN + 8).lineTo(w - MARGIN, MARGIN + 8).lineWidth(0.5).stroke(RULE);
      d.fillColor(MUTED).text(`${this.report.year}  ·  made ${this.report.generated_label}`, MARGIN, h - MARGIN, {
        width: (w - 2 * MARGIN) * 0.7,
        lineBreak: false,
      });
      d.text(`Page ${i - range.start + 1} of ${range.count}`, w - MARGIN - 120, h - MARGIN, { width: 120, align: "right", lineBreak: false });
      d.page.margins = margins;
    }
    const chunks: Buffer[] = [];
    return new Promise((resolve, reject) => {
      d.on("data", (c: Buffer) => chunks.push(c));
      d.on("end", () => resolve(Buffer.concat(chunks)));
      d.on("error", reject);
      d.end();
    });
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/**
 * The utilisation chart as SVG: one bar per lecturer (highest first) coloured
 * by band, with the band thresholds as dashed lines; a department too large
 * for readable bars gets the engine's utilisation histogram instead.
 */
export function chartSvg(bars: ChartBar[], t: { under: number; near: number; critical: number }, width: number, height: number): string {
  const left = 40;
  const bottom = bars.length <= 40 ? 70 : 24;
  const top = 10;
  const plotW = width - left - 10;
  const plotH = height - top - bottom;
  const parts: string[] = [];
  const y = (value: number, max: number) => top + plotH - (Math.min(value, max) / max) * plotH;
  if (bars.length <= 120) {
    const max = Math.max(1.4, ...bars.map((b) => (b.value === null ? 0 : Math.min(b.value, 2))));
    for (let p = 0; p <= max + 1e-9; p += 0.2) {
      const yy = y(p, max);
      parts.push(`<line x1="${left}" y1="${yy}" x2="${left + plotW}" y2="${yy}" stroke="#e5e7eb" stroke-width="0.5"/>`);
      parts.push(`<text x="${left - 4}" y="${yy + 3}" font-size="7" text-anchor="end" fill="${MUTED}">${Math.round(p * 100)}%</text>`);
    }
    const slot = plotW / Math.max(1, bars.length);
    bars.forEach((b, i) => {
      const value = b.value === null ? max : b.value;
      const x = left + i * slot + slot * 0.15;
      const yy = y(value, max);
      parts.push(`<rect x="${x}" y="${yy}" width="${Math.max(0.5, slot * 0.7)}" height="${top + plotH - yy}" fill="${BAND_COLOURS[b.band] ?? "#9ca3af"}"/>`);
      if (bars.length <= 40) {
        const lx = x + slot * 0.35;
        const ly = top + plotH + 6;
        parts.push(
          `<text x="${lx}" y="${ly}" font-size="6.5" fill="${INK}" text-anchor="end" transform="rotate(-45 ${lx} ${ly})">${escapeXml(b.label.length > 22 ? `${b.label.slice(0, 21)}…` : b.label)}</text>`,
        );
      }
    });
    // Threshold labels alternate sides so close thresholds (100%, 110%) stay readable.
    for (const [i, [value, label]] of ([
      [t.under, "under"],
      [t.near, "near capacity"],
      [t.critical, "critical"],
    ] as const).entries()) {
      const yy = y(value, max);
      const right = i % 2 === 0;
      parts.push(`<line x1="${left}" y1="${yy}" x2="${left + plotW}" y2="${yy}" stroke="${MUTED}" stroke-width="0.8" stroke-dasharray="4 3"/>`);
      parts.push(
        `<text x="${right ? left + plotW - 2 : left + 4}" y="${yy - 2}" font-size="7" text-anchor="${right ? "end" : "start"}" fill="${MUTED}">${label} ${Math.round(value * 100)}%</text>`,
      );
    }
  } else {
    const buckets = utilisationHistogram(bars.map((b) => (b.value === null ? Number.MAX_VALUE : b.value)));
    const max = Math.max(1, ...buckets.map((b) => b.count));
    const slot = plotW / buckets.length;
    buckets.forEach((b, i) => {
      const x = left + i * slot + slot * 0.1;
      const yy = top + plotH - (b.count / max) * plotH;
      const mid = b.to === null ? b.from : (b.from + b.to) / 2;
      const band = mid < t.under ? "under" : mid <= t.near ? "healthy" : mid <= t.critical ? "over" : "critical";
      parts.push(`<rect x="${x}" y="${yy}" width="${slot * 0.8}" height="${top + plotH - yy}" fill="${BAND_COLOURS[band]}"/>`);
      parts.push(`<text x="${x + slot * 0.4}" y="${top + plotH + 10}" font-size="6.5" text-anchor="middle" fill="${INK}">${escapeXml(b.label)}</text>`);
      if (b.count > 0) parts.push(`<text x="${x + slot * 0.4}" y="${yy - 2}" font-size="6.5" text-anchor="middle" fill="${INK}">${b.count}</text>`);
    });
    parts.push(`<text x="${left}" y="${top + 8}" font-size="7" fill="${MUTED}">lecturers per utilisation band of 10%</text>`);
  }
  parts.push(`<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="${INK}" stroke-width="0.8"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join("")}</svg>`;
}

function legend(w: Writer) {
  const d = w.doc;
  w.ensure(16);
  let x = MARGIN;
  const y = d.y;
  d.font("Sans").fontSize(7.5);
  for (const [band, label] of [
    ["under", "Under"],
    ["healthy", "Healthy"],
    ["near", "Near capacity"],
    ["over", "Over"],
    ["critical", "Critical"],
  ] as const) {
    d.rect(x, y + 1, 8, 8).fill(BAND_COLOURS[band]);
    d.fillColor(INK).text(label, x + 11, y, { lineBreak: false });
    x += 20 + d.widthOfString(label);
  }
  d.x = MARGIN;
  d.y = y + 16;
}

function statement(w: Writer) {
  const s = w.report.statement!;
  const d = w.doc;
  const e = s.explained;
  const c = e.contract;
  d.font("Sans-Bold").fontSize(9).fillColor(INK).text("Contract", MARGIN, d.y);
  d.font("Sans").fontSize(9);
  const contractLines = [
    `${c.family_label}, FTE ${c.fte.toLocaleString("en-GB", { minimumFractionDigits: 2 })} × ${c.standard_fte_hours.toLocaleString("en-GB")} h`,
    c.year_fraction < 1 ? `Part of the year: ${(c.year_fraction * 100).toFixed(1)}% of its days` : null,
    c.adjustment_hours !== 0 ? `Adjustment ${c.adjustment_hours > 0 ? "+" : ""}${c.adjustment_hours.toLocaleString("en-GB")} h${c.adjustment_reason ? `: ${c.adjustment_reason}` : ""}` : null,
    !c.counts_towards_capacity ? "Status does not count towards capacity: contract 0 h this year" : null,
    `Contract ${c.contract_hours.toLocaleString("en-GB", { minimumFractionDigits: 1 })} h · maximum teaching ${c.max_teaching_hours.toLocaleString("en-GB", { minimumFractionDigits: 1 })} h`,
  ].filter((x): x is string => !!x);
  for (const line of contractLines) d.text(line, { width: w.width });
  d.moveDown(0.8);
  w.headline();
  w.heading("Every counted line");
  w.table(w.report.main, 7.5);
  if (w.report.summary) {
    w.heading(w.report.summary.title);
    w.table(w.report.summary, 8.5);
  }
  w.ensure(90);
  d.moveDown(1);
  d.font("Sans").fontSize(9).fillColor(INK).text("Agreed by", MARGIN, d.y);
  d.moveDown(2);
  const y = d.y;
  const half = (w.width - 30) / 2;
  for (const [i, who] of [s.lecturer.name, "Head of department"].entries()) {
    const x = MARGIN + i * (half + 30);
    d.moveTo(x, y).lineTo(x + half, y).lineWidth(0.6).stroke(INK);
    d.fillColor(MUTED).fontSize(8).text(`${who}  ·  signature and date`, x, y + 4, { width: half });
  }
}

/** The report as a PDF. */
export async function renderPdf(report: ReportDocument): Promise<Buffer> {
  const w = new Writer(report, report.kind === "lecturer_statement" ? "portrait" : "landscape");
  w.titleBlock();
  if (report.kind === "lecturer_statement" && report.statement) {
    statement(w);
    return await w.finish();
  }
  w.headline();
  if (report.chart && report.chart.bars.length > 0) {
    w.chart(report.chart);
    legend(w);
  }
  // Kinds whose sheets are sections (teams; lecturers and modules) print them each under their heading.
  if (report.kind === "workload_summary" || report.kind === "year_comparison") {
    if (report.summary) {
      w.heading(report.summary.title);
      w.table(report.summary);
    }
    for (const sheet of report.sheets) {
      w.heading(sheet.title);
      w.table(sheet, 7.5);
    }
  } else {
    w.table(report.main, 7.5);
  }
  return await w.finish();
}
