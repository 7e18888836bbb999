// Full text search as Convex does it, as a pure function over documents.
//
// convex-test matches a query term when it is a prefix of a space-separated
// word and returns hits in insertion order. Convex (crates/search, on
// Tantivy) instead:
//  - tokenises with Tantivy's SimpleTokenizer (runs of letters and digits, so
//    punctuation splits words), drops tokens of 32 bytes or more, lowercases;
//  - takes at most 16 query terms; the last one matches as a prefix
//    ("r" finds "rabbit"), the others exactly;
//  - keeps documents matching any term, scores them with BM25 over the whole
//    index and keeps the best 1,024 (newest first among equal scores);
//  - orders those by its ranking criteria, one after the other: how many of
//    the query's leading terms match, how many terms match, how close the
//    matches are in the query's order, how many match exactly; ties go to
//    the newest document.
// Filter fields (`.eq(field, value)`) restrict the candidates first.
//
// Nothing here knows about convex-test or the engine's storage: it takes the
// table's documents and returns the ranked hits, so another storage engine
// can call it unchanged.
import { compareValues, type Value } from "convex/values";

/** A document as stored: fields plus `_id` and `_creationTime`. */
export type SearchableDocument = Record<string, unknown> & { _id: string; _creationTime: number };

export type SearchIndexDefinition = { indexDescriptor: string; searchField: string; filterFields: string[] };

export type SearchQuery = {
  /** The field and text of the `.search(field, text)` expression. */
  searchField: string;
  text: string;
  /** `.eq(field, value)` expressions; `undefined` matches a missing field. */
  equalities: Array<{ fieldPath: string; value: Value | undefined }>;
};

export const MAX_QUERY_TERMS = 16;
export const MAX_FILTER_CONDITIONS = 8;
/** Search queries consider at most this many documents (Convex's MAX_CANDIDATE_REVISIONS). */
export const MAX_CANDIDATES = 1024;
/** Tokens of this many UTF-8 bytes or more are dropped (Tantivy's RemoveLongFilter). */
const MAX_TERM_BYTES = 32;
// Tantivy's BM25 constants.
const K1 = 1.2;
const B = 0.75;
// Convex's proximity cap (PROXIMITY_ORDINAL_MAX).
const PROXIMITY_MAX = 32;

const WORD = /[\p{Alphabetic}\p{N}]+/gu;

/** Tantivy's SimpleTokenizer + RemoveLongFilter(32) + LowerCaser. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(WORD)) {
    if (Buffer.byteLength(match[0]) < MAX_TERM_BYTES) out.push(match[0].toLowerCase());
  }
  return out;
}

/** Value at a dotted field path ("properties.name"), undefined when absent. */
export function fieldValue(doc: Record<string, unknown>, fieldPath: string): unknown {
  let v: unknown = doc;
  for (const part of fieldPath.split(".")) {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/**
 * Checks a query against its index as Convex does; throws the problem.
 * Run before `searchDocuments`.
 */
export function checkSearchQuery(table: string, index: SearchIndexDefinition | undefined, indexName: string, query: SearchQuery): void {
  if (index === undefined) {
    throw new Error(`Cannot use search index "${indexName}" for table "${table}" because it is not declared in the schema.`);
  }
  if (query.searchField !== index.searchField) {
    throw new Error(`Search index "${table}.${indexName}" searches the field "${index.searchField}", not "${query.searchField}".`);
  }
  if (query.equalities.length > MAX_FILTER_CONDITIONS) {
    throw new Error(`Search queries can have at most ${MAX_FILTER_CONDITIONS} filter expressions; this one has ${query.equalities.length}.`);
  }
  for (const { fieldPath } of query.equalities) {
    if (!index.filterFields.includes(fieldPath)) {
      throw new Error(`"${fieldPath}" is not a filter field of search index "${table}.${indexName}" (filter fields: ${index.filterFields.map((f) => `"${f}"`).join(", ") || "none"}).`);
    }
  }
}

type Candidate<D> = {
  doc: D;
  /** Positions in the search field, per query term index. */
  positions: number[][];
  bm25: number;
};

/**
 * The documents of one table that match `query`, best first, at most
 * MAX_CANDIDATES. `documents` is the whole table: BM25 statistics are taken
 * over every document of the index, as Convex does.
 */
export function searchDocuments<D extends SearchableDocument>(documents: Iterable<D>, query: SearchQuery): D[] {
  const terms = tokenize(query.text).slice(0, MAX_QUERY_TERMS);
  if (terms.length === 0) return [];
  const last = terms.length - 1;
  const matches = (queryIndex: number, token: string) =>
    queryIndex === last ? token.startsWith(terms[queryIndex]) : token === terms[queryIndex];

  // Index statistics over every document that has the search field.
  let docCount = 0;
  let tokenCount = 0;
  const docFreq = terms.map(() => 0);
  const tokenized: Array<{ doc: D; tokens: string[] }> = [];
  for (const doc of documents) {
    const text = fieldValue(doc, query.searchField);
    if (typeof text !== "string") continue;
    const tokens = tokenize(text);
    docCount += 1;
    tokenCount += tokens.length;
    terms.forEach((_, q) => {
      if (tokens.some((t) => matches(q, t))) docFreq[q] += 1;
    });
    tokenized.push({ doc, tokens });
  }
  if (docCount === 0) return [];
  const avgLength = tokenCount / docCount || 1;
  const idf = docFreq.map((df) => Math.log(1 + (docCount - df + 0.5) / (df + 0.5)));

  const candidates: Array<Candidate<D>> = [];
  for (const { doc, tokens } of tokenized) {
    if (!query.equalities.every(({ fieldPath, value }) => equal(fieldValue(doc, fieldPath), value))) continue;
    const positions = terms.map(() => [] as number[]);
    tokens.forEach((token, position) => {
      terms.forEach((_, q) => {
        if (matches(q, token)) positions[q].push(position);
      });
    });
    if (positions.every((p) => p.length === 0)) continue;
    let bm25 = 0;
    positions.forEach((p, q) => {
      const tf = p.length;
      if (tf > 0) bm25 += (idf[q] * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * tokens.length) / avgLength));
    });
    candidates.push({ doc, positions, bm25 });
  }

  candidates.sort((a, b) => b.bm25 - a.bm25 || newestFirst(a.doc, b.doc));
  const kept = candidates.slice(0, MAX_CANDIDATES);
  const ranked = kept.map((c) => ({ c, rank: rankingCriteria(c.positions) }));
  ranked.sort((a, b) => compareCriteria(b.rank, a.rank) || newestFirst(a.c.doc, b.c.doc));
  return ranked.map(({ c }) => c.doc);
}

function equal(actual: unknown, expected: Value | undefined): boolean {
  if (expected === undefined || actual === undefined) return actual === expected;
  return compareValues(actual as Value, expected) === 0;
}

function newestFirst(a: SearchableDocument, b: SearchableDocument): number {
  return b._creationTime - a._creationTime || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
}

/**
 * Convex's ranking criteria (crates/search/src/ranking.rs), compared in order:
 * leading query terms matched, terms matched (its "typos" criterion, which
 * without fuzzy matching counts matched terms), approximate proximity,
 * exact matches (prefix matches count as exact).
 */
function rankingCriteria(positions: number[][]): number[] {
  let leading = 0;
  while (leading < positions.length && positions[leading].length > 0) leading += 1;
  const matched = positions.filter((p) => p.length > 0).length;
  let distance = 0;
  let previous = 0;
  for (const p of positions) {
    if (p.length === 0) {
      distance += 2 * PROXIMITY_MAX;
      continue;
    }
    let best: { d: number; pos: number } | null = null;
    for (const pos of p) {
      const delta = pos - previous;
      const d = Math.min(Math.abs(delta), PROXIMITY_MAX) + (delta < 0 ? PROXIMITY_MAX : 0);
      if (best === null || d < best.d) best = { d, pos };
    }
    distance += best!.d;
    previous = best!.pos;
  }
  const proximity = 2 * PROXIMITY_MAX * positions.length - distance;
  return [leading, matched, proximity, matched];
}

function compareCriteria(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
