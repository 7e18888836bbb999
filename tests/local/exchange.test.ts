// Moving data to Convex: `--export FILE` writes the ZIP layout of a Convex
// snapshot export (what `npx convex import` reads), with Convex ids and
// references rewritten to them; `--import FILE` reads it back into a fresh
// data directory with the same documents, ids, creation times and files.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { decodeConvexId } from "../../local/storage/convexFormat.js";
import { api, FIXTURE_FUNCTIONS, newHttpClient, startBackend, tempDataDir, type RunningBackend } from "./helpers.js";

const running: RunningBackend[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.kill();
});

function exportTo(dataDir: string, file: string): string {
  return execFileSync(process.execPath, ["--import", "tsx", "local/cli/local.ts", "--functions", FIXTURE_FUNCTIONS, "--data", dataDir, "--export", file], { encoding: "utf8" });
}

type ListResult = { msgs: Array<{ _id: string; _creationTime: number; body: string; author: string }> };

describe("export and import", () => {
  it("writes Convex's snapshot ZIP and reads it back to the same documents", async () => {
    const dataDir = tempDataDir();
    const first = await startBackend({ dataDir });
    running.push(first);
    const http = newHttpClient(first.url);
    for (let i = 0; i < 5; i++) await http.mutation(api.messages.send, { body: `hello ${i} ü`, author: "x" });
    await http.mutation(api.items.addMany, { ns: [1, 2.5, -0, 1e21] });
    const upload = await fetch(`${first.url}/api/storage/upload`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "file body" });
    const { storageId } = (await upload.json()) as { storageId: string };
    await http.mutation(api.files.save, { storageId, name: "note.txt" });
    const before = (await http.query(api.messages.list, {})) as ListResult;

    // Export from the live data directory (read only).
    const file = join(tempDataDir(), "snapshot.zip");
    // The fixture's cron writes `events` too; the rest is ours.
    const exported = /Exported (\d+) documents of (\d+) tables and 1 files/.exec(exportTo(dataDir, file));
    expect(exported).not.toBeNull();
    const zip = unzipSync(new Uint8Array(readFileSync(file)));
    expect(Object.keys(zip).sort()).toEqual(expect.arrayContaining([
      "README.md", "_tables/documents.jsonl", "messages/documents.jsonl", "messages/generated_schema.jsonl",
      "items/documents.jsonl", "files/documents.jsonl", "_storage/documents.jsonl",
    ]));
    const tables = strFromU8(zip["_tables/documents.jsonl"]).trim().split("\n").map((l) => JSON.parse(l) as { name: string; id: number });
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["files", "items", "messages"]));
    expect(tables.map((t) => t.name)).toEqual([...tables.map((t) => t.name)].sort());
    expect(strFromU8(zip["messages/generated_schema.jsonl"]).trim()).toBe('"uniform"');
    // Ids are Convex ids of the table's number; floats keep their decimal point.
    const messages = strFromU8(zip["messages/documents.jsonl"]).trim().split("\n");
    const firstMessage = JSON.parse(messages[0]) as { _id: string };
    expect(decodeConvexId(firstMessage._id)?.tableNumber).toBe(tables.find((t) => t.name === "messages")!.id);
    expect(strFromU8(zip["items/documents.jsonl"])).toMatch(/"n":1\.0[,}]/);
    expect(strFromU8(zip["items/documents.jsonl"])).toMatch(/"n":-0\.0[,}]/);
    // A reference to a stored file points at the _storage document's Convex id, and the file is there.
    const fileDoc = JSON.parse(strFromU8(zip["files/documents.jsonl"]).trim()) as { storageId: string };
    const storageDoc = JSON.parse(strFromU8(zip["_storage/documents.jsonl"]).trim()) as { _id: string; size: number; contentType: string };
    expect(fileDoc.storageId).toBe(storageDoc._id);
    expect(storageDoc).toMatchObject({ size: 9, contentType: "text/plain" });
    expect(strFromU8(zip[`_storage/${storageDoc._id}.txt`])).toBe("file body");

    // Read back into a fresh directory: the same documents, ids and files.
    const second = await startBackend({ dataDir: tempDataDir(), extraArgs: ["--import", file] });
    running.push(second);
    expect(second.output()).toContain(`Imported ${exported![1]} documents and 1 files`);
    const http2 = newHttpClient(second.url);
    expect((await http2.query(api.messages.list, {})) as ListResult).toEqual(before);
    const files = (await http2.query(api.files.list, {})) as Array<{ name: string; url: string }>;
    expect(await (await fetch(files[0].url)).text()).toBe("file body");
    // And the import exports to the very same ZIP contents.
    const again = join(tempDataDir(), "again.zip");
    exportTo(second.dataDir, again);
    const zip2 = unzipSync(new Uint8Array(readFileSync(again)));
    for (const name of Object.keys(zip).filter((n) => !n.startsWith("events/") && n !== "_tables/documents.jsonl")) {
      expect(strFromU8(zip2[name]), name).toBe(strFromU8(zip[name]));
    }
    // New ids continue after the imported ones.
    const id = (await http2.mutation(api.messages.send, { body: "new", author: "y" })) as string;
    expect(before.msgs.map((m) => m._id)).not.toContain(id);
  });

  it("refuses to import over existing data unless --reset", async () => {
    const dataDir = tempDataDir();
    const b = await startBackend({ dataDir });
    running.push(b);
    await newHttpClient(b.url).mutation(api.messages.send, { body: "keep", author: "k" });
    const file = join(tempDataDir(), "s.zip");
    exportTo(dataDir, file);
    await b.stop();
    await expect(startBackend({ dataDir, extraArgs: ["--import", file] })).rejects.toThrow(/not empty/);
    const replaced = await startBackend({ dataDir, extraArgs: ["--reset", "--import", file] });
    running.push(replaced);
    expect(await newHttpClient(replaced.url).query(api.messages.count, {})).toBe(1);
  });
});
