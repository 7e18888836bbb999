/**
 * The audit trail's trigger: one `audit_logs` row for every insert, update and
 * delete on an audited table, with the changed fields' old and new values and
 * the acting user taken from the function layer (never from arguments).
 * Registered for every audited table in lib/triggers.ts, so no mutation can
 * forget it.
 */
import type { Change } from "convex-helpers/server/triggers";
import type { DataModel, Doc, Id, TableNames } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";

/** Who is acting; unset `user_id` means a system job (rollover, recompute, seed). */
export type Actor = { user_id?: Id<"users"> };
export type TriggerCtx = MutationCtx & { actor?: Actor };

/**
 * Fields that change on every write and say nothing a reader of the trail
 * needs (`updated_by` is the row's actor, which the audit row names anyway).
 */
const NOISE_FIELDS = new Set(["updated_at", "updated_by", "version", "_creationTime"]);

/**
 * Fields kept by triggers from other rows (workload/placement.ts): the
 * change a person made is recorded on the row they changed, not again here.
 */
const DERIVED_FIELDS: Partial<Record<TableNames, Set<string>>> = {
  module_iterations: new Set(["department_id"]),
  module_iteration_groups: new Set(["department_id"]),
  module_allocations: new Set(["department_id", "lecturer_department_id"]),
};

type AnyDoc = Record<string, unknown> & { _id: string };

function changedFields(table: TableNames, oldDoc: AnyDoc | null, newDoc: AnyDoc | null): string[] {
  const keys = new Set([...Object.keys(oldDoc ?? {}), ...Object.keys(newDoc ?? {})]);
  const derived = DERIVED_FIELDS[table];
  return [...keys]
    .filter((k) => !NOISE_FIELDS.has(k) && k !== "_id" && !derived?.has(k))
    .filter((k) => JSON.stringify(oldDoc?.[k]) !== JSON.stringify(newDoc?.[k]))
    .sort();
}

function pick(doc: AnyDoc | null, fields: string[]): string | undefined {
  if (!doc) return undefined;
  const out: Record<string, unknown> = {};
  for (const f of fields) if (doc[f] !== undefined) out[f] = doc[f];
  return JSON.stringify(out);
}

function organisationOf(table: string, doc: AnyDoc): Id<"organisations"> {
  return (table === "organisations" ? doc._id : doc.organisation_id) as Id<"organisations">;
}

/** Returns the trigger for `table`; it writes exactly one audit row per change. */
export function auditTrigger<T extends TableNames>(table: T) {
  return async (ctx: TriggerCtx & { innerDb: MutationCtx["db"] }, change: Change<DataModel, T>) => {
    const oldDoc = change.oldDoc as unknown as AnyDoc | null;
    const newDoc = change.newDoc as unknown as AnyDoc | null;
    const doc = (newDoc ?? oldDoc)!;
    let action: Doc<"audit_logs">["action"];
    if (change.operation === "insert") action = "create";
    else if (change.operation === "delete") action = "delete";
    else if (!oldDoc?.deleted_at && newDoc?.deleted_at) action = "soft_delete";
    else if (oldDoc?.deleted_at && !newDoc?.deleted_at) action = "restore";
    else action = "update";
    const fields = changedFields(table, oldDoc, newDoc);
    // A write that changed only derived or bookkeeping fields is nobody's change.
    if (action === "update" && fields.length === 0) return;
    await ctx.innerDb.insert("audit_logs", {
      organisation_id: organisationOf(table, doc),
      academic_year_id: doc.academic_year_id as Id<"academic_years"> | undefined,
      user_id: ctx.actor?.user_id,
      entity_type: table,
      entity_id: String(change.id),
      action,
      old_values: pick(oldDoc, fields),
      new_values: pick(newDoc, fields),
      changed_fields: fields,
      created_at: Date.now(),
    });
  };
}
