// @vitest-environment node
/**
 * Every foreign key is indexed: walks the schema (`convex/schema.ts`: each
 * table's validator and indexes) and
 * fails for any `v.id(...)` field, optional, nullable (a union with an id) or
 * inside a nested object, that is not the first field of some index of its
 * table. Without such an index, "what still refers to this row" (delete
 * checks, cascades, a person's rows) is a scan of the whole table. An id
 * inside an array or a record cannot be indexed at all, so it fails too.
 */
import type { GenericValidator } from "convex/values";
import { describe, expect, test } from "vitest";
import schema from "../../../convex/schema";

type IdField = { path: string; indexable: boolean; table: string };

/** The id fields under `validator`; `indexable` is false below an array or a record. */
function idFields(validator: GenericValidator, path = "", indexable = true, out: IdField[] = []): IdField[] {
  switch (validator.kind) {
    case "id":
      out.push({ path, indexable, table: validator.tableName });
      break;
    case "union":
      for (const member of validator.members) idFields(member, path, indexable, out);
      break;
    case "object":
      for (const [name, field] of Object.entries(validator.fields))
        idFields(field as GenericValidator, path ? `${path}.${name}` : name, indexable, out);
      break;
    case "array":
      idFields(validator.element, path, false, out);
      break;
    case "record":
      idFields(validator.value, path, false, out);
      break;
  }
  return out;
}

const tables = Object.entries(schema.tables).map(([name, table]) => ({
  name,
  fields: idFields(table.validator as GenericValidator),
  leading: new Set(table[" indexes"]().map((i) => i.fields[0])),
}));

describe("foreign keys", () => {
  test("the walk sees the schema's foreign keys", () => {
    expect(tables.length).toBeGreaterThanOrEqual(46);
    // Optional and storage ids are found, not only required ones.
    expect(tables.flatMap((t) => t.fields).length).toBeGreaterThan(100);
    expect(tables.find((t) => t.name === "organisations")!.fields).toEqual([
      { path: "created_by", indexable: true, table: "users" },
    ]);
    expect(tables.find((t) => t.name === "user_profiles")!.fields).toContainEqual({
      path: "avatar_file_id",
      indexable: true,
      table: "_storage",
    });
  });

  test("every id field is the first field of an index of its table", () => {
    const missing: string[] = [];
    for (const table of tables)
      for (const field of table.fields) {
        if (!field.indexable) missing.push(`${table.name}.${field.path} (an id in an array or record cannot be indexed)`);
        else if (!table.leading.has(field.path)) missing.push(`${table.name}.${field.path} -> ${field.table}`);
      }
    expect([...new Set(missing)]).toEqual([]);
  });
});
