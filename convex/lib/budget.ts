/**
 * How much of a batch's budget (a quarter of each Convex per-transaction
 * limit, JOB_BATCH_BUDGET in lib/jobs.ts) the running transaction has used,
 * from the platform's own counters (`ctx.meta.getTransactionMetrics()`).
 * A batch that takes rows until it has used part of its budget fits
 * whatever the size of the data around it: the seed's batches do.
 */
import type { GenericDataModel, GenericMutationCtx, PaginationResult } from "convex/server";
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

/**
 * A batch made of small pages: handles one page after another until the
 * range ends, `maxItems` are done, or the transaction has used `share` of
 * the batch budget (so one more page, kept small, stays inside it). Pages
 * end on item boundaries, so the returned cursor is where the next batch
 * starts; `page` must be able to run many times in one transaction (use
 * convex-helpers' `stream(...).paginate`, not the built-in `.paginate`).
 */
export async function runPages<T>(
  ctx: Pick<GenericMutationCtx<GenericDataModel>, "meta">,
  opts: {
    cursor: string | null;
    pageSize: number;
    maxItems: number;
    share?: number;
    page: (cursor: string | null, numItems: number) => Promise<PaginationResult<T>>;
    each: (items: T[]) => Promise<void>;
  },
): Promise<{ done: number; cursor: string | null }> {
  let cursor = opts.cursor;
  let done = 0;
  for (;;) {
    const page = await opts.page(cursor, Math.min(opts.pageSize, opts.maxItems - done));
    await opts.each(page.page);
    done += page.page.length;
    if (page.isDone) return { done, cursor: null };
    cursor = page.continueCursor;
    if (done >= opts.maxItems || (await batchBudgetUsed(ctx)) >= (opts.share ?? 0.5)) return { done, cursor };
  }
}
