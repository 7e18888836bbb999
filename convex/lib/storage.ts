/**
 * Stored files belong to one organisation. Convex hands a file's storage id
 * only to whoever uploaded it; the first write that stores the id (an
 * attachment, an avatar, a generated report's `file_id`) claims it for the
 * writer's organisation, and every other organisation is refused it
 * afterwards. An unclaimed file is accepted only while fresh, so an old
 * upload whose id leaked cannot be adopted later. Called by the function
 * layer for every `v.id("_storage")` field written (lib/scopedDb.ts).
 */
import type { GenericDatabaseReader, GenericDatabaseWriter } from "convex/server";
import type { DataModel, Id } from "../_generated/dataModel";
import { appError } from "./errors";

/** How long after upload an unclaimed file may still be claimed. */
export const UNCLAIMED_FILE_LIFETIME_MS = 60 * 60 * 1000;

export async function checkStoredFile(
  db: GenericDatabaseReader<DataModel>,
  writer: GenericDatabaseWriter<DataModel>,
  storageId: string,
  organisationId: Id<"organisations">,
  userId: Id<"users"> | undefined,
) {
  const id = db.system.normalizeId("_storage", storageId);
  const notHere = () => appError("NOT_FOUND", "This file was not uploaded to this organisation; upload it again.", { storageId });
  if (!id) throw notHere();
  const claim = await db.query("stored_files").withIndex("by_storage_id", (q) => q.eq("storage_id", id)).first();
  if (claim) {
    if (claim.organisation_id !== organisationId) throw notHere();
    return;
  }
  const meta = await db.system.get(id);
  if (!meta || meta._creationTime < Date.now() - UNCLAIMED_FILE_LIFETIME_MS) throw notHere();
  await writer.insert("stored_files", { organisation_id: organisationId, storage_id: id, claimed_by: userId, created_at: Date.now() });
}
