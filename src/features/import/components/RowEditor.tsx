/** Edits one flagged row's fields in place; saving checks the row again. */
import { useState } from "react";
import { IMPORT_FIELDS, type ImportKindName } from "@convex/lib/imports/fields";
import { Button } from "@/ui/Button";
import { Input } from "@/ui/Input";
import { getErrorInfo } from "@/lib/getErrorInfo";

export function RowEditor({
  kind,
  cells,
  onSave,
  onCancel,
}: {
  kind: ImportKindName;
  cells: Record<string, string>;
  onSave: (cells: Record<string, string>) => Promise<unknown>;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<Record<string, string>>(cells);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await onSave(draft);
    } catch (e) {
      setError(getErrorInfo(e).message);
      setSaving(false);
    }
  };
  return (
    <form
      aria-label="Fix this row"
      className="grid grid-cols-2 gap-2 rounded border border-slate-200 bg-slate-50 p-2 sm:grid-cols-4"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {IMPORT_FIELDS[kind].map((f) => (
        <Input key={f.field} label={f.label} value={draft[f.field] ?? ""} onChange={(e) => setDraft({ ...draft, [f.field]: e.target.value })} />
      ))}
      <div className="col-span-full flex items-center gap-2">
        <Button type="submit" variant="primary" size="sm" loading={saving}>
          Check again
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        {error ? <span className="text-xs text-red-700">{error}</span> : null}
      </div>
    </form>
  );
}
