/**
 * The whole database of a test backend, table by table, to compare before
 * and after a call: a refused call must leave every table unchanged, and an
 * allowed one's changed rows are its footprint.
 */
import type { TableNames } from "../../../convex/_generated/dataModel";
import schema from "../../../convex/schema";
import type { Backend } from "../harness";

const TABLES = Object.keys(schema.tables) as TableNames[];

export type Dump = Map<TableNames, Map<string, string>>;

export async function dump(t: Backend): Promise<Dump> {
  const tables = await t.run(async (ctx) => {
    const out: Record<string, [string, string][]> = {};
    for (const table of TABLES) {
      const rows = await ctx.db.query(table).collect();
      out[table] = rows.map((r) => [r._id as string, JSON.stringify(r)]);
    }
    return out;
  });
  return new Map(TABLES.map((t) => [t, new Map(tables[t])]));
}

export type Change = { table: TableNames; before: any; after: any; changed: string[] };

export function diff(a: Dump, b: Dump): Change[] {
  const out: Change[] = [];
  for (const table of TABLES) {
    const x = a.get(table)!;
    const y = b.get(table)!;
    for (const [id, before] of x) {
      const after = y.get(id);
      if (after === before) continue;
      out.push(change(table, JSON.parse(before), after ? JSON.parse(after) : null));
    }
    for (const [id, after] of y) if (!x.has(id)) out.push(change(table, null, JSON.parse(after)));
  }
  return out;
}

function change(table: TableNames, before: any, after: any): Change {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changed = [...keys].filter((k) => k !== "_id" && k !== "_creationTime" && JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]));
  return { table, before, after, changed };
}

/** A short description of changes, for failure messages. */
export function describe(changes: Change[]): string {
  return changes.map((c) => `${c.table}:${c.before ? (c.after ? "update" : "delete") : "insert"}`).join(", ");
}
