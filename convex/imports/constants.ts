/**
 * Batch sizes of the import job: at most this many rows, and fewer when the
 * rows cost more (a batch also stops at a share of its budget), so one batch stays well inside
 * the jobs' budget (a quarter of Convex's transaction limits,
 * JOB_BATCH_BUDGET in lib/jobs.ts) at the largest organisation: a staff row
 * reads and writes a handful of documents; a module row its module,
 * iteration and groups; an allocation row goes through the editor's create
 * path (engine, totals, coverage, audit, notice: a few dozen documents).
 */
import type { ImportKind } from "../schema/importValidators";

export const IMPORT_BATCH_ROWS: Record<ImportKind, number> = { staff: 200, modules: 100, allocations: 60 };
/** A batch stops taking rows once it has used this share of its budget (lib/budget.ts), whichever budget it is. */
export const IMPORT_BATCH_FULL = 0.6;
/** Rows the read phase hands to one storing mutation. */
export const IMPORT_STORE_CHUNK = 500;
/** Rows an import may have: a large university's allocations fit; a file beyond this is refused. */
export const IMPORT_MAX_ROWS = 50_000;
/** Messages kept in a job's result (the rows keep all of theirs). */
export const IMPORT_JOB_KIND = "import";
