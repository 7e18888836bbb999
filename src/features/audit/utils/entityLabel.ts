/** What people call a kind of audited row (the server's own names, so the filter and the trail agree). */
import { ENTITY_KINDS } from "@convex/audit/describe";

export function entityLabel(table: string): string {
  return (ENTITY_KINDS as Record<string, string | undefined>)[table] ?? table.replace(/_/g, " ");
}

/** The kinds of row the trail can be filtered by, by name. */
export const ENTITY_TYPES = Object.entries(ENTITY_KINDS)
  .map(([value, label]) => ({ value, label: label! }))
  .sort((a, b) => a.label.localeCompare(b.label));
