/** Checks raw form text against field definitions: typed values, and one clear message per invalid field. */
import { rangeProblem } from "@convex/lib/inputRanges";
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
      const problem = !Number.isFinite(n) ? `${f.label} must be a number.` : f.range ? rangeProblem(n, { ...f.range, label: f.label }) : null;
      if (problem) errors[f.name] = problem;
      else values[f.name] = n;
    } else {
      values[f.name] = text;
    }
  }
  return { values, errors };
}
