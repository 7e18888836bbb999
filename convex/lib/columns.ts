/**
 * Field validators taken from the schema, so a function's arguments never
 * restate a table's columns (and cannot drift from them).
 *
 *   fields: columns("sites", ["name", "code", "address"])
 */
import type { TableNames } from "../_generated/dataModel";
import schema from "../schema";

type Tables = (typeof schema)["tables"];
type FieldsOf<T extends TableNames> = Tables[T]["validator"]["fields"];

export function columns<T extends TableNames, K extends keyof FieldsOf<T> & string>(
  table: T,
  keys: readonly K[],
): Pick<FieldsOf<T>, K> {
  const all = schema.tables[table].validator.fields as FieldsOf<T>;
  const out = {} as Pick<FieldsOf<T>, K>;
  for (const key of keys) {
    if (!(key in all)) throw new Error(`columns(): ${table} has no field ${key}`);
    out[key] = all[key];
  }
  return out;
}
