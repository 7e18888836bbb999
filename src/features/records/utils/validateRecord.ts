/** Checks raw form text against field definitions: typed values, and one clear message per invalid field. */
import type { FieldDef, RecordValues } from "./fieldTypes";

export function validateRecord(
  fields: FieldDef[],
  raw: Record<string, string | boolean>,
): { values: RecordValues; errors: Record<string, string> } {
  const values: RecordValues = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const v = raw[f.name];
    if (f.type === "checkbox") {
      values[f.name] = v === true;
      continue;
    }
    const text = typeof v === "string" ? v.trim() : "";
    if (text === "") {
      if (f.required) errors[f.name] = `${f.label} is required.`;
      continue;
    }
    if (f.type === "number") {
      const n = Number(text);
      if (!Number.isFinite(n)) errors[f.name] = `${f.label} must be a number.`;
      else if (f.min !== undefined && n < f.min) errors[f.name] = `${f.label} must be at least ${f.min}.`;
      else if (f.max !== undefined && n > f.max) errors[f.name] = `${f.label} must be at most ${f.max}.`;
      else values[f.name] = n;
    } else {
      values[f.name] = text;
    }
  }
  return { values, errors };
}
