/**
 * One colour per utilisation band, used by every chart, badge and cell so a
 * band always looks the same: under = slate-blue, healthy = green, near =
 * amber, over = orange, critical = red.
 */
import type { Band } from "@convex/lib/workload/types";

export type BandStyle = { label: string; fill: string; badge: "blue" | "green" | "amber" | "orange" | "red"; text: string; bg: string };

export const bandStyles: Record<Band, BandStyle> = {
  under: { label: "Under", fill: "#64748b", badge: "blue", text: "text-sky-700", bg: "bg-sky-50" },
  healthy: { label: "Healthy", fill: "#10b981", badge: "green", text: "text-emerald-700", bg: "bg-emerald-50" },
  near: { label: "Near capacity", fill: "#f59e0b", badge: "amber", text: "text-amber-800", bg: "bg-amber-50" },
  over: { label: "Over", fill: "#f97316", badge: "orange", text: "text-orange-700", bg: "bg-orange-50" },
  critical: { label: "Critical", fill: "#dc2626", badge: "red", text: "text-red-700", bg: "bg-red-50" },
};
