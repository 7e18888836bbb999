/**
 * What each stage of an import is called and its badge's colour: one list
 * for every place that shows an import (its summary on the Import page, the
 * import history, the integrations page's sync log), so they say the same.
 */
import type { BadgeTone } from "@/ui/Badge";
import type { ImportView } from "../hooks/useImports";

export const IMPORT_STAGE_LABELS: Record<ImportView["stage"], { label: string; tone: BadgeTone }> = {
  checking: { label: "Dry run in progress", tone: "blue" },
  checked: { label: "Checked, awaiting commit", tone: "amber" },
  committing: { label: "Committing", tone: "blue" },
  committed: { label: "Committed", tone: "green" },
  undoing: { label: "Undoing", tone: "blue" },
  undone: { label: "Undone", tone: "neutral" },
  failed: { label: "Failed", tone: "red" },
  cancelled: { label: "Cancelled", tone: "neutral" },
  refused: { label: "Refused", tone: "red" },
};
