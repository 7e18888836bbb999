/**
 * The audit trail's trigger: one `audit_logs` row for every insert, update and
 * delete on an audited table, with the changed fields' old and new values,
 * the actor (taken from the function layer, never from arguments: a person, a
 * named system actor or an API key) and the place of the entity, so scoped
 * readers see the rows of their departments only (lib/scope.ts).
 * Registered for every table not deliberately unaudited (lib/triggers.ts),
 * so no mutation can forget it and no new table is left out.
 */
import type { Change } from "convex-helpers/server/triggers";
import type { DataModel, Doc, Id, TableNames } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import type { ActorRef } from "../schema/validators";
import { auditPlaceOf, derivedFields, ownerOf } from "./scope";

/** Who is acting, as the audit trail records it. */
export type Actor = {
  kind: "user" | "system" | "api_key";
  /** Shown in the trail: the person's name, the system actor's, or the key's system and name. */
  name: string;
  /** The person acting, or who started the job; set once known (a new organisation's creator). */
  user_id?: Id<"users">;
  api_key_id?: Id<"api_keys">;
  /** Audit rows written before `user_id` was known, completed when the call succeeds. */
  pending?: Id<"audit_logs">[];
};
export type TriggerCtx = MutationCtx & { actor?: Actor };

/** The actor as scheduled work records it (see vActor), in `organisationId`. */
export function actorRefOf(actor: Actor | undefined, organisationId: Id<"organisations">): ActorRef {
  if (actor?.user_id) return { kind: "user", organisationId, userId: actor.user_id };
  if (actor?.api_key_id) return { kind: "api_key", organisationId, apiKeyId: actor.api_key_id };
  return { kind: "system", organisationId, name: actor?.name ?? "System" };
}

/**
 * Fields that change on every write and say nothing a reader of the trail
 * needs (`updated_by` is the row's actor, which the audit row names anyway).
 */
const NOISE_FIELDS = new Set(["updated_at", "updated_by", "version", "_creationTime"]);

type AnyDoc = Record<string, unknown> & { _id: string };

function changedFields(table: TableNames, oldDoc: AnyDoc | null, newDoc: AnyDoc | null): string[] {
  const keys = new Set([...Object.keys(oldDoc ?? {}), ...Object.keys(newDoc ?? {})]);
  // Place fields the layer keeps from a parent (lib/scope.ts): the change a person made is recorded on the row they changed.
  const derived = new Set(derivedFields(table));
  return [...keys]
    .filter((k) => !NOISE_FIELDS.has(k) && k !== "_id" && !derived.has(k))
    .filter((k) => JSON.stringify(oldDoc?.[k]) !== JSON.stringify(newDoc?.[k]))
    .sort();
}

function pick(doc: AnyDoc | null, fields: string[]): string | undefined {
  if (!doc) return undefined;
  const out: Record<string, unknown> = {};
  for (const f of fields) if (doc[f] !== undefined) out[f] = doc[f];
  return JSON.stringify(out);
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
    // A write that changed only derived (place) or bookkeeping fields is nobody's change.
    if (action === "update" && fields.length === 0) return;
    const actor: Actor = ctx.actor ?? { kind: "system", name: "System" };
    const id = await ctx.innerDb.insert("audit_logs", {
      organisation_id: ownerOf(table, doc)!,
      academic_year_id: doc.academic_year_id as Id<"academic_years"> | undefined,
      user_id: actor.user_id,
      actor_kind: actor.kind,
      actor_name: actor.name,
      api_key_id: actor.api_key_id,
      entity_type: table,
      entity_id: String(change.id),
      action,
      old_values: pick(oldDoc, fields),
      new_values: pick(newDoc, fields),
      changed_fields: fields,
      ...(await auditPlaceOf(ctx.innerDb, table, doc as any)),
      created_at: Date.now(),
    });
    if (actor.kind === "user" && !actor.user_id) (actor.pending ??= []).push(id);
  };
}
