/**
 * A mocked Convex backend for component tests, typed from the generated api:
 * a query's canned result must have the shape the server's `returns`
 * validator gives it, and a mutation's handler takes its real arguments and
 * returns its real result, so renaming a server field fails these tests at
 * the type check, as it would fail the app.
 *
 *   const backend = vi.hoisted(() => ({ data: new Map(), mutations: new Map(), calls: [] }) as MockBackend);
 *   vi.mock("convex/react", async () => (await import("./mockBackend")).convexReactMock(backend));
 *   setQuery(backend, api.workload.allocations.listForIteration, { ... });
 *   onMutation(backend, api.workload.allocations.update, async (args) => ({ ... }));
 *   onAction(backend, api.imports.feeds.createKey, async (args) => ({ ... }));
 */
import { getFunctionName, type FunctionArgs, type FunctionReference, type FunctionReturnType } from "convex/server";
import type { Id, TableNames } from "@convex/_generated/dataModel";

export type MockBackend = {
  data: Map<string, unknown>;
  mutations: Map<string, (args: never) => Promise<unknown>>;
  calls: { name: string; args: unknown }[];
};

/** For `vi.hoisted`: it must not import anything. */
export function emptyBackend(): MockBackend {
  return { data: new Map(), mutations: new Map(), calls: [] };
}

export function resetBackend(b: MockBackend) {
  b.data.clear();
  b.mutations.clear();
  b.calls.length = 0;
}

/** What `useQuery(ref, ...)` returns while the test runs (undefined: still loading). */
export function setQuery<Q extends FunctionReference<"query">>(b: MockBackend, ref: Q, value: FunctionReturnType<Q> | undefined) {
  b.data.set(getFunctionName(ref), value);
}

/** The handler a mutation runs; a test usually passes a `vi.fn` with these types. */
export function onMutation<M extends FunctionReference<"mutation">>(
  b: MockBackend,
  ref: M,
  handler: (args: FunctionArgs<M>) => Promise<FunctionReturnType<M>>,
) {
  b.mutations.set(getFunctionName(ref), handler as (args: never) => Promise<unknown>);
}

/** The handler an action runs (the same map as mutations: the mock calls either by name). */
export function onAction<A extends FunctionReference<"action">>(
  b: MockBackend,
  ref: A,
  handler: (args: FunctionArgs<A>) => Promise<FunctionReturnType<A>>,
) {
  b.mutations.set(getFunctionName(ref), handler as (args: never) => Promise<unknown>);
}

/**
 * A readable fake id ("a1"): the mocked backend never checks them. Without a
 * table named it fits an id of any table (`Id<never>`), so fixtures stay short.
 */
export function fakeId<T extends TableNames = never>(s: string): Id<T> {
  return s as Id<T>;
}

/** The `convex/react` module the components import, answering from `b`. */
export function convexReactMock(b: MockBackend) {
  const name = (ref: unknown) => getFunctionName(ref as FunctionReference<"query">);
  return {
    useQuery: (ref: unknown, args: unknown) => {
      if (args === "skip") return undefined;
      b.calls.push({ name: name(ref), args });
      return b.data.get(name(ref));
    },
    useMutation: (ref: unknown) => {
      const n = name(ref);
      return (args: never) => {
        b.calls.push({ name: n, args });
        const handler = b.mutations.get(n);
        return handler ? handler(args) : Promise.resolve(null);
      };
    },
    useAction: (ref: unknown) => {
      const n = name(ref);
      return (args: never) => {
        b.calls.push({ name: n, args });
        const handler = b.mutations.get(n);
        return handler ? handler(args) : Promise.resolve(null);
      };
    },
    // A canned page with `isDone: false` stands for a list with older pages ("CanLoadMore").
    usePaginatedQuery: (ref: unknown, args: unknown) => {
      const rows = args === "skip" ? undefined : (b.data.get(name(ref)) as { page: unknown[]; isDone?: boolean } | undefined);
      if (args !== "skip") b.calls.push({ name: name(ref), args });
      return { results: rows?.page ?? [], status: rows?.isDone === false ? "CanLoadMore" : "Exhausted", loadMore: (n: number) => b.calls.push({ name: `${name(ref)}#loadMore`, args: n }), isLoading: false };
    },
    useConvexAuth: () => ({ isLoading: false, isAuthenticated: true }),
  };
}

/** A mutation mock's type: `vi.fn<MutationMock<typeof api.workload.allocations.update>>()`. */
export type MutationMock<M extends FunctionReference<"mutation">> = (args: FunctionArgs<M>) => Promise<FunctionReturnType<M>>;
