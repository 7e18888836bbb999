/**
 * Helpers for the rollover tests: running jobs to the end under fake
 * timers, reading a job's result, and the result a correct rollover gives
 * for a university built by university.ts.
 */
import { vi } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { DEFAULT_ROLLOVER_OPTIONS } from "../../../convex/lib/rollover/plan";
import type { RolloverOptions } from "../../../convex/schema/validators";
import { NEXT_YEAR, type Backend, type Expected, type University } from "./university";

/** Timers faked for the scheduler; the clock stays real so durations can be measured. */
export const FAKE_TIMERS: Parameters<typeof vi.useFakeTimers>[0] = {
  toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "setImmediate", "clearImmediate", "Date"],
};

export async function drain(t: Backend) {
  await t.finishAllScheduledFunctions(vi.runAllTimers);
}

export async function job(u: University, jobId: Id<"jobs">) {
  return await u.admin.query(api.jobs.jobs.get, { organisationId: u.organisationId, jobId });
}

export async function resultOf(u: University, jobId: Id<"jobs">) {
  const j = await job(u, jobId);
  return { job: j, result: JSON.parse(j.result ?? "{}") as RolloverResult };
}

export type RolloverResult = {
  counts: Record<string, Record<string, number>>;
  skipped: Record<string, Record<string, number>>;
  warnings?: { code: string; message: string }[];
  examples?: { kind: string; name: string; note: string }[];
  carried_hours?: number;
  resets: string[];
  target: { id: string | null; name: string; existing: boolean };
};

const NEW_TARGET = { kind: "new" as const, ...NEXT_YEAR };

export function rolloverArgs(u: University, options: Partial<RolloverOptions> = {}, target: { kind: "new"; name: string; start_date: string; end_date: string } | { kind: "existing"; academicYearId: Id<"academic_years"> } = NEW_TARGET) {
  return { organisationId: u.organisationId, sourceYearId: u.sourceYearId, target, options: { ...DEFAULT_ROLLOVER_OPTIONS, ...options } };
}

function nonZero(o: Record<string, number>) {
  return Object.fromEntries(Object.entries(o).filter(([, n]) => n !== 0));
}

/** The counts and skip reasons a correct rollover (default options) reports for the built university. */
export function expectedResult(e: Expected, adminSkippedDeleted: number) {
  const allocationsSkipped = e.allocations.leaver + e.allocations.profile_deleted + e.allocations.module_withdrawn + e.allocations.module_deleted;
  return {
    counts: {
      lecturers: { created: e.lecturers.created, from_last_year: e.lecturers.from_last_year, from_profile: e.lecturers.from_profile, skipped: e.lecturers.leaver + e.lecturers.deleted },
      iterations: {
        created: e.iterations.created,
        from_last_year: e.iterations.from_last_year,
        from_module: e.iterations.from_module,
        skipped: e.iterations.module_withdrawn + e.iterations.module_deleted,
      },
      groups: { created: e.groups },
      assessments: { created: e.assessments },
      allocations: { created: e.allocations.created, skipped: allocationsSkipped },
      admin_allocations: nonZero({ created: e.admin.created, one_off: e.admin.one_off, skipped: e.admin.leaver + adminSkippedDeleted }),
    },
    skipped: {
      lecturers: nonZero({ leaver: e.lecturers.leaver, deleted: e.lecturers.deleted }),
      iterations: nonZero({ module_withdrawn: e.iterations.module_withdrawn, module_deleted: e.iterations.module_deleted }),
      allocations: nonZero({
        leaver: e.allocations.leaver,
        profile_deleted: e.allocations.profile_deleted,
        module_withdrawn: e.allocations.module_withdrawn,
        module_deleted: e.allocations.module_deleted,
      }),
      admin_allocations: nonZero({ leaver: e.admin.leaver, profile_deleted: adminSkippedDeleted }),
    },
  };
}

/** Rows of a table in a year, counted in pages (inside the quarter limits). */
export async function countInYear(t: Backend, table: string, yearId: Id<"academic_years">, includeDeleted = false) {
  let n = 0;
  let cursor: string | null = null;
  for (;;) {
    const page: { page: { deleted_at?: number }[]; isDone: boolean; continueCursor: string } = await t.run(async (ctx) =>
      (ctx.db.query(table as any) as any).withIndex("by_academic_year_id", (q: any) => q.eq("academic_year_id", yearId)).paginate({ cursor, numItems: 2000 }),
    );
    n += page.page.filter((r) => includeDeleted || r.deleted_at === undefined).length;
    if (page.isDone) return n;
    cursor = page.continueCursor;
  }
}
