/**
 * Generated universities in convex-test: `loadUniversity(t, size)` runs the
 * seed's own batches (convex/seed.ts `seedUniversity`) for a named size or
 * a multiple of the demo and signs the demo's people in (`seedInto` and
 * `signInDemoPeople` do the two halves); `universityBackend({ quarter: true })`
 * is a backend whose every transaction limit is a quarter of Convex's, so
 * any batch or query that would break at full size breaks here (`indexed:
 * true` runs it on the storage engine's real indexes, for larger sizes);
 * `measureQuery` runs a query and returns the documents and bytes it read.
 *
 *   const t = universityBackend({ quarter: true });
 *   const u = await loadUniversity(t, { times: 2 });
 *   const { result, documentsRead } = await measureQuery(u.planner, api.workload.dashboard.coverageGaps, {...});
 *
 * Seeding time on convex-test's storage (every query visits every document)
 * grows with the square of the size: small ~1 s, S ~1 min, times(2) several
 * minutes, M tens of minutes; with `indexed: true` it grows with the size.
 */
import { convexTest } from "convex-test";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import schema from "../../convex/schema";
import { JOB_BATCH_BUDGET } from "../../convex/lib/jobs";
import { generateUniversity, sizeSpec, type GeneratedUniversity, type SizeName } from "../../convex/lib/generator";
import { seedUniversity, type SeedReport } from "../../convex/seed";
import { LocalStorage } from "../../local/storage/convexTest";
import { identity, modules, type Backend } from "./harness";

/** A quarter of each of Convex's transaction limits: the jobs' batch budget, and a quarter of scheduling's (1,000 calls, 16 MiB). */
export const QUARTER_LIMITS = { ...JOB_BATCH_BUDGET, functionsScheduled: 250, scheduledFunctionArgsBytes: 4 * 1024 * 1024 };

/**
 * A fresh backend with Convex's limits, or a quarter of each; `indexed` puts
 * the local backend's storage engine (real indexes, local/storage) under it,
 * so seeding and reading grow with what is read rather than with the size.
 */
export function universityBackend(options: { quarter?: boolean; indexed?: boolean } = {}): Backend {
  const transactionLimits = options.quarter ? QUARTER_LIMITS : true;
  const t = convexTest({ schema, modules, transactionLimits });
  if (options.indexed) LocalStorage.attach(t, { transactionLimits });
  return t;
}

export const DEMO_PEOPLE = {
  admin: { email: "admin@northbridge.ac.uk", name: "Alex Admin" },
  head: { email: "hod.cs@northbridge.ac.uk", name: "Harriet Head" },
  planner: { email: "planner@northbridge.ac.uk", name: "Priya Planner" },
  viewer: { email: "viewer@northbridge.ac.uk", name: "Victor Viewer" },
} as const;

export type LoadedUniversity = {
  university: GeneratedUniversity;
  report: SeedReport;
  seconds: number;
  organisationId: Id<"organisations">;
  activeYearId: Id<"academic_years">;
  stagingYearId: Id<"academic_years">;
  /** Signed-in clients of the demo's people (their invitations accepted). */
  admin: ReturnType<Backend["withIdentity"]>;
  head: ReturnType<Backend["withIdentity"]>;
  planner: ReturnType<Backend["withIdentity"]>;
  viewer: ReturnType<Backend["withIdentity"]>;
};

/** Seeds `university` into `t` through the seed's own batches. */
export async function seedInto(t: Backend, university: GeneratedUniversity): Promise<{ report: SeedReport; seconds: number }> {
  const started = Date.now();
  const run = t.mutation as (fn: unknown, args: unknown) => Promise<any>;
  const report = await seedUniversity((fn, args) => run(fn, args), university);
  return { report, seconds: (Date.now() - started) / 1000 };
}

/** Seeds a generated university into `t` and signs its people in. */
export async function loadUniversity(t: Backend, size: SizeName | { times: number }): Promise<LoadedUniversity> {
  const university = generateUniversity(sizeSpec(size));
  const { report, seconds } = await seedInto(t, university);
  return { university, report, seconds, ...(await signInDemoPeople(t)) };
}

/** Accepts the demo people's invitations; returns their clients and the organisation's years. */
export async function signInDemoPeople(t: Backend) {
  const sign = async (p: { email: string; name: string }) => {
    const client = t.withIdentity(identity(p.email, p.name));
    await client.mutation(api.organisations.membership.acceptInvitations, {});
    return client;
  };
  const admin = await sign(DEMO_PEOPLE.admin);
  const [membership] = await admin.query(api.organisations.membership.mine, {});
  const years = await admin.query(api.structure.academicYears.all, { organisationId: membership.organisationId });
  return {
    organisationId: membership.organisationId,
    activeYearId: years.find((y) => y.status === "active")!._id,
    stagingYearId: years.find((y) => y.status === "staging")!._id,
    admin,
    head: await sign(DEMO_PEOPLE.head),
    planner: await sign(DEMO_PEOPLE.planner),
    viewer: await sign(DEMO_PEOPLE.viewer),
  };
}

/** Runs a query as `client` and returns its result with the documents and bytes it read (Convex's own counters). */
export async function measureQuery<F extends FunctionReference<"query">>(
  client: ReturnType<Backend["withIdentity"]>,
  fn: F,
  args: FunctionArgs<F>,
): Promise<{ result: FunctionReturnType<F>; documentsRead: number; bytesRead: number }> {
  return await client.run(async (ctx) => {
    const before = await ctx.meta.getTransactionMetrics();
    const result = await ctx.runQuery(fn, args);
    const after = await ctx.meta.getTransactionMetrics();
    return {
      result,
      documentsRead: after.documentsRead.used - before.documentsRead.used,
      bytesRead: after.bytesRead.used - before.bytesRead.used,
    };
  });
}
