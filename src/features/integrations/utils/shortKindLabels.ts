/** Short names of the kinds of import, for badges and narrow table columns (the long ones are in convex/lib/imports/fields). */
export const SHORT_KIND_LABELS: Record<string, string> = { staff: "Lecturers", modules: "Modules", allocations: "Allocations" };
