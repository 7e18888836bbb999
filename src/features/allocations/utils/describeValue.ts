/** A cell's value in words, for the conflict dialog. */
import type { CellValue } from "./allocationTypes";

/** A cell's value as it reads: "50% · 12.5h" style parts. */
export function describeValue(v: CellValue | null): string {
  if (!v) return "empty";
  if (v.hours_override === undefined) return `${v.share}% share`;
  return `${v.share}% share, ${v.hours_override}h (override${v.override_reason ? `: ${v.override_reason}` : ""})`;
}
