/**
 * The utilisation distribution for the dashboard's histogram: fixed-width
 * buckets from 0, the last one open-ended so outliers stay visible.
 */
import { HISTOGRAM_BUCKET_WIDTH, HISTOGRAM_MAX } from "./defaults";

export type HistogramBucket = { from: number; to: number | null; label: string; count: number };

const percent = (x: number) => `${Math.round(x * 100)}%`;

export function utilisationHistogram(
  utilisations: readonly number[],
  width: number = HISTOGRAM_BUCKET_WIDTH,
  max: number = HISTOGRAM_MAX,
): HistogramBucket[] {
  const count = Math.round(max / width);
  const buckets: HistogramBucket[] = [];
  for (let i = 0; i < count; i++) {
    const from = i * width;
    const to = (i + 1) * width;
    buckets.push({ from, to, label: `${percent(from)}–${percent(to)}`, count: 0 });
  }
  buckets.push({ from: max, to: null, label: `${percent(max)}+`, count: 0 });
  for (const u of utilisations) {
    // Round first so 0.3 (stored as 0.29999...) lands in the 30% bucket.
    const index = Math.floor(Math.round((u / width) * 1e6) / 1e6);
    buckets[Math.max(0, Math.min(index, count))].count += 1;
  }
  return buckets;
}
