/**
 * What a planner typed into an allocation cell:
 *   "50" or "50%"  -> a 50% share of the component
 *   "12h"          -> 12 hours (an override of the computed hours)
 *   "" / "0"       -> remove the allocation
 * Anything else is explained back to them.
 */
export type CellInput =
  { kind: "share"; share: number } | { kind: "hours"; hours: number } | { kind: "clear" } | { kind: "invalid"; message: string };

export function parseCellInput(text: string): CellInput {
  const t = text.trim().toLowerCase().replace(",", ".");
  if (t === "" || t === "0" || t === "0%") return { kind: "clear" };
  const hours = /^(\d+(?:\.\d+)?)\s*h(?:ours?)?$/.exec(t);
  if (hours) {
    const h = Number(hours[1]);
    if (h > 2000) return { kind: "invalid", message: "At most 2,000 hours in one allocation." };
    return { kind: "hours", hours: h };
  }
  const share = /^(\d+(?:\.\d+)?)\s*%?$/.exec(t);
  if (share) {
    const s = Number(share[1]);
    if (s > 100) return { kind: "invalid", message: "A share is at most 100%." };
    return { kind: "share", share: s };
  }
  return { kind: "invalid", message: 'Type a share ("50" or "50%") or hours ("12h"); empty removes it.' };
}
