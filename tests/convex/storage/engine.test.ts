/**
 * The storage engine on its own (local/storage), in the edge runtime the
 * convex project uses: index ranges in Convex's order, pagination cursors,
 * range-level read sets that a commit touches only where it wrote, snapshot
 * reads that never wait for a writer, commits that publish nothing when
 * they cannot be made durable, and tables loaded at start-up whose index
 * trees are built on first use yet answer as if built at load.
 */
import { describe, expect, test } from "vitest";
import { convexToJson } from "convex/values";
import { StorageEngine, type Transaction } from "../../../local/storage/database";
import type { QueryJson } from "../../../local/storage/query";
import { ReadSetIndex } from "../../../local/storage/readSet";
import type { Doc } from "../../../local/storage/values";

const schema = new Map([
  ["rows", { indexes: [{ name: "by_group_and_n", fields: ["group", "n"] }], searchIndexes: [] }],
  ["other", { indexes: [], searchIndexes: [] }],
]);

function engine() {
  return new StorageEngine({ schema });
}

async function insert(e: StorageEngine, table: string, fields: Record<string, unknown>): Promise<string> {
  let id = "";
  await e.writeDirect((tx) => {
    const f = e.newDocument(table);
    tx.put(table, f._id, { ...fields, ...f } as Doc);
    id = f._id;
  });
  return id;
}

function range(group: string, bounds: Array<{ type: "Gt" | "Gte" | "Lt" | "Lte"; n: number }> = [], order: "asc" | "desc" = "asc"): QueryJson {
  return {
    source: {
      type: "IndexRange",
      indexName: "rows.by_group_and_n",
      range: [{ type: "Eq", fieldPath: "group", value: group }, ...bounds.map((b) => ({ type: b.type, fieldPath: "n", value: convexToJson(b.n) }))],
      order,
    },
    operators: [],
  };
}

function collect(tx: Transaction, q: QueryJson): Doc[] {
  const s = tx.openQuery(q);
  const out: Doc[] = [];
  for (let d = s.next(); d !== null; d = s.next()) out.push(d);
  return out;
}

async function seed(e: StorageEngine) {
  for (let n = 0; n < 10; n++) {
    await insert(e, "rows", { group: "a", n });
    await insert(e, "rows", { group: "b", n });
  }
}

describe("index ranges", () => {
  test("equality prefix and bounds, both orders, in Convex's order", async () => {
    const e = engine();
    await seed(e);
    await insert(e, "rows", { group: "a", n: null }); // null sorts before numbers
    const tx = e.beginRead();
    expect(collect(tx, range("a", [{ type: "Gte", n: 3 }, { type: "Lt", n: 6 }])).map((d) => d.n)).toEqual([3, 4, 5]);
    expect(collect(tx, range("a", [{ type: "Gt", n: 7 }], "desc")).map((d) => d.n)).toEqual([9, 8]);
    expect(collect(tx, range("a", [{ type: "Lte", n: 1 }])).map((d) => d.n)).toEqual([null, 0, 1]);
    expect(collect(tx, range("b")).length).toBe(10);
    expect(collect(tx, range("c")).length).toBe(0);
    // A full scan is creation order.
    const all = collect(tx, { source: { type: "FullTableScan", tableName: "rows", order: "desc" }, operators: [{ limit: 3 }] });
    expect(all.map((d) => d.n)).toEqual([null, 9, 9]);
    // Filters apply before the limit.
    const filtered = collect(tx, {
      ...range("a"),
      operators: [{ filter: { $gt: [{ $field: "n" }, { $literal: convexToJson(6) }] } }, { limit: 2 }],
    });
    expect(filtered.map((d) => d.n)).toEqual([7, 8]);
  });

  test("pages cover the range exactly once and a page re-run to its end cursor keeps its rows", async () => {
    const e = engine();
    await seed(e);
    const seen: unknown[] = [];
    let cursor: string | null = null;
    const ends: string[] = [];
    for (;;) {
      const page = e.beginRead().paginate({ query: range("b"), cursor, pageSize: 3 });
      seen.push(...page.page.map((d) => d.n));
      ends.push(page.continueCursor);
      if (page.isDone) break;
      cursor = page.continueCursor;
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Rows inserted inside the first page stay in it when it is re-run up to its end.
    await insert(e, "rows", { group: "b", n: 1.5 });
    const again = e.beginRead().paginate({ query: range("b"), cursor: null, endCursor: ends[0], pageSize: 3 });
    expect(again.page.map((d) => d.n)).toEqual([0, 1, 1.5, 2]);
    expect(again.continueCursor).toBe(ends[0]);
  });
});

describe("read sets", () => {
  test("a commit touches a query only where it wrote", async () => {
    const e = engine();
    await seed(e);
    const tx = e.beginRead();
    collect(tx, range("a", [{ type: "Gte", n: 2 }, { type: "Lte", n: 4 }]));
    const index = new ReadSetIndex<string>();
    index.set("q", tx.readSet);
    const touched: boolean[] = [];
    e.onCommit((record) => touched.push(index.touched(record.changes, (t) => e.indexFieldsOf(t)).has("q")));
    await insert(e, "rows", { group: "a", n: 8 }); // outside the range
    await insert(e, "rows", { group: "b", n: 3 }); // other prefix
    await insert(e, "other", { x: 1 }); // other table
    await insert(e, "rows", { group: "a", n: 3.5 }); // inside
    expect(touched).toEqual([false, false, false, true]);
  });

  test("first() reads one key: rows after it do not touch it, rows before it do", async () => {
    const e = engine();
    await seed(e);
    const tx = e.beginRead();
    expect(tx.openQuery(range("a", [{ type: "Gte", n: 5 }])).next()?.n).toBe(5);
    const index = new ReadSetIndex<string>();
    index.set("first", tx.readSet);
    const hits: boolean[] = [];
    e.onCommit((record) => hits.push(index.touched(record.changes, (t) => e.indexFieldsOf(t)).has("first")));
    await insert(e, "rows", { group: "a", n: 7 });
    await insert(e, "rows", { group: "a", n: 5.5 });
    await insert(e, "rows", { group: "a", n: 4.5 }); // below the range
    await insert(e, "rows", { group: "a", n: 5 }); // ties sort by creation time: after the first
    expect(hits).toEqual([false, false, false, false]);
    // Moving the row that was read is a write to what it read.
    const first = tx.openQuery(range("a", [{ type: "Gte", n: 5 }])).next()!;
    await e.writeDirect((w) => w.put("rows", first._id, { ...first, n: 100 }));
    expect(hits).toEqual([false, false, false, false, true]);
  });
});

describe("transactions", () => {
  test("a reader keeps its snapshot and does not wait for a writer holding the lock", async () => {
    const e = engine();
    await seed(e);
    const writer = await e.beginWrite();
    const f = e.newDocument("rows");
    writer.put("rows", f._id, { group: "a", n: 42, ...f } as Doc);
    // The writer holds the lock; a read starts and finishes meanwhile and sees the committed state.
    const reader = e.beginRead();
    expect(collect(reader, range("a")).length).toBe(10);
    // The writer sees its own pending write.
    expect(collect(writer, range("a")).length).toBe(11);
    e.commit(writer);
    expect(collect(reader, range("a")).length).toBe(10);
    expect(collect(e.beginRead(), range("a")).length).toBe(11);
    // The next writer waited for the lock and starts on the new version.
    const next = await e.beginWrite();
    expect(collect(next, range("a")).length).toBe(11);
    e.end(next);
  });

  test("nested layers roll back alone", async () => {
    const e = engine();
    const tx = await e.beginWrite();
    const a = e.newDocument("rows");
    tx.put("rows", a._id, { group: "x", n: 1, ...a } as Doc);
    tx.pushLayer();
    const b = e.newDocument("rows");
    tx.put("rows", b._id, { group: "x", n: 2, ...b } as Doc);
    expect(collect(tx, range("x")).length).toBe(2);
    tx.rollbackLayer();
    expect(collect(tx, range("x")).map((d) => d.n)).toEqual([1]);
    e.commit(tx);
    expect(collect(e.beginRead(), range("x")).map((d) => d.n)).toEqual([1]);
  });

  test("a commit that cannot be persisted publishes nothing, and the next one goes through", async () => {
    const e = engine();
    await seed(e);
    const before = e.snapshot();
    let fail = true;
    e.persist = () => {
      if (fail) throw new Error("ENOSPC: no space left on device");
    };
    await expect(insert(e, "rows", { group: "a", n: 99 })).rejects.toThrow(/ENOSPC/);
    expect(e.snapshot()).toBe(before);
    expect(collect(e.beginRead(), range("a")).length).toBe(10);
    fail = false;
    await insert(e, "rows", { group: "a", n: 99 });
    expect(collect(e.beginRead(), range("a")).length).toBe(11);
  });

  test("a cursor keeps walking the version it started on while its own transaction writes", async () => {
    const e = engine();
    await seed(e);
    const tx = await e.beginWrite();
    const s = tx.openQuery(range("a"));
    const seen: unknown[] = [];
    for (let d = s.next(); d !== null; d = s.next()) {
      seen.push(d.n);
      const f = e.newDocument("rows");
      tx.put("rows", f._id, { group: "a", n: 100 + (d.n as number), ...f } as Doc);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(collect(tx, range("a")).length).toBe(20);
    e.end(tx);
  });

  test("an engine restored from another goes on alone: writes on either side stay on that side", async () => {
    const template = engine();
    await seed(template);
    const copy = engine();
    copy.restoreFrom(template);
    expect(collect(copy.beginRead(), range("a")).length).toBe(10);
    // The copy makes the same ids the template would have made next.
    const id = await insert(copy, "rows", { group: "a", n: 50 });
    expect(template.newDocument("rows")._id).toBe(id);
    expect(collect(copy.beginRead(), range("a")).length).toBe(11);
    expect(collect(template.beginRead(), range("a")).length).toBe(10);
    await insert(template, "rows", { group: "a", n: 60 });
    await insert(template, "rows", { group: "a", n: 61 });
    expect(collect(copy.beginRead(), range("a")).map((d) => d.n)).toContain(50);
    expect(collect(copy.beginRead(), range("a")).length).toBe(11);
    expect(collect(template.beginRead(), range("a")).length).toBe(12);
  });
});

describe("tables loaded at start-up", () => {
  test("build an index on first use, with the writes made before it and after, each version its own", async () => {
    const e = engine();
    const docs: Doc[] = [];
    for (let n = 0; n < 50; n++) {
      const f = e.newDocument("rows");
      docs.push({ group: n % 2 ? "a" : "b", n: 49 - n, ...f } as Doc);
    }
    e.load(docs, {});
    const loaded = e.snapshot();
    const table = loaded.tables.get("rows")!;
    expect(table.unbuiltIndexes().sort()).toEqual(["by_creation_time", "by_group_and_n"]);
    // A write before the index is built: the new version builds it with the row, the loaded one without.
    const id = await insert(e, "rows", { group: "a", n: 0.5 });
    await e.writeDirect((tx) => tx.put("rows", docs[1]._id, null)); // n 48, group a
    const after = e.beginRead();
    expect(collect(after, range("a", [{ type: "Lt", n: 4 }])).map((d) => d.n)).toEqual([0, 0.5, 2]);
    expect(collect(after, range("a", [{ type: "Gt", n: 45 }])).map((d) => d.n)).toEqual([46]);
    expect(collect(e.beginRead(loaded), range("a", [{ type: "Gt", n: 45 }])).map((d) => d.n)).toEqual([46, 48]);
    expect(table.unbuiltIndexes()).toEqual(["by_creation_time"]);
    // Built now: later writes keep it in step, and a later version shares it instead of building it again.
    await e.writeDirect((tx) => tx.put("rows", id, null));
    const latest = e.snapshot().tables.get("rows")!;
    expect(latest.unbuiltIndexes()).toEqual(["by_creation_time"]);
    expect(collect(e.beginRead(), range("a", [{ type: "Lt", n: 4 }])).map((d) => d.n)).toEqual([0, 2]);
    expect(collect(e.beginRead(), range("b")).length).toBe(25);
  });
  test("a table only written builds no index until a read needs one, and the read sees every write", async () => {
    const e = engine();
    for (let n = 0; n < 30; n++) await insert(e, "rows", { group: n % 3 ? "a" : "b", n: 29 - n });
    expect(e.snapshot().tables.get("rows")!.unbuiltIndexes().sort()).toEqual(["by_creation_time", "by_group_and_n"]);
    // A transaction's own writes are in the index it builds for its query.
    await e.writeDirect((tx) => {
      const f = e.newDocument("rows");
      tx.put("rows", f._id, { group: "b", n: -1, ...f } as Doc);
      expect(collect(tx, range("b", [{ type: "Lt", n: 5 }])).map((d) => d.n)).toEqual([-1, 2]);
    });
    expect(collect(e.beginRead(), range("b")).map((d) => d.n)).toEqual([-1, 2, 5, 8, 11, 14, 17, 20, 23, 26, 29]);
    expect(collect(e.beginRead(), range("a", [{ type: "Gt", n: 25 }])).map((d) => d.n)).toEqual([27, 28]);
  });
  test("a row rewritten many times in one transaction is indexed as its last write, and readers of earlier versions keep theirs", async () => {
    const e = engine();
    const ids: string[] = [];
    for (let n = 0; n < 10; n++) ids.push(await insert(e, "rows", { group: "a", n }));
    expect(collect(e.beginRead(), range("a")).length).toBe(10); // builds the index
    const before = e.beginRead();
    await e.writeDirect((tx) => {
      // Row 0 moves through keys, ending in group b at 100; row 1 is rewritten in place; row 2 is deleted.
      for (let k = 1; k <= 20; k++) tx.put("rows", ids[0], { ...tx.get(ids[0])!, n: k * 5 });
      tx.put("rows", ids[0], { ...tx.get(ids[0])!, group: "b", n: 100 });
      for (let k = 0; k < 5; k++) tx.put("rows", ids[1], { ...tx.get(ids[1])!, label: `v${k}` });
      tx.put("rows", ids[2], null);
      // Read mid-transaction: the index shows the writes so far, then goes on being written.
      expect(collect(tx, range("a", [{ type: "Lt", n: 3 }])).map((d) => [d.n, d.label ?? null])).toEqual([[1, "v4"]]);
      const f = e.newDocument("rows");
      tx.put("rows", f._id, { group: "a", n: 2.5, ...f } as Doc);
      tx.put("rows", f._id, null);
      tx.put("rows", ids[3], { ...tx.get(ids[3])!, n: -3 });
    });
    expect(collect(e.beginRead(), range("a")).map((d) => d.n)).toEqual([-3, 1, 4, 5, 6, 7, 8, 9]);
    expect(collect(e.beginRead(), range("b")).map((d) => d.n)).toEqual([100]);
    expect(collect(e.beginRead(), range("a", [{ type: "Lt", n: 2 }]))[1].label).toBe("v4");
    expect(collect(before, range("a")).map((d) => d.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(collect(before, range("b"))).toEqual([]);
  });
});
