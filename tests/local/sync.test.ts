// The sync and HTTP APIs as the real Convex clients use them: live updates,
// read-your-writes, errors, refused internal functions, pagination, HTTP
// actions, environment variables.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConvexError } from "convex/values";
import { api, newClient, newHttpClient, startBackend, waitFor, type RunningBackend } from "./helpers.js";

type Msg = { _id: string; body: string; author: string };
type ListResult = { viewer: string | null; msgs: Msg[] };

let backend: RunningBackend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await backend?.stop();
});

describe("ConvexClient over the sync protocol", () => {
  it("updates a subscription after another client's mutation", async () => {
    const watcher = newClient(backend.url);
    const writer = newClient(backend.url);
    const seen: ListResult[] = [];
    const unsubscribe = watcher.onUpdate(api.messages.list, {}, (r: ListResult) => seen.push(r));
    await waitFor(() => seen.length > 0, "first result");

    const id = (await writer.mutation(api.messages.send, { body: "from the writer", author: "w" })) as string;
    await waitFor(() => seen.at(-1)!.msgs.some((m) => m._id === id), "the watcher to see the write");
    unsubscribe();
    await watcher.close();
    await writer.close();
  });

  it("resolves a mutation only when its write is visible to the subscriber", async () => {
    const client = newClient(backend.url);
    const seen: ListResult[] = [];
    client.onUpdate(api.messages.list, {}, (r: ListResult) => seen.push(r));
    await waitFor(() => seen.length > 0, "first result");
    for (let i = 0; i < 5; i++) {
      const id = (await client.mutation(api.messages.send, { body: `ryw ${i}`, author: "r" })) as string;
      expect(seen.at(-1)!.msgs.map((m) => m._id)).toContain(id);
    }
    await client.close();
  });

  it("rejects with ConvexError data, and with plain errors", async () => {
    const client = newClient(backend.url);
    const error = await client.mutation(api.messages.send, { body: "", author: "e" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<{ code: string }>).data).toEqual({ code: "EMPTY_BODY", message: "Message body is empty" });

    const plain = await client.mutation(api.messages.send, { body: "crash", author: "e" }).catch((e: unknown) => e);
    expect(String((plain as Error).message)).toContain("Uncaught Error: plain failure");

    const actionError = await client.action(api.messages.failingAction, {}).catch((e: unknown) => e);
    expect((actionError as ConvexError<{ code: string }>).data).toEqual({ code: "ACTION_FAILED" });
    await client.close();
  });

  it("refuses internal and unknown functions with Convex's message", async () => {
    const client = newClient(backend.url);
    const internal = await client.mutation(api.messages.secret, {}).catch((e: unknown) => e);
    expect(String((internal as Error).message)).toContain(
      "Could not find public function for 'messages:secret'. Did you forget to run `npx convex dev` or `npx convex deploy`?",
    );
    const unknown = await client.query(api.nope.missing, {}).catch((e: unknown) => e);
    expect(String((unknown as Error).message)).toContain("Could not find public function for 'nope:missing'.");
    // An action may still call the internal function on the server.
    expect(await client.action(api.messages.callInternal, {})).toMatch(/messages$/);
    await client.close();
  });

  it("runs actions that call mutations", async () => {
    const client = newClient(backend.url);
    const id = await client.action(api.messages.sendViaAction, { body: "via action" });
    const list = (await client.query(api.messages.list, {})) as ListResult;
    expect(list.msgs.find((m) => m._id === id)?.author).toBe("action");
    await client.close();
  });

  it("keeps paginated pages gap-free while rows are inserted", async () => {
    const client = newClient(backend.url);
    await client.mutation(api.items.addMany, { ns: [10, 20, 30, 40, 50, 60] });
    type Page = { page: Array<{ n: number }>; isDone: boolean; continueCursor: string };
    let first: Page | null = null;
    let second: Page | null = null;
    client.onUpdate(api.items.page, { paginationOpts: { numItems: 3, cursor: null } }, (p: Page) => (first = p));
    const page1 = await waitFor(() => first, "first page");
    expect(page1.page.map((d) => d.n)).toEqual([10, 20, 30]);
    client.onUpdate(api.items.page, { paginationOpts: { numItems: 3, cursor: page1.continueCursor } }, (p: Page) => (second = p));
    await waitFor(() => second, "second page");

    for (const n of [15, 35, 5, 70, 25]) await client.mutation(api.items.add, { n });
    const all = () => [...first!.page, ...second!.page].map((d) => d.n);
    await waitFor(() => all().length === 11, "both pages to include the new rows");
    expect(all()).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 50, 60, 70]);
    expect(first!.page.map((d) => d.n)).toEqual([5, 10, 15, 20, 25, 30]);
    await client.close();
  });
});

describe("ConvexHttpClient and the HTTP API", () => {
  it("queries and mutates, and the write reaches live subscriptions", async () => {
    const http = newHttpClient(backend.url);
    const live = newClient(backend.url);
    const seen: ListResult[] = [];
    live.onUpdate(api.messages.list, {}, (r: ListResult) => seen.push(r));
    const id = (await http.mutation(api.messages.send, { body: "via http", author: "h" })) as string;
    const list = (await http.query(api.messages.list, {})) as ListResult;
    expect(list.msgs.map((m) => m._id)).toContain(id);
    await waitFor(() => seen.at(-1)?.msgs.some((m) => m._id === id), "the subscription to see the HTTP write");
    await live.close();
  });

  it("returns ConvexError data and refuses internal functions", async () => {
    const http = newHttpClient(backend.url);
    const error = await http.mutation(api.messages.send, { body: "", author: "h" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<{ code: string }>).data.code).toBe("EMPTY_BODY");
    const internal = await http.mutation(api.messages.secret, {}).catch((e: unknown) => e);
    expect(String((internal as Error).message)).toContain("Could not find public function for 'messages:secret'");
  });

  it("serves /api/run and /api/query_ts", async () => {
    const res = await fetch(`${backend.url}/api/run/messages/count`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ args: {}, format: "json" }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { value: number }).value).toBeGreaterThan(0);
    const ts = await fetch(`${backend.url}/api/query_ts`, { method: "POST" });
    expect(((await ts.json()) as { ts: string }).ts).toMatch(/^[A-Za-z0-9+/]{11}=$/);
  });

  it("answers CORS preflights from a local web app", async () => {
    const res = await fetch(`${backend.url}/api/query`, {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
  });

  it("serves HTTP actions on the site port", async () => {
    const hello = await fetch(`${backend.siteUrl}/hello?who=tests`);
    expect(hello.status).toBe(200);
    expect(await hello.text()).toMatch(/^hello tests, \d+ messages$/);
    const echo = await fetch(`${backend.siteUrl}/echo`, { method: "POST", body: "ping" });
    expect(echo.status).toBe(201);
    expect(await echo.text()).toBe("ping");
    expect((await fetch(`${backend.siteUrl}/missing`)).status).toBe(404);
  });

  it("gives functions the dev sign-in environment", async () => {
    const http = newHttpClient(backend.url);
    expect(await http.query(api.messages.envValue, { name: "WW_DEV_SIGNIN" })).toBe("1");
    expect(await http.query(api.messages.envValue, { name: "WW_DEV_ISSUER" })).toBe(`${backend.url}/dev-auth`);
  });
});
