/** Hours as planners read them: up to one decimal, thin and unit-suffixed. */
// One formatter for every call: building one per number (toLocaleString) is slow in a grid of thousands.
const NUMBER = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

export function formatHours(hours: number | null | undefined, unit = "h"): string {
  if (hours === null || hours === undefined || Number.isNaN(hours)) return "–";
  return `${NUMBER.format(Math.round(hours * 10) / 10)}${unit}`;
}
