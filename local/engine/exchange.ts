// Export and import in the ZIP format of Convex snapshot exports, which
// `npx convex import` reads (and `npx convex export` writes):
//
//   README.md
//   _tables/documents.jsonl          {"name": <table>, "id": <table number>} per table
//   <table>/generated_schema.jsonl   "uniform": values are ConvexExportJSON
//   <table>/documents.jsonl          one document per line, with _id and _creationTime
//   _storage/documents.jsonl         {_id, _creationTime, sha256, size, contentType}
//   _storage/<id>[.ext]              the stored files
//
// Local ids ("<counter><table>") become Convex ids (table number + an
// internal id carrying the counter); every string that equals a document id
// (the v.id fields, and plain strings holding an id) is rewritten the same
// way, so references survive. Importing maps them back, so an export read by
// `--import` restores the same documents with the same ids; ids made by a
// Convex deployment get fresh local ids. System tables other than _storage
// (scheduled functions) are neither exported nor imported, as on Convex.
import { readFileSync, writeFileSync } from "node:fs";
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import type { Value } from "convex/values";
import { counterOfInternalId, decodeConvexId, encodeConvexId, fromExportJson, internalIdOfCounter, toExportJson } from "../storage/convexFormat.js";
import { counterOfId, makeId, tableNameFromId, type Doc } from "../storage/values.js";

/** First table number of user tables, as on a Convex deployment. */
const FIRST_TABLE_NUMBER = 10_001;
const STORAGE = "_storage";

const README = `# Snapshot export of a WorkloadWizard local backend

This ZIP has the layout of a Convex snapshot export: documents for each table
are lines of JSON in <table_name>/documents.jsonl, stored files are in
_storage/. Import it into a Convex deployment with

    npx convex import --replace-all <this file>

or into a local backend with \`npm run local -- --import <this file>\`.
`;

const EXTENSIONS: Record<string, string> = {
  "image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg", "application/pdf": ".pdf",
  "text/plain": ".txt", "text/csv": ".csv", "application/json": ".json",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
};

export type ExportSummary = { tables: number; documents: number; files: number; bytes: number };

/** Builds the ZIP from the committed documents and a reader of stored files. */
export function buildExport(documents: Iterable<Doc>, readFile: (storageId: string) => Uint8Array | null): { zip: Uint8Array; summary: ExportSummary } {
  const byTable = new Map<string, Doc[]>();
  for (const doc of documents) {
    const table = tableNameFromId(doc._id)!;
    if (table.startsWith("_") && table !== STORAGE) continue;
    let list = byTable.get(table);
    if (!list) byTable.set(table, (list = []));
    list.push(doc);
  }
  const userTables = [...byTable.keys()].filter((t) => t !== STORAGE).sort();
  const numbers = new Map<string, number>(userTables.map((t, i) => [t, FIRST_TABLE_NUMBER + i]));
  // _storage gets the next number: its ids must be valid, and unique among the export's tables.
  numbers.set(STORAGE, FIRST_TABLE_NUMBER + userTables.length);
  const toConvex = new Map<string, string>();
  for (const [table, docs] of byTable) {
    for (const d of docs) toConvex.set(d._id, encodeConvexId(numbers.get(table)!, internalIdOfCounter(counterOfId(d._id))));
  }
  const mapString = (s: string) => toConvex.get(s) ?? s;
  const files: Zippable = { "README.md": strToU8(README) };
  files["_tables/documents.jsonl"] = strToU8(userTables.map((t) => `{"name":${JSON.stringify(t)},"id":${numbers.get(t)}}\n`).join(""));
  let count = 0;
  let fileCount = 0;
  for (const table of userTables) {
    const docs = byTable.get(table)!.sort((a, b) => a._creationTime - b._creationTime);
    files[`${table}/generated_schema.jsonl`] = strToU8('"uniform"\n');
    files[`${table}/documents.jsonl`] = strToU8(docs.map((d) => `${toExportJson(d as unknown as Value, mapString)}\n`).join(""));
    count += docs.length;
  }
  const stored = byTable.get(STORAGE) ?? [];
  const lines: string[] = [];
  for (const d of stored) {
    const id = toConvex.get(d._id)!;
    const contentType = typeof d.contentType === "string" ? d.contentType : undefined;
    // Convex reads _storage metadata with an integer size.
    const size = typeof d.size === "number" ? BigInt(Math.round(d.size)) : (d.size ?? null);
    lines.push(`${toExportJson({ _id: id, _creationTime: d._creationTime, sha256: d.sha256 ?? null, size, ...(contentType ? { contentType } : {}) } as Value)}\n`);
    const bytes = readFile(d._id);
    if (bytes) {
      files[`${STORAGE}/${id}${contentType ? (EXTENSIONS[contentType] ?? "") : ""}`] = [bytes, { level: 0 }];
      fileCount += 1;
    }
  }
  if (stored.length > 0) files[`${STORAGE}/documents.jsonl`] = strToU8(lines.join(""));
  const zip = zipSync(files, { level: 6 });
  return { zip, summary: { tables: userTables.length, documents: count + stored.length, files: fileCount, bytes: zip.byteLength } };
}

export function writeExport(path: string, documents: Iterable<Doc>, readFile: (storageId: string) => Uint8Array | null): ExportSummary {
  const { zip, summary } = buildExport(documents, readFile);
  writeFileSync(path, zip);
  return summary;
}

export type ImportedData = {
  documents: Doc[];
  files: Array<{ storageId: string; bytes: Uint8Array; contentType: string | null }>;
  nextDocId: number;
  lastCreationTime: number;
};

/**
 * Reads a snapshot ZIP (ours or one from `npx convex export`) into local
 * documents. `firstCounter` is where fresh local ids start.
 */
export function readImport(zipBytes: Uint8Array, firstCounter = 10_000): ImportedData {
  const entries = unzipSync(zipBytes);
  const tables = new Map<string, { lines: string[]; uniform: boolean }>();
  for (const [name, data] of Object.entries(entries)) {
    if (name.includes("_components/")) throw new Error(`${name}: components are not supported by the local backend`);
    const m = /(?:^|\/)([^/]+)\/documents\.jsonl$/.exec(name);
    if (m) {
      const table = m[1];
      if (table === "_tables" || (table.startsWith("_") && table !== STORAGE)) continue;
      const schema = Object.entries(entries).find(([n]) => n.endsWith(`${table}/generated_schema.jsonl`))?.[1];
      const uniform = table === STORAGE || (schema !== undefined && strFromU8(schema).trim().split("\n")[0] === '"uniform"');
      tables.set(table, { lines: strFromU8(data).split("\n").filter((l) => l.trim() !== ""), uniform });
    }
  }
  // First pass: every document's Convex id -> a local id.
  let next = firstCounter;
  const used = new Set<number>();
  const plans: Array<{ table: string; convexId: string; counter: number | null }> = [];
  for (const [table, { lines }] of tables) {
    for (const line of lines) {
      const idMatch = /"_id"\s*:\s*"([^"]+)"/.exec(line);
      if (!idMatch) throw new Error(`A document of ${table} has no _id`);
      const decoded = decodeConvexId(idMatch[1]);
      const counter = decoded ? counterOfInternalId(decoded.internalId) : null;
      if (counter !== null) used.add(counter);
      plans.push({ table, convexId: idMatch[1], counter });
    }
  }
  const toLocal = new Map<string, string>();
  for (const p of plans) {
    let counter = p.counter;
    if (counter === null) {
      while (used.has(next)) next++;
      counter = next;
      used.add(next);
    }
    toLocal.set(p.convexId, makeId(counter, p.table));
  }
  const mapString = (s: string) => toLocal.get(s) ?? s;
  const toConvex = new Map([...toLocal].map(([convex, local]) => [local, convex]));
  const documents: Doc[] = [];
  const files: ImportedData["files"] = [];
  let lastCreationTime = 0;
  for (const [table, { lines, uniform }] of tables) {
    for (const line of lines) {
      const raw = fromExportJson(line, uniform, mapString) as Record<string, Value>;
      const creation = Number(raw._creationTime);
      if (!Number.isFinite(creation)) throw new Error(`A document of ${table} has no _creationTime`);
      lastCreationTime = Math.max(lastCreationTime, creation);
      if (table === STORAGE) {
        const { _id, _creationTime, sha256, size, contentType } = raw as Record<string, Value>;
        void _creationTime;
        const doc = { _id: _id as string, _creationTime: creation, sha256, size: typeof size === "bigint" ? Number(size) : size, ...(contentType ? { contentType } : {}) } as Doc;
        documents.push(doc);
        const convexId = toConvex.get(doc._id)!;
        const file = Object.entries(entries).find(([n]) => new RegExp(`(^|/)_storage/${convexId}(\\.[^/]+)?$`).test(n));
        if (file) files.push({ storageId: doc._id, bytes: file[1], contentType: typeof contentType === "string" ? contentType : null });
        continue;
      }
      documents.push({ ...raw, _id: raw._id as string, _creationTime: creation } as Doc);
    }
  }
  const maxCounter = Math.max(firstCounter - 1, ...used);
  return { documents, files, nextDocId: maxCounter + 1, lastCreationTime };
}

export function readImportFile(path: string, firstCounter?: number): ImportedData {
  return readImport(new Uint8Array(readFileSync(path)), firstCounter);
}
