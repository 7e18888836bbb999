/**
 * Small database helpers whose names say how they fail. They take the
 * already-scoped `ctx.db` of the builders, so "not found" also covers "in
 * another organisation" and "soft-deleted": a caller cannot tell them apart.
 */
import type { GenericDatabaseReader, GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id, TableNames } from "../_generated/dataModel";
import { appError } from "./errors";

type Reader = GenericDatabaseReader<DataModel>;
type Writer = GenericDatabaseWriter<DataModel>;

/** The row, or NOT_FOUND naming what was looked for ("module", "lecturer"). */
export async function getOrThrow<T extends TableNames>(db: Reader, id: Id<T>, label: string): Promise<Doc<T>> {
  const doc = await db.get(id);
  if (!doc) throw appError("NOT_FOUND", `This ${label} does not exist or has been deleted.`, { id });
  return doc;
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

/** Soft delete: the row stays, hidden from `ctx.db`, restorable. */
export async function softDelete<T extends TableNames>(db: Writer, id: Id<T>, now: number) {
  await db.patch(id, { deleted_at: now, updated_at: now } as any);
}

/** Restore needs the writer that can see deleted rows (`ctx.dbWithDeleted`). */
export async function restore<T extends TableNames>(dbWithDeleted: Writer, id: Id<T>, label: string, now: number) {
  const doc = (await dbWithDeleted.get(id)) as any;
  if (!doc) throw appError("NOT_FOUND", `This ${label} does not exist.`, { id });
  if (doc.deleted_at === undefined) throw appError("INVALID_ARGUMENT", `This ${label} is not deleted.`);
  await dbWithDeleted.patch(id, { deleted_at: undefined, updated_at: now } as any);
}
