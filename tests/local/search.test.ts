// Full text search as Convex does it: relevance order, the last term as a
// prefix, words split on punctuation, case folded, filter fields.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, appFunctions, newClient, newHttpClient, startBackend, waitFor, type RunningBackend } from "./helpers.js";

let backend: RunningBackend;
const search = (text: string, channel?: string) =>
  newHttpClient(backend.url).query(api.messages.search, channel === undefined ? { text } : { text, channel }) as Promise<string[]>;

// Sent oldest first; relevance, not age, must decide the order below.
const D1 = "Quick brown fox jumps over the lazy dog";
const D2 = "brown bears, not foxes";
const D3 = "The fox, the quick one.";
const D4 = "quick quick quick";
const D5 = "Read the e-mail/newsletter before the STAND-UP";
const D6 = "quick note";

beforeAll(async () => {
  backend = await startBackend({ functionsDir: appFunctions("search") });
  const http = newHttpClient(backend.url);
  for (const [body, channel] of [[D1, "general"], [D2, "general"], [D3, "general"], [D4, "general"], [D5, "random"], [D6, "random"]]) {
    await http.mutation(api.messages.send, { body, channel, pinned: body === D3 });
  }
});
afterAll(async () => {
  await backend?.stop();
});

describe("text search", () => {
  it("ranks by relevance: leading terms matched, then terms matched, proximity, then newest", async () => {
    // D1 has all three terms in order; D3 "quick" and (prefix) "fox"; D4 and
    // D6 "quick" only, D6 newer; D2 misses the leading "quick".
    expect(await search("quick brown fox")).toEqual([D1, D3, D6, D4, D2]);
  });

  it("restricts candidates with filter fields", async () => {
    expect(await search("quick brown fox", "general")).toEqual([D1, D3, D4, D2]);
    expect(await search("quick", "random")).toEqual([D6]);
    expect(await search("quick", "nowhere")).toEqual([]);
  });

  it("matches the last term as a prefix and the others exactly", async () => {
    expect(await search("bro")).toEqual(expect.arrayContaining([D1, D2]));
    expect((await search("bro")).length).toBe(2);
    // "bro" is no longer the last term: no document has the word "bro".
    expect(await search("bro dog")).toEqual([D1]);
    expect(await search("foxe")).toEqual([D2]);
  });

  it("splits words on punctuation and folds case", async () => {
    expect(await search("newsletter")).toEqual([D5]);
    expect(await search("MAIL")).toEqual([D5]);
    expect(await search("stand up")).toEqual([D5]);
    expect(await search("FOX,")).toEqual(expect.arrayContaining([D1, D2, D3]));
    expect(await search("!!!")).toEqual([]);
  });

  it("returns the newest first among equally relevant documents", async () => {
    const http = newHttpClient(backend.url);
    await http.mutation(api.messages.send, { body: "duplicate message one", channel: "ties" });
    await http.mutation(api.messages.send, { body: "duplicate message two", channel: "ties" });
    expect(await search("duplicate", "ties")).toEqual(["duplicate message two", "duplicate message one"]);
  });

  it("applies .filter() after the search, in relevance order", async () => {
    expect(await newHttpClient(backend.url).query(api.messages.searchPinned, { text: "quick brown fox" })).toEqual([D3]);
  });

  it("paginates in relevance order without gaps or repeats", async () => {
    const http = newHttpClient(backend.url);
    const pages: string[][] = [];
    let cursor: string | null = null;
    for (;;) {
      const r = (await http.query(api.messages.searchPage, { text: "quick brown fox", paginationOpts: { numItems: 2, cursor } })) as {
        page: string[]; isDone: boolean; continueCursor: string;
      };
      pages.push(r.page);
      if (r.isDone) break;
      cursor = r.continueCursor;
    }
    expect(pages).toEqual([[D1, D3], [D6, D4], [D2]]);
  });

  it("keeps subscribed search results live", async () => {
    const client = newClient(backend.url);
    let hits: string[] = [];
    client.onUpdate(api.messages.search, { text: "zebra" }, (r: string[]) => (hits = r));
    await newHttpClient(backend.url).mutation(api.messages.send, { body: "a zebra crossing", channel: "general" });
    await waitFor(() => hits.length === 1, "the new match to appear");
    expect(hits).toEqual(["a zebra crossing"]);
    await client.close();
  });

  it("refuses a field the index does not filter on", async () => {
    const error = await newHttpClient(backend.url).query(api.messages.searchByPinned, { text: "quick" }).catch((e: Error) => e.message);
    expect(error).toContain('"pinned" is not a filter field of search index "messages.search_body"');
  });
});
