/**
 * Each lecturer's figures if the ticked lines were accepted: the engine's
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
    const parts = lines.filter((line) => line.lecturer_id === l.lecturer_id && ticked.has(line._id)).flatMap((line) => line.parts);
    out.set(l.lecturer_id, figuresAfter(l.before_sums, l.before, result.band_thresholds, parts).figures);
  }
  return out;
}
