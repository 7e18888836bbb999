/**
 * Batches sized to a quarter of Convex's per-transaction limits (decisions:
 * "long work"): a batch job asks how much of that budget its transaction
 * has used and stops taking more work before it runs out, so a batch fits
 * whatever the size of the data around it. Reads the platform's own
 * counters (`ctx.meta.getTransactionMetrics()`).
 */
import type { GenericMutationCtx, GenericDataModel } from "convex/server";

const MiB = 1 << 20;

/** Convex's limits per transaction (https://docs.convex.dev/production/state/limits). */
export const TRANSACTION_LIMITS = {
  bytesRead: 16 * MiB,
  bytesWritten: 16 * MiB,
  documentsRead: 32_000,
  documentsWritten: 16_000,
  databaseQueries: 4_096,
  functionsScheduled: 1_000,
  scheduledFunctionArgsBytes: 16 * MiB,
} as const;

/** A batch's budget: this share of every limit. */
export const BATCH_SHARE = 0.25;

type Metric = keyof typeof TRANSACTION_LIMITS;

/** The most used of the budgets so far: 1 means a quarter of some limit is spent. */
export async function batchBudgetUsed(ctx: Pick<GenericMutationCtx<GenericDataModel>, "meta">): Promise<number> {
  const metrics = await ctx.meta.getTransactionMetrics();
  let most = 0;
  for (const key of Object.keys(TRANSACTION_LIMITS) as Metric[]) {
    most = Math.max(most, metrics[key].used / (TRANSACTION_LIMITS[key] * BATCH_SHARE));
  }
  return most;
}
