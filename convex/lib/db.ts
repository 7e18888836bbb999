/**
 * Small database helpers whose names say how they fail. They take the
 * builders' scoped `ctx.db`, so "not found" also covers "in another
 * organisation" and "soft-deleted": a caller cannot tell them apart. A row
 * the caller's scope hides is FORBIDDEN with the reason ("Mathematics is
 * outside your department"), never passed off as missing.
 */
import type { GenericDatabaseReader, GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id, TableNames } from "../_generated/dataModel";
import { appError } from "./errors";

type Reader = GenericDatabaseReader<DataModel>;
type Writer = GenericDatabaseWriter<DataModel>;

/** The reason the scoped reader hid `id`, if scope (not absence) hid it. */
function hiddenReason(db: Reader, id: string): string | undefined {
  return (db as { hiddenReason?: (id: string) => string | undefined }).hiddenReason?.(id);
}

/** The row, or NOT_FOUND naming what was looked for ("module", "lecturer"), or FORBIDDEN when out of scope. */
export async function getOrThrow<T extends TableNames>(db: Reader, id: Id<T>, label: string): Promise<Doc<T>> {
  const doc = await db.get(id);
  if (!doc) {
    const reason = hiddenReason(db, id);
    if (reason) throw appError("FORBIDDEN", reason, { id });
    throw appError("NOT_FOUND", `This ${label} does not exist or has been deleted.`, { id });
  }
  return doc;
}

/** A row named by a string that may not be an id at all (polymorphic references): NOT_FOUND rather than a TypeError. */
export async function getByStringId<T extends TableNames>(db: Reader, table: T, id: string, label: string): Promise<Doc<T>> {
  const normalised = db.normalizeId(table, id);
  if (!normalised) throw appError("NOT_FOUND", `This ${label} does not exist or has been deleted.`, { id });
  return await getOrThrow(db, normalised, label);
}

/** Refuses unless the caller may change `doc` of `table` (the layer's rule for that table), without writing. */
export async function requireCanChange<T extends TableNames>(db: Writer, table: T, doc: Doc<T>) {
  const check = (db as { assertCanChange?: (table: T, doc: Doc<T>) => Promise<void> }).assertCanChange;
  if (!check) throw new Error("requireCanChange() needs the function layer's writer.");
  await check.call(db, table, doc);
}

/** Optional foreign key: checks it exists in the organisation when given. */
export async function checkRef<T extends TableNames>(db: Reader, id: Id<T> | undefined | null, label: string) {
  if (id) await getOrThrow(db, id, label);
}

/** Refuses a stale edit: `expected` is the version the editor saw. */
export function checkVersion(doc: { version: number }, expected: number | undefined, label: string, current?: unknown) {
  if (expected !== undefined && doc.version !== expected) {
    throw appError(
      "CONFLICT",
      `Someone else changed this ${label} while you were editing it. Review their change and try again.`,
      { currentVersion: doc.version, current: current ?? doc },
    );
  }
}

/** Soft delete: the row stays, hidden from `ctx.db`, restorable. The layer refuses it while others depend on the row. */
export async function softDelete<T extends TableNames>(db: Writer, id: Id<T>, now: number) {
  await db.patch(id, { deleted_at: now, updated_at: now } as any);
}

/** Restore needs the writer that can see deleted rows (`ctx.dbWithDeleted`); the layer re-checks references and scope. */
export async function restore<T extends TableNames>(dbWithDeleted: Writer, id: Id<T>, label: string, now: number) {
  const doc = (await getOrThrow(dbWithDeleted, id, label)) as any;
  if (doc.deleted_at === undefined) throw appError("INVALID_ARGUMENT", `This ${label} is not deleted.`);
  await dbWithDeleted.patch(id, { deleted_at: undefined, updated_at: now } as any);
}
