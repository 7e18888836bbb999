/** A signed difference for the comparison ("+12.5", "−3", "0"), with a tone for its direction. */
export function formatDelta(n: number | undefined, digits = 1): { text: string; tone: "up" | "down" | "same" } {
  if (n === undefined || Math.abs(n) < 1e-9) return { text: "0", tone: "same" };
  const text = Math.abs(n).toLocaleString("en-GB", { maximumFractionDigits: digits });
  return n > 0 ? { text: `+${text}`, tone: "up" } : { text: `−${text}`, tone: "down" };
}
