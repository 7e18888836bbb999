/**
 * A member's own one-row-per-user records (display settings, notification
 * settings, extended profile): read or upsert the caller's row, never
 * anyone else's.
 */
import type { Doc } from "../_generated/dataModel";
import type { OrgMutationCtx, OrgQueryCtx } from "./functions";

type OwnTable = "user_settings" | "notification_settings" | "user_profiles";

export async function getOwnRow<T extends OwnTable>(ctx: OrgQueryCtx, table: T): Promise<Doc<T> | null> {
  return (await ctx.db
    .query(table)
    .withIndex("by_user_id", (q: any) => q.eq("user_id", ctx.viewer._id))
    .unique()) as Doc<T> | null;
}

export async function upsertOwnRow<T extends OwnTable>(ctx: OrgMutationCtx, table: T, value: Record<string, unknown>) {
  const row = await getOwnRow(ctx, table);
  if (row) {
    await ctx.db.patch(row._id, { ...value, updated_at: ctx.now } as any);
  } else {
    await ctx.db.insert(table, {
      ...value,
      organisation_id: ctx.organisationId,
      user_id: ctx.viewer._id,
      created_at: ctx.now,
      updated_at: ctx.now,
    } as any);
  }
}
