// @vitest-environment node
/**
 * Every foreign key is indexed: walks the schema (`convex/schema.ts`: each
 * table's validator and indexes) and fails for any `v.id(...)` column,
 * optional or nullable (a union with an id), that is not the first field of
 * some index of its table. Without such an index, "what still refers to this
 * row" (delete checks, cascades, a person's rows) is a scan of the whole
 * table. Ids deeper in a row (inside an object, an array or a record) are
 * values the row carries, such as a report's parameters, rather than its
 * columns: each place that holds them is named below with the reason, so a
 * new one is a decision, not an accident.
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

/** Where a row holds ids below its columns without an index, and why. */
const NESTED_REFERENCES: Record<string, string> = {
  "workload_reports.filters": "the parameters a report was run with",
  "workload_reports.files": "the files a report produced, deleted with the report",
  "report_templates.filters": "a template's saved parameters",
  "scheduled_reports.recipients": "the people and roles a schedule sends to (an array)",
  "email_deliveries.event_ids": "the notices one email summarises (an array)",
  "iteration_coverage.groups": "a derived copy of the iteration's groups, rebuilt by its trigger",
  "iteration_coverage.shares": "a derived copy of the iteration's allocations' shares, rebuilt by its trigger",
  "allocation_suggestion_runs.settings": "the department and iterations a suggestion run was asked for",
  "allocation_suggestion_runs.result": "the per-lecturer before/after figures a run proposed",
  "allocation_suggestion_lines.parts": "the allocation types one proposed line is made of",
  "allocation_suggestion_lines.allocation_ids": "the allocations that accepting a line created",
};

const isColumn = (f: IdField) => f.indexable && !f.path.includes(".");

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

  test("every id column is the first field of an index of its table", () => {
    const missing: string[] = [];
    for (const table of tables)
      for (const field of table.fields.filter(isColumn))
        if (!table.leading.has(field.path)) missing.push(`${table.name}.${field.path} -> ${field.table}`);
    expect([...new Set(missing)]).toEqual([]);
  });

  test("ids below the columns sit only where a reason is given", () => {
    const unexplained: string[] = [];
    const used = new Set<string>();
    for (const table of tables)
      for (const field of table.fields.filter((f) => !isColumn(f))) {
        const path = `${table.name}.${field.path}`;
        if (table.leading.has(field.path)) continue; // indexed on the nested path
        const place = Object.keys(NESTED_REFERENCES).find((p) => path === p || path.startsWith(`${p}.`));
        if (place) used.add(place);
        else unexplained.push(`${path} -> ${field.table}${field.indexable ? "" : " (in an array or record)"}`);
      }
    expect([...new Set(unexplained)]).toEqual([]);
    // A place that no longer holds ids leaves the list.
    expect(Object.keys(NESTED_REFERENCES).filter((p) => !used.has(p))).toEqual([]);
  });
});
