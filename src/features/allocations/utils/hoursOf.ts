/** The hours an allocation counts for: its override first, else the engine's hours. */
import type { AllocationRow } from "./allocationTypes";

/** The hours an allocation counts for (override first). */
export function hoursOf(a: Pick<AllocationRow, "hours_override" | "computed_hours" | "hours">): number {
  return a.hours_override ?? a.hours ?? a.computed_hours;
}
