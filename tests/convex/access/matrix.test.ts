/**
 * The permission matrix over every public function (found by loading the
 * modules, no hand-kept list), called with valid arguments built for it
 * (args.ts) as: nobody, a member of another organisation, each built-in
 * role, and a Head of Department scoped to another department. What each
 * caller should get is derived from the declared permission, the roles and
 * the scope registry (expectations.ts): an expected success must succeed
 * (so junk arguments cannot pass), an unexpected success fails, and every
 * refused call leaves every table unchanged.
 *
 * A reference call by a permitted caller gives the rows the function changes
 * (its footprint); whether another caller may change those rows is then the
 * registry's answer, not the run's.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import type { TableNames } from "../../../convex/_generated/dataModel";
import { backendTemplate, identity, type Backend } from "../harness";
import { validArgs } from "./args";
import { describe as describeChanges, diff, dump } from "./dump";
import { expected, type Footprint, type Outcome, type World } from "./expectations";
import { buildFixture, CALLERS, emailOf, type Caller, type Fixture } from "./fixture";
import { publicFunctions, type PublicFunction, type ValidatorJson } from "./functions";
import { printTally, recordMatrix } from "./tally";

type AnyCaller = Caller | "anonymous" | "outsider";
const ALL_CALLERS: AnyCaller[] = ["anonymous", "outsider", ...CALLERS];
const FUNCTIONS = publicFunctions();

function client(t: Backend, caller: AnyCaller) {
  return caller === "anonymous" ? t : t.withIdentity(identity(emailOf(caller)));
}

async function call(t: Backend, fn: PublicFunction, caller: AnyCaller, args: Record<string, unknown>) {
  const c = client(t, caller) as any;
  try {
    const result = fn.type === "query" ? await c.query(fn.ref, args) : fn.type === "mutation" ? await c.mutation(fn.ref, args) : await c.action(fn.ref, args);
    return { ok: true as const, result };
  } catch (error: any) {
    const data = typeof error?.data === "string" ? safeJson(error.data) : error?.data;
    return { ok: false as const, code: data?.code as string | undefined, message: String(data?.message ?? error?.message) };
  }
}

function safeJson(s: string) {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** Rows the arguments name by id (top level and one level down). */
async function namedRows(t: Backend, spec: ValidatorJson, args: Record<string, any>) {
  const out: { table: TableNames; id: string }[] = [];
  const visit = (fields: Record<string, { fieldType: ValidatorJson }>, value: Record<string, any>) => {
    for (const [name, { fieldType }] of Object.entries(fields ?? {})) {
      const v = value?.[name];
      if (v === undefined || v === null || name === "organisationId") continue;
      const id = fieldType.type === "id" ? fieldType : fieldType.type === "union" ? fieldType.value.find((o: ValidatorJson) => o.type === "id") : null;
      if (id && id.tableName !== "_storage" && typeof v === "string") out.push({ table: id.tableName as TableNames, id: v });
      if (fieldType.type === "object") visit(fieldType.value, v);
    }
  };
  visit(spec.value ?? {}, args);
  return await t.run(async (ctx) => {
    const rows = [];
    for (const r of out) {
      const row = await ctx.db.get(r.id as any);
      if (row) rows.push({ table: r.table, row: row as any });
    }
    return rows;
  });
}

function world(fx: Fixture, before: Awaited<ReturnType<typeof dump>>): World {
  const users = before.get("users")!;
  const lecturer = JSON.parse(users.get(fx.users.lecturer)!);
  return {
    fx,
    ownProfile: lecturer.lecturer_profile_id,
    entity: (row) => {
      const table = row.entity_type as TableNames;
      const json = before.get(table)?.get(row.entity_id);
      return json ? { table, row: JSON.parse(json) } : null;
    },
  };
}

/** The fixture is built once per file; every setup starts from a copy of it. */
const fixture = backendTemplate(buildFixture);

async function setup(fn: PublicFunction) {
  const { t, value: fx } = await fixture();
  const args = await validArgs(t, fx, fn);
  return { t, fx, args };
}

function check(fn: PublicFunction, caller: AnyCaller, want: Outcome, got: Awaited<ReturnType<typeof call>>) {
  const label = `${fn.name} as ${caller}`;
  if (want.ok) {
    expect(got, `${label} should succeed; it failed with ${!got.ok ? `${got.code}: ${got.message}` : ""}`).toMatchObject({ ok: true });
  } else {
    expect(got.ok, `${label} should be refused (${want.why}) but succeeded`).toBe(false);
    if (!got.ok) expect(got.code, `${label}: ${got.message}`).toBe(want.code);
  }
}

// Work a call schedules (a job's steps) never runs here: the matrix asks who may
// start it, and each area's tests run its jobs. With real timers, the jobs of
// one test ran on behind the next ones (a rollover for a minute) and made the
// file ten times slower.
beforeAll(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
});
// The timers left pending hold their backends; dropping them lets each test's backends go.
afterEach(() => {
  vi.clearAllTimers();
});
afterAll(() => {
  vi.useRealTimers();
  printTally("matrix");
});

describe("permission matrix over every public function", () => {
  test("finds the public functions", () => {
    expect(FUNCTIONS.length).toBeGreaterThan(200);
  });

  for (const fn of FUNCTIONS) {
    test(fn.name, { timeout: 120_000 }, async () => {
      // Reference: the first built-in caller whose permission allows it makes the call; its changes are the footprint.
      const ref = await setup(fn);
      const before = await dump(ref.t);
      const w = world(ref.fx, before);
      const reads = await namedRows(ref.t, fn.args, ref.args);
      const pre: Footprint = { reads, writes: [] };
      const reference = CALLERS.find((c) => expected(fn, c, w, pre).ok);
      let footprint = pre;
      const outcomes = new Map<AnyCaller, Outcome>();
      if (reference) {
        const got = await call(ref.t, fn, reference, ref.args);
        check(fn, reference, { ok: true }, got);
        footprint = { reads, writes: diff(before, await dump(ref.t)) };
        w.reference = reference;
      }
      for (const c of ALL_CALLERS) outcomes.set(c, expected(fn, c, w, footprint));
      if (reference) expect(outcomes.get(reference)!.ok, `${fn.name}: the reference caller ${reference} is refused its own footprint`).toBe(true);

      // Refused callers: one backend; each call must change nothing.
      const refusedCallers = ALL_CALLERS.filter((c) => !outcomes.get(c)!.ok);
      const successes = ALL_CALLERS.filter((c) => outcomes.get(c)!.ok && c !== reference);
      let shared = fn.type === "query" ? ref : null;
      if (refusedCallers.length) {
        shared ??= await setup(fn);
        for (const c of refusedCallers) {
          const start = await dump(shared.t);
          const got = await call(shared.t, fn, c, shared.args);
          check(fn, c, outcomes.get(c)!, got);
          const changes = diff(start, await dump(shared.t));
          expect(changes, `${fn.name} as ${c} was refused but changed ${describeChanges(changes)}`).toEqual([]);
        }
      }
      // Other permitted callers: queries share the backend; each mutation gets a fresh one.
      for (const c of successes) {
        const b = fn.type === "query" ? ref : await setup(fn);
        check(fn, c, outcomes.get(c)!, await call(b.t, fn, c, b.args));
      }
      recordMatrix(fn.name, ALL_CALLERS.length, refusedCallers.length);
    });
  }
});
