/** A human name for an audited table. */
import { entityLabels } from "./entityLabels";

export function entityLabel(table: string): string {
  return entityLabels[table] ?? table.replace(/_/g, " ");
}
