/**
 * Utilisation (allocated / contract) and its band, by the organisation's
 * thresholds: under < under <= healthy < healthy <= near <= near < over <= critical < critical.
 */
import type { Band, BandThresholds } from "./types";

export function utilisationOf(allocatedHours: number, contractHours: number): number {
  if (contractHours > 0) return allocatedHours / contractHours;
  return allocatedHours > 0 ? Infinity : 0;
}

export function bandFor(utilisation: number, t: BandThresholds): Band {
  if (utilisation < t.under) return "under";
  if (utilisation < t.healthy) return "healthy";
  if (utilisation <= t.near) return "near";
  if (utilisation <= t.critical) return "over";
  return "critical";
}

/** True for the bands a planner must act on. */
export function isOverBand(band: Band | string): boolean {
  return band === "over" || band === "critical";
}
