/**
 * A row id held as a plain string in the UI (rows, routes, cell keys) turned
 * into the backend's typed `Id<"table">` at the API boundary. Feature hooks
 * are the only callers: components keep passing strings, the hook names the
 * table it expects, and the server validates the id on arrival.
 *
 *   useQuery(api.workload.allocations.listForLecturer, { organisationId, lecturerId: toId<"lecturers">(lecturerId) })
 */
import type { Id, TableNames } from "@convex/_generated/dataModel";

export function toId<T extends TableNames>(id: string): Id<T> {
  return id as Id<T>;
}

/** `toId` for an optional id: null and undefined pass through. */
export function toOptionalId<T extends TableNames>(id: string | null | undefined): Id<T> | undefined {
  return id ? (id as Id<T>) : undefined;
}
