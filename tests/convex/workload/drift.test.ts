/**
 * The live totals against a recount from scratch: a seeded, randomised
 * sequence of 500 writes of every kind that moves them (allocations created,
 * edited, reassigned, overridden, deleted and restored; admin allocations;
 * lecturers' FTE and team; iteration student numbers and groups; a rule
 * change), after which drift must be exactly 0. Writes into a taken cell are
 * refused with CONFLICT along the way, and no cell ends up holding two.
 */
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { setupWorkload, withTriggers } from "./fixtures";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** A write into a cell that already holds an allocation is refused (one per cell); the run goes on. */
async function unlessCellTaken<T>(write: Promise<T>): Promise<T | null> {
  try {
    return await write;
  } catch (e: any) {
    const data = typeof e?.data === "string" ? JSON.parse(e.data) : e?.data;
    if (data?.code === "CONFLICT") return null;
    throw e;
  }
}

test("500 random writes leave drift 0", { timeout: 240_000 }, async () => {
  const w = await setupWorkload();
  const rnd = random(20261122);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const { organisationId } = w;

  // A second team and two more lecturers, so reassignments cross teams.
  const extra = await withTriggers(w.t, async (ctx) => {
    const base = { organisation_id: organisationId, created_at: 0, updated_at: 0 };
    const teamId = await ctx.db.insert("teams", { ...base, department_id: w.departmentId, name: "Systems" });
    const lecturers: Id<"lecturers">[] = [];
    for (const [first, fte] of [["Grace", 0.8], ["Linus", 0.2]] as const) {
      const profileId = await ctx.db.insert("lecturer_profiles", {
        ...base,
        first_name: first,
        last_name: "Test",
        full_name: `${first} Test`,
        email: `${first}@tu.example`,
        default_contract_family: "practitioner",
        default_fte: fte,
      });
      lecturers.push(
        await ctx.db.insert("lecturers", {
          ...base,
          academic_year_id: w.activeYearId,
          profile_id: profileId,
          department_id: w.departmentId,
          team_id: teamId,
          fte,
          contract_family: "practitioner",
          contract_start: "2027-01-01", // part-year: pro-rated
          version: 1,
        }),
      );
    }
    return { teamId, lecturers };
  });
  const lecturers = [w.active.ada, w.active.brian, ...extra.lecturers];
  const teams = [w.teamId, extra.teamId];
  const typeCodes = Object.keys(w.types);
  const live = new Map<Id<"module_allocations">, number>(); // id -> version
  const deleted = new Map<Id<"module_allocations">, number>();
  const admins: Id<"admin_allocations">[] = [];
  const counts: Record<string, number> = {};

  for (let i = 0; i < 500; i++) {
    const roll = rnd();
    let op: string;
    if (roll < 0.35 || live.size === 0) {
      op = "create";
      const code = pick(typeCodes);
      const perGroup = code !== "module_admin" && code !== "module_leadership" && rnd() < 0.4;
      const override = rnd() < 0.1;
      const r = await unlessCellTaken(w.planner.mutation(api.workload.allocations.create, {
        organisationId,
        iterationId: w.active.iterationId,
        lecturerId: pick(lecturers),
        allocationTypeId: w.types[code],
        ...(perGroup ? { groupId: pick(w.active.groups) } : {}),
        share: 5 * (1 + Math.floor(rnd() * 20)),
        firstTime: rnd() < 0.3,
        ...(override ? { hoursOverride: Math.round(rnd() * 1000) / 10, overrideReason: "Agreed with the head of department" } : {}),
      }));
      if (r) live.set(r.id, r.version);
      else op = "taken";
    } else if (roll < 0.6) {
      op = "update";
      const id = pick([...live.keys()]);
      const change = rnd();
      const r = await unlessCellTaken(w.planner.mutation(api.workload.allocations.update, {
        organisationId,
        allocationId: id,
        expectedVersion: live.get(id)!,
        ...(change < 0.4
          ? { share: 5 * (1 + Math.floor(rnd() * 20)) }
          : change < 0.6
            ? { lecturerId: pick(lecturers) }
            : change < 0.8
              ? { hoursOverride: Math.round(rnd() * 800) / 10, overrideReason: "Team teaching agreement" }
              : { hoursOverride: null, firstTime: rnd() < 0.5 }),
      }));
      if (r) live.set(id, r.version);
      else op = "taken";
    } else if (roll < 0.7) {
      op = "remove";
      const id = pick([...live.keys()]);
      const r = await w.planner.mutation(api.workload.allocations.remove, { organisationId, allocationId: id, expectedVersion: live.get(id)! });
      live.delete(id);
      deleted.set(id, r.version);
    } else if (roll < 0.75 && deleted.size > 0) {
      op = "restore";
      const id = pick([...deleted.keys()]);
      const r = await unlessCellTaken(
        w.planner.mutation(api.workload.allocations.restore, { organisationId, allocationId: id, expectedVersion: deleted.get(id)! }),
      );
      if (r) {
        deleted.delete(id);
        live.set(id, r.version);
      } else op = "taken";
    } else if (roll < 0.83) {
      op = "admin";
      await withTriggers(w.t, async (ctx) => {
        const existing = admins.length > 0 && rnd() < 0.5 ? pick(admins) : null;
        if (existing) {
          const which = rnd();
          if (which < 0.3) await ctx.db.patch(existing, { deleted_at: 1 });
          else if (which < 0.5) await ctx.db.patch(existing, { lecturer_id: pick(lecturers) });
          else await ctx.db.patch(existing, { deleted_at: undefined, hours: undefined, percent_of_contract: Math.floor(rnd() * 20) });
        } else {
          admins.push(
            await ctx.db.insert("admin_allocations", {
              organisation_id: organisationId,
              academic_year_id: w.activeYearId,
              lecturer_id: pick(lecturers),
              category_id: w.programmeLeaderId,
              ...(rnd() < 0.5 ? { hours: Math.round(rnd() * 1500) / 10 } : { percent_of_contract: 5 + Math.floor(rnd() * 10) }),
              semester: pick(["S1", "S2", "year"] as const),
              recurring: false,
              version: 1,
              created_at: 0,
              updated_at: 0,
            }),
          );
        }
      });
    } else if (roll < 0.9) {
      op = "lecturer";
      await withTriggers(w.t, async (ctx) => {
        const id = pick(lecturers);
        await ctx.db.patch(id, rnd() < 0.6 ? { fte: pick([0.2, 0.5, 0.6, 0.8, 1]) } : { team_id: pick(teams) });
      });
    } else if (roll < 0.97) {
      op = "iteration";
      await withTriggers(w.t, async (ctx) => {
        if (rnd() < 0.5) await ctx.db.patch(w.active.iterationId, { student_count: 60 + Math.floor(rnd() * 120) });
        else await ctx.db.patch(pick(w.active.groups), { student_count: 15 + Math.floor(rnd() * 20) });
      });
    } else {
      op = "rule";
      const rules = await w.admin.query(api.workload.rules.list, { organisationId, academicYearId: w.activeYearId });
      const rule = rules.find((r) => r.name === "Module leadership (WAM)")!;
      await w.admin.mutation(api.workload.rules.update, {
        organisationId,
        ruleId: rule._id,
        expectedVersion: rule.version,
        patch: { formula: `(${10 + Math.floor(rnd() * 20)} + 0.01 * students) * share` },
      });
      await w.t.finishAllScheduledFunctions(vi.runAllTimers);
    }
    counts[op] = (counts[op] ?? 0) + 1;
  }

  const report = await w.planner.query(api.workload.verify.verifyTotals, { organisationId, academicYearId: w.activeYearId });
  expect(report.drifts).toEqual([]);
  expect(report.total_drift).toBe(0);
  expect(report.stale_allocations).toBe(0);
  expect(report.lecturers_checked).toBe(4);
  // Every kind of write happened.
  for (const op of ["create", "update", "remove", "restore", "admin", "lecturer", "iteration", "rule", "taken"]) expect(counts[op]).toBeGreaterThan(0);
  // However the writes fell, no cell holds two live allocations.
  const cells = await w.t.run(async (ctx) =>
    (await ctx.db.query("module_allocations").collect())
      .filter((a) => a.deleted_at === undefined)
      .map((a) => `${a.module_iteration_id}:${a.group_id ?? "all"}:${a.allocation_type_id}:${a.lecturer_id}`),
  );
  expect(new Set(cells).size).toBe(cells.length);

  // And the check is not blind: a row changed behind the triggers' back shows as drift.
  await w.t.run(async (ctx) => {
    const row = await ctx.db.query("lecturer_year_totals").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", w.active.ada)).unique();
    await ctx.db.patch(row!._id, { allocated_hours: row!.allocated_hours + 2.5 });
  });
  const tampered = await w.planner.query(api.workload.verify.verifyTotals, { organisationId, academicYearId: w.activeYearId });
  expect(tampered.total_drift).toBe(2.5);
  expect(tampered.drifts).toEqual([expect.objectContaining({ entity: "lecturer", field: "allocated_hours" })]);
});
