/**
 * An audit row's change as field lines: old -> new, from the JSON the audit
 * trigger stores (only the changed fields). Bookkeeping fields are skipped.
 */
import { formatDateTime } from "@/lib/formatDateTime";

export type AuditRow = {
  _id: string;
  entity_type: string;
  entity_id: string;
  action: "create" | "update" | "delete" | "soft_delete" | "restore";
  old_values?: string;
  new_values?: string;
  changed_fields: string[];
  user_name?: string;
  user_id?: string;
  created_at: number;
};

export type DiffLine = { field: string; before: string; after: string };

const HIDDEN = new Set(["updated_at", "created_at", "version", "organisation_id", "_creationTime"]);

function parse(json?: string): Record<string, unknown> {
  if (!json) return {};
  try {
    const v = JSON.parse(json);
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function show(v: unknown, field = ""): string {
  if (v === undefined || v === null) return "—";
  if (typeof v === "number" && field.endsWith("_at")) return formatDateTime(v);
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function diffAudit(row: AuditRow): DiffLine[] {
  const before = parse(row.old_values);
  const after = parse(row.new_values);
  const fields = row.changed_fields.length ? row.changed_fields : [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .filter((f) => !HIDDEN.has(f))
    .map((field) => ({ field, before: show(before[field], field), after: show(after[field], field) }));
}
