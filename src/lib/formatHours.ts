/** Hours as planners read them: up to one decimal, thin and unit-suffixed. */
export function formatHours(hours: number | null | undefined, unit = "h"): string {
  if (hours === null || hours === undefined || Number.isNaN(hours)) return "–";
  const rounded = Math.round(hours * 10) / 10;
  return `${rounded.toLocaleString("en-GB", { maximumFractionDigits: 1 })}${unit}`;
}
