/**
 * How much of a batch's budget (a quarter of each Convex per-transaction
 * limit, JOB_BATCH_BUDGET in lib/jobs.ts) the running transaction has used,
 * from the platform's own counters (`ctx.meta.getTransactionMetrics()`).
 * A batch that takes rows until it has used part of its budget fits
 * whatever the size of the data around it: the seed's batches do.
 */
import type { GenericDataModel, GenericMutationCtx } from "convex/server";
import { JOB_BATCH_BUDGET } from "./jobs";

/** The most used of the budgets so far: 1 means a quarter of some limit is spent. */
export async function batchBudgetUsed(ctx: Pick<GenericMutationCtx<GenericDataModel>, "meta">): Promise<number> {
  const metrics = await ctx.meta.getTransactionMetrics();
  let most = 0;
  for (const key of Object.keys(JOB_BATCH_BUDGET) as (keyof typeof JOB_BATCH_BUDGET)[]) {
    most = Math.max(most, metrics[key].used / JOB_BATCH_BUDGET[key]);
  }
  return most;
}
