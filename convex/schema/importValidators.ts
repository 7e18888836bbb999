/**
 * Validators of spreadsheet imports (issue #14): what kind of data a file
 * holds, how far an import has got, and what each of its rows would do or
 * did. Shared by the schema (`data_sync_logs`, `import_rows`, `import_keys`)
 * and the functions of convex/imports/.
 */
import { v, type Infer } from "convex/values";

/** What a file holds: lecturers, modules with their iterations and groups, or allocations. */
export const vImportKind = v.union(v.literal("staff"), v.literal("modules"), v.literal("allocations"));
export type ImportKind = Infer<typeof vImportKind>;

export const vImportFormat = v.union(v.literal("csv"), v.literal("xlsx"));
export type ImportFormat = Infer<typeof vImportFormat>;

/**
 * Where an import is: reading and checking the file (the dry run), checked
 * (waiting for a commit), committing, committed, or stopped; "refused": a
 * feed that was not accepted (its key, system, year or file), with why.
 */
export const vImportStage = v.union(
  v.literal("checking"),
  v.literal("checked"),
  v.literal("committing"),
  v.literal("committed"),
  v.literal("undoing"),
  v.literal("undone"),
  v.literal("failed"),
  v.literal("cancelled"),
  v.literal("refused"),
);
export type ImportStage = Infer<typeof vImportStage>;

/** One column of the file and the field it fills (unmapped columns are not listed). */
export const vImportMapping = v.array(v.object({ header: v.string(), field: v.string() }));
export type ImportMapping = Infer<typeof vImportMapping>;

/** The import's running figures: the dry run's verdicts, then the commit's outcomes. */
export const vImportCounts = v.object({
  rows: v.number(),
  ok: v.number(),
  warning: v.number(),
  error: v.number(),
  create: v.number(),
  update: v.number(),
  unchanged: v.number(),
  written: v.number(),
  conflict: v.number(),
  skipped: v.number(),
  /** A full staff feed: lecturers of the year the file leaves out (to mark as leavers on confirmation), and those marked. */
  leavers: v.optional(v.number()),
  marked_left: v.optional(v.number()),
});
export type ImportCounts = Infer<typeof vImportCounts>;

export const vImportRowStatus = v.union(v.literal("ok"), v.literal("warning"), v.literal("error"));
export type ImportRowStatus = Infer<typeof vImportRowStatus>;
/** What the row does to the data: creates something, updates something, or nothing (all equal, or an error). */
export const vImportRowAction = v.union(v.literal("create"), v.literal("update"), v.literal("unchanged"), v.literal("none"));
export type ImportRowAction = Infer<typeof vImportRowAction>;
/** What the commit did with the row. */
export const vImportRowOutcome = v.union(
  v.literal("written"),
  v.literal("unchanged"),
  v.literal("conflict"),
  v.literal("skipped"),
  v.literal("failed"),
);
export type ImportRowOutcome = Infer<typeof vImportRowOutcome>;

/** A row's finding: an error stops the row, a warning does not. `column` is the field's name. */
export const vImportMessage = v.object({
  level: v.union(v.literal("error"), v.literal("warning")),
  column: v.optional(v.string()),
  message: v.string(),
});
export type ImportMessage = Infer<typeof vImportMessage>;

/**
 * A record the row would write (or found equal), by natural key, with the
 * stamp it had at the dry run (its version, or its updated_at where a table
 * has no version; null when the row would create it). A commit that finds a
 * different stamp reports a conflict instead of writing.
 */
export const vImportTarget = v.object({ key: v.string(), stamp: v.union(v.number(), v.null()) });
export type ImportTarget = Infer<typeof vImportTarget>;

/**
 * What the commit wrote for a row, so the import can be undone: each record
 * inserted or patched (with the patched fields' values before, as JSON; a
 * missing field is null) and its stamp after the write. An undo refuses once
 * any of them has a different stamp (someone changed it since).
 */
export const vImportWrite = v.object({
  table: v.string(),
  id: v.string(),
  op: v.union(v.literal("insert"), v.literal("patch")),
  before: v.optional(v.string()),
  stamp: v.number(),
});
export type ImportWrite = Infer<typeof vImportWrite>;
