/** The style of a band by name (unknown names look healthy). */
import type { Band } from "@convex/lib/workload/types";
import { bandStyles, type BandStyle } from "./bandStyles";

export function styleForBand(band: string | null | undefined): BandStyle {
  return bandStyles[(band ?? "healthy") as Band] ?? bandStyles.healthy;
}
