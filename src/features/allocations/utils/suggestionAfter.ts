/**
 * Each lecturer's figures with the lines accepted (or being accepted) and the
 * ticked ones still proposed: the engine's
 * totals arithmetic (the same `figuresAfter` the server's proposal uses)
 * over the run's starting sums, in line order, so ticking every line shows
 * exactly the proposal's "after" and accepting lands on what was shown.
 */
import { figuresAfter, type LecturerFigures } from "@convex/lib/suggestions";
import type { SuggestionLine, SuggestionRun } from "../hooks/useAllocationSuggestions";

export function suggestionAfter(run: SuggestionRun, lines: readonly SuggestionLine[], ticked: ReadonlySet<string>): Map<string, LecturerFigures> {
  const out = new Map<string, LecturerFigures>();
  const result = run.result;
  if (!result) return out;
  for (const l of result.lecturers) {
    const counted = (line: SuggestionLine) =>
      line.status === "accepted" || line.status === "queued" || (line.status === "proposed" && ticked.has(line._id));
    const parts = lines.filter((line) => line.lecturer_id === l.lecturer_id && counted(line)).flatMap((line) => line.parts);
    out.set(l.lecturer_id, figuresAfter(l.before_sums, l.before, result.band_thresholds, parts).figures);
  }
  return out;
}
