/** A form generated from field definitions, with per-field messages and the server's refusal. */
import { inputAttributes } from "@convex/lib/inputRanges";
import { useState, type FormEvent } from "react";
import { Button } from "@/ui/Button";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import { getErrorInfo } from "@/lib/getErrorInfo";
import type { FieldDef, RecordValues } from "../utils/fieldTypes";
import { validateRecord } from "../utils/validateRecord";

function toText(v: unknown): string | boolean {
  if (typeof v === "boolean") return v;
  if (v === undefined || v === null) return "";
  return String(v);
}

export function RecordForm({
  fields,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  fields: FieldDef[];
  initial?: RecordValues;
  submitLabel: string;
  onSubmit: (v: RecordValues) => Promise<void>;
  onCancel: () => void;
}) {
  const [raw, setRaw] = useState<Record<string, string | boolean>>(() =>
    Object.fromEntries(fields.map((f) => [f.name, toText(initial?.[f.name] ?? (f.type === "checkbox" ? false : ""))])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: string, v: string | boolean) => setRaw((r) => ({ ...r, [name]: v }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { values, errors: errs } = validateRecord(fields, raw);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setServerError(null);
    try {
      await onSubmit(values);
    } catch (err) {
      setServerError(getErrorInfo(err).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="grid grid-cols-2 gap-3">
      {fields.map((f) => {
        const error = errors[f.name];
        if (f.type === "checkbox") {
          return (
            <label key={f.name} className="col-span-2 flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={raw[f.name] === true}
                onChange={(e) => set(f.name, e.target.checked)}
                className="h-4 w-4 rounded border-slate-300"
              />
              {f.label}
            </label>
          );
        }
        if (f.type === "select") {
          return (
            <Select
              key={f.name}
              error={error}
              label={f.label}
              placeholder={f.required ? "Choose…" : "None"}
              options={f.options ?? []}
              value={String(raw[f.name] ?? "")}
              onChange={(e) => set(f.name, e.target.value)}
            />
          );
        }
        if (f.type === "textarea") {
          return (
            <div key={f.name} className="col-span-2 flex flex-col gap-1">
              <label className="text-xs font-medium text-slate-600" htmlFor={`f-${f.name}`}>
                {f.label}
              </label>
              <textarea
                id={`f-${f.name}`}
                rows={3}
                className="rounded-md border border-slate-300 px-2.5 py-1.5 text-sm"
                value={String(raw[f.name] ?? "")}
                onChange={(e) => set(f.name, e.target.value)}
              />
            </div>
          );
        }
        return (
          <Input
            key={f.name}
            error={error}
            label={f.label}
            hint={f.hint}
            type={f.type === "number" ? "number" : f.type === "date" ? "date" : "text"}
            step={f.step ?? (f.range ? inputAttributes(f.range).step : undefined)}
            min={f.range?.min}
            max={f.range?.max}
            value={String(raw[f.name] ?? "")}
            onChange={(e) => set(f.name, e.target.value)}
          />
        );
      })}
      {serverError && (
        <p role="alert" className="col-span-2 text-sm text-red-600">
          {serverError}
        </p>
      )}
      <div className="col-span-2 flex justify-end gap-2 pt-1">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" loading={busy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
