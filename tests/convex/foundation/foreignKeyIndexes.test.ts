// @vitest-environment node
/**
 * Every foreign key is indexed: walks the schema (`convex/schema.ts`) and
 * fails for any `v.id(...)` field, optional, nullable (a union with an id) or
 * inside a nested object, that is not the first field of some index of its
 * table. Without such an index, "what still refers to this row" (delete
 * checks, cascades, a person's rows) is a scan of the whole table. An id
 * inside an array or a record cannot be indexed at all, so it fails too.
 */
import { describe, expect, test } from "vitest";
import schema from "../../../convex/schema";

type FieldType = { type: string; tableName?: string; value?: unknown; keys?: FieldType; values?: { fieldType: FieldType } };
type ObjectFields = Record<string, { fieldType: FieldType; optional: boolean }>;
type Exported = {
  tables: { tableName: string; indexes: { indexDescriptor: string; fields: string[] }[]; documentType: FieldType | null }[];
};

/** The paths of id fields under `type`; `indexable` is false below an array or a record. */
function idFields(type: FieldType, path: string, indexable: boolean, out: { path: string; indexable: boolean; table: string }[]) {
  switch (type.type) {
    case "id":
      out.push({ path, indexable, table: type.tableName! });
      break;
    case "union":
      for (const member of type.value as FieldType[]) idFields(member, path, indexable, out);
      break;
    case "object":
      for (const [name, field] of Object.entries(type.value as ObjectFields))
        idFields(field.fieldType, path ? `${path}.${name}` : name, indexable, out);
      break;
    case "array":
      idFields(type.value as FieldType, path, false, out);
      break;
    case "record":
      idFields(type.values!.fieldType, path, false, out);
      break;
  }
  return out;
}

const exported = JSON.parse(schema.export()) as Exported;

describe("foreign keys", () => {
  test("the walk sees the schema's foreign keys", () => {
    const all = exported.tables.flatMap((t) => (t.documentType ? idFields(t.documentType, "", true, []) : []));
    expect(exported.tables.length).toBeGreaterThanOrEqual(46);
    // Optional and storage ids are found, not only required ones.
    expect(all.length).toBeGreaterThan(100);
    const organisations = exported.tables.find((t) => t.tableName === "organisations")!;
    expect(idFields(organisations.documentType!, "", true, [])).toEqual([{ path: "created_by", indexable: true, table: "users" }]);
    const profiles = exported.tables.find((t) => t.tableName === "user_profiles")!;
    expect(idFields(profiles.documentType!, "", true, []).map((f) => f.path)).toContain("avatar_file_id");
  });

  test("every id field is the first field of an index of its table", () => {
    const missing: string[] = [];
    for (const table of exported.tables) {
      if (!table.documentType) continue;
      const leading = new Set(table.indexes.map((i) => i.fields[0]));
      for (const field of idFields(table.documentType, "", true, [])) {
        if (!field.indexable) missing.push(`${table.tableName}.${field.path} (an id in an array or record cannot be indexed)`);
        else if (!leading.has(field.path)) missing.push(`${table.tableName}.${field.path} -> ${field.table}`);
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });
});
