/** A cell's value in words, for the conflict dialog. */
import type { CellValue } from "./allocationTypes";

/** A cell's value as it reads: "50% · 12.5h" style parts. */
export function describeValue(v: CellValue | null): string {
  if (!v) return "empty";
  return v.hours_override !== undefined ? `${v.share}% share, ${v.hours_override}h (override)` : `${v.share}% share`;
}
