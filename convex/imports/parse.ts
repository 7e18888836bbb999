"use node";
/**
 * The import's Node actions: `inspect` reads an uploaded file's header row
 * and first rows for the wizard (the kind it looks like, the mapping the
 * organisation used last or the export's own headers), and `readPhase` is
 * the dry run's first phase, reading the whole file into `import_rows` in
 * chunks, reporting progress to the job.
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalAction } from "../_generated/server";
import { appError, isAppError } from "../lib/errors";
import { orgAction } from "../lib/functions";
import { applyMapping, detectKind, IMPORT_FIELDS, missingRequired, normaliseHeader, suggestMapping } from "../lib/imports/fields";
import { vJobActionArgs } from "../lib/jobs";
import type { Id } from "../_generated/dataModel";
import { vImportFormat, vImportKind, vImportMapping, type ImportFormat, type ImportKind, type ImportMapping } from "../schema/importValidators";
import { IMPORT_MAX_ROWS, IMPORT_STORE_CHUNK } from "./constants";
import { formatOf, readCsv, readXlsx, type FileTable } from "./read";

const KNOWN = new Set(Object.values(IMPORT_FIELDS).flatMap((fields) => fields.flatMap((s) => [s.field, s.label, ...(s.synonyms ?? [])].map(normaliseHeader))));

async function readTable(bytes: Uint8Array, format: ImportFormat): Promise<FileTable> {
  return format === "csv" ? readCsv(bytes) : await readXlsx(bytes, (h) => KNOWN.has(normaliseHeader(h)));
}

function messageOf(e: unknown): string {
  if (isAppError(e)) return e.data.message;
  if (e instanceof Error) return e.message.replace(/^Uncaught \w*Error: /, "");
  return String(e);
}

type Inspection = {
  format: ImportFormat;
  sheet: string | null;
  headers: string[];
  preview: string[][];
  row_count: number;
  detected_kind: ImportKind | null;
  mapping: ImportMapping;
  missing_required: string[];
};

export const inspect = orgAction({
  permission: null,
  args: { storageId: v.id("_storage"), fileName: v.string(), kind: v.optional(vImportKind) },
  returns: v.object({
    format: vImportFormat,
    sheet: v.union(v.string(), v.null()),
    headers: v.array(v.string()),
    preview: v.array(v.array(v.string())),
    row_count: v.number(),
    detected_kind: v.union(vImportKind, v.null()),
    mapping: vImportMapping,
    missing_required: v.array(v.string()),
  }),
  handler: async (ctx, { storageId, fileName, kind }): Promise<Inspection> => {
    // A stored file is read for someone who may import it: report files live in the same storage.
    const kinds: ImportKind[] = await ctx.runQuery(internal.imports.imports.importerKinds, { organisationId: ctx.organisationId, userId: ctx.viewer._id });
    if (kinds.length === 0 || (kind && !kinds.includes(kind))) {
      throw appError("FORBIDDEN", kind ? `You do not have permission to import ${kind}.` : "You do not have permission to import anything.");
    }
    const blob = await ctx.storage.get(storageId);
    if (!blob) throw appError("NOT_FOUND", "The uploaded file is gone; upload it again.");
    const format = formatOf(fileName, blob.type);
    if (!format) throw appError("INVALID_ARGUMENT", `${fileName} is neither a CSV nor an Excel (.xlsx) file.`);
    let table: FileTable;
    try {
      table = await readTable(new Uint8Array(await blob.arrayBuffer()), format);
    } catch (e) {
      throw appError("INVALID_ARGUMENT", `${fileName} could not be read as ${format.toUpperCase()}: ${messageOf(e)}`);
    }
    const detected = detectKind(table.headers);
    const chosen = kind ?? detected;
    const remembered: ImportMapping = chosen
      ? await ctx.runQuery(internal.imports.imports.rememberedMapping, { organisationId: ctx.organisationId, kind: chosen })
      : [];
    const mapping: ImportMapping = chosen ? suggestMapping(chosen, table.headers, remembered) : [];
    return {
      format,
      sheet: table.sheet,
      headers: table.headers,
      preview: table.rows.slice(0, 5),
      row_count: table.rows.length,
      detected_kind: detected,
      mapping,
      missing_required: chosen ? missingRequired(chosen, mapping) : [],
    };
  },
});

/** The dry run's "read" phase: the file into `import_rows`, a chunk per mutation. */
export const readPhase = internalAction({
  args: vJobActionArgs,
  returns: v.null(),
  handler: async (ctx, args) => {
    const { importId } = JSON.parse(args.params) as { importId: Id<"data_sync_logs"> };
    const ids = { jobId: args.jobId, token: args.token, attempt: args.attempt };
    try {
      const src: { storage_id: Id<"_storage">; format: ImportFormat; kind: ImportKind; mapping: ImportMapping | null; remembered: ImportMapping } = await ctx.runQuery(internal.imports.pipeline.source, { jobId: args.jobId, importId });
      const blob = await ctx.storage.get(src.storage_id);
      if (!blob) throw new Error("The uploaded file is gone; upload it again.");
      const table = await readTable(new Uint8Array(await blob.arrayBuffer()), src.format);
      if (table.rows.length > IMPORT_MAX_ROWS) throw new Error(`The file has ${table.rows.length} rows; an import takes at most ${IMPORT_MAX_ROWS}. Split it.`);
      const present = new Set(table.headers);
      const mapping = src.mapping ? src.mapping.filter((m) => present.has(m.header)) : suggestMapping(src.kind, table.headers, src.remembered);
      const missing = missingRequired(src.kind, mapping);
      const rows = table.rows.map((r, i) => ({ position: i + 2, cells: applyMapping(table.headers, r, mapping) }));
      if (rows.length === 0) {
        const ok = await ctx.runMutation(internal.imports.pipeline.storeRows, { ...ids, importId, rows: [], final: { rows: 0, missing_fields: missing, mapping } });
        if (!ok) return null;
      }
      for (let i = 0; i < rows.length; i += IMPORT_STORE_CHUNK) {
        const chunk = rows.slice(i, i + IMPORT_STORE_CHUNK);
        const last = i + IMPORT_STORE_CHUNK >= rows.length;
        const ok = await ctx.runMutation(internal.imports.pipeline.storeRows, {
          ...ids,
          importId,
          rows: chunk,
          final: last ? { rows: rows.length, missing_fields: missing, mapping } : undefined,
        });
        if (!ok) return null;
        const goOn = await ctx.runMutation(internal.jobs.runner.actionProgress, { ...ids, done: i + chunk.length, total: rows.length });
        if (!goOn) return null;
      }
      await ctx.runMutation(internal.jobs.runner.actionFinished, {
        ...ids,
        done: rows.length,
        result: JSON.stringify({ rows: rows.length, sheet: table.sheet, missing_fields: missing }),
      });
    } catch (e) {
      await ctx.runMutation(internal.jobs.runner.actionFinished, { ...ids, done: 0, error: messageOf(e) });
    }
    return null;
  },
});
