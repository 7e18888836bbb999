/** A timestamp (ms) as a short local date and time, e.g. "21 Nov 2026, 14:05". */
export function formatDateTime(ms: number | null | undefined): string {
  if (!ms) return "–";
  return new Date(ms).toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
}
