/**
 * Utilisation (allocated / contract) and its band, by the organisation's
 * thresholds: under < under <= healthy < healthy <= near <= near < over <= critical < critical.
 */
import { cleanHours } from "./numbers";
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

/**
 * How far a lecturer is outside the healthy range, in hours: positive hours
 * to add for the under band (to reach the `under` threshold), positive hours
 * to remove for over and critical (to come back to `near`), 0 otherwise.
 * The capacity report shows it beside the band.
 */
export function hoursOutsideHealthy(allocatedHours: number, contractHours: number, t: BandThresholds): number {
  const band = bandFor(utilisationOf(allocatedHours, contractHours), t);
  if (band === "under") return cleanHours(t.under * contractHours - allocatedHours);
  if (band === "over" || band === "critical") return cleanHours(allocatedHours - t.near * contractHours);
  return 0;
}
