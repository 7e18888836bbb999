/** A ratio (0.85) or a percent value (85, when `isRatio` is false) as "85%". */
export function formatPercent(value: number | null | undefined, isRatio = true): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  // Work allocated to someone with no contract hours (on leave): no percentage is meaningful.
  if (!Number.isFinite(value)) return "no capacity";
  const pct = isRatio ? value * 100 : value;
  return `${Math.round(pct)}%`;
}
