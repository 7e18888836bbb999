/** The hours an allocation counts for: its override first, else the engine's hours. */
export function hoursOf(a: { hours_override?: number; computed_hours: number; hours?: number }): number {
  return a.hours_override ?? a.hours ?? a.computed_hours;
}
