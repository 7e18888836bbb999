/**
 * The patch an edit form sends to a generic `update` (convex/lib/crud.ts):
 * only the fields the user changed, and `null` for an optional field they
 * emptied that had a value ("clear it"; undefined cannot travel over the wire).
 *
 *   recordPatch(fields, { name: "A", note: "x", credits: 20 }, { name: "B", credits: 20 })
 *   // -> { name: "B", note: null }
 */
import type { FieldDef, RecordValues } from "./fieldTypes";

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === "string" && v.trim() === "");
}

export function recordPatch(fields: FieldDef[], initial: RecordValues, values: RecordValues): RecordValues {
  const patch: RecordValues = {};
  for (const f of fields) {
    const before = initial[f.name];
    const after = values[f.name];
    if (f.type === "checkbox") {
      if ((before === true) !== (after === true)) patch[f.name] = after === true;
      continue;
    }
    if (isEmpty(after)) {
      if (!isEmpty(before)) patch[f.name] = null;
      continue;
    }
    if (after !== before) patch[f.name] = after;
  }
  return patch;
}
