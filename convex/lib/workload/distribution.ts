/**
 * The utilisation distribution for the dashboard's histogram: fixed-width
 * buckets from 0, the last one open-ended so outliers stay visible. The
 * dashboard keeps counts per bucket incrementally (workload/overviewCells.ts)
 * with `histogramBucketIndex`, and shows them with `histogramFromCounts`, so
 * stored counts and a histogram of the rows themselves agree by construction.
 */
import { HISTOGRAM_BUCKET_WIDTH, HISTOGRAM_MAX } from "./defaults";

export type HistogramBucket = { from: number; to: number | null; label: string; count: number };

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** How many buckets the histogram has: the closed ones and the open last one. */
export function histogramBucketCount(width: number = HISTOGRAM_BUCKET_WIDTH, max: number = HISTOGRAM_MAX): number {
  return Math.round(max / width) + 1;
}

/** The bucket a utilisation falls in. */
export function histogramBucketIndex(u: number, width: number = HISTOGRAM_BUCKET_WIDTH, max: number = HISTOGRAM_MAX): number {
  const closed = Math.round(max / width);
  // Round first so 0.3 (stored as 0.29999...) lands in the 30% bucket.
  const index = Math.floor(Math.round((u / width) * 1e6) / 1e6);
  return Math.max(0, Math.min(index, closed));
}

/** The buckets, labelled, with the given counts (one per bucket; missing ones count 0). */
export function histogramFromCounts(
  counts: readonly number[],
  width: number = HISTOGRAM_BUCKET_WIDTH,
  max: number = HISTOGRAM_MAX,
): HistogramBucket[] {
  const closed = Math.round(max / width);
  const buckets: HistogramBucket[] = [];
  for (let i = 0; i < closed; i++) {
    const from = i * width;
    const to = (i + 1) * width;
    buckets.push({ from, to, label: `${percent(from)}–${percent(to)}`, count: counts[i] ?? 0 });
  }
  buckets.push({ from: max, to: null, label: `${percent(max)}+`, count: counts[closed] ?? 0 });
  return buckets;
}

export function utilisationHistogram(
  utilisations: readonly number[],
  width: number = HISTOGRAM_BUCKET_WIDTH,
  max: number = HISTOGRAM_MAX,
): HistogramBucket[] {
  const counts = new Array<number>(histogramBucketCount(width, max)).fill(0);
  for (const u of utilisations) counts[histogramBucketIndex(u, width, max)] += 1;
  return histogramFromCounts(counts, width, max);
}
