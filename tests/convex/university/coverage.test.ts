/**
 * Coverage kept per iteration: after every kind of edit (allocations added,
 * re-shared, moved to a group, removed and restored; groups added, renamed
 * and removed; iterations added, renamed and removed; modules renamed and
 * moved; an allocation type's basis changed) the coverage rows equal the
 * engine's coverage of the rows themselves, and the coverage list reads
 * exactly its gaps plus a fixed overhead, whatever else the year holds.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { iterationCoverage } from "../../../convex/lib/workload";
import type { Backend } from "../harness";
import { loadUniversity, measureQuery, universityBackend, type LoadedUniversity } from "../university";

beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] }));
afterEach(() => vi.useRealTimers());

/** Every live iteration's coverage from its rows, as the list must show it (creation order). */
async function fromScratch(t: Backend, yearId: Id<"academic_years">) {
  return await t.run(async (ctx) => {
    const live = <T extends { deleted_at?: number }>(rows: T[]) => rows.filter((r) => r.deleted_at === undefined);
    const out = [];
    for (const iteration of live(await ctx.db.query("module_iterations").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", yearId)).collect())) {
      const module = await ctx.db.get(iteration.module_id);
      if (!module || module.deleted_at !== undefined) continue;
      const groups = live(await ctx.db.query("module_iteration_groups").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iteration._id)).collect());
      const allocations = live(await ctx.db.query("module_allocations").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iteration._id)).collect());
      const inputs = [];
      for (const a of allocations) {
        const type = (await ctx.db.get(a.allocation_type_id))!;
        inputs.push({ allocation_type_code: type.code, basis: type.basis, group_id: a.group_id, share: a.share });
      }
      const c = iterationCoverage(groups.map((g) => ({ id: g._id })), inputs);
      const name = new Map(groups.map((g) => [g._id as string, g.name]));
      out.push({
        iteration_id: iteration._id,
        iteration_code: iteration.code,
        module_title: module.title,
        department_id: module.department_id,
        has_gap: c.unallocated || c.gaps.length > 0 || c.groups_without_lecturer.length > 0,
        unallocated: c.unallocated,
        gaps: c.gaps.map((g) => ({ ...g, group_name: g.group_id ? (name.get(g.group_id) ?? null) : null })),
        groups_without_lecturer: c.groups_without_lecturer.map((id) => ({ id, name: name.get(id) ?? "" })),
      });
    }
    return out;
  });
}

async function expectCoverageKept(t: Backend, u: LoadedUniversity) {
  const expected = await fromScratch(t, u.activeYearId);
  const rows = await t.run(async (ctx) =>
    (await ctx.db.query("iteration_coverage").withIndex("by_academic_year_id_and_has_gap", (q) => q.eq("academic_year_id", u.activeYearId)).collect())
      .sort((a, b) => a._creationTime - b._creationTime)
      .map((r) => ({
        iteration_id: r.module_iteration_id,
        iteration_code: r.iteration_code,
        module_title: r.module_title,
        department_id: r.department_id,
        has_gap: r.has_gap,
        unallocated: r.unallocated,
        gaps: r.gaps,
        groups_without_lecturer: r.groups_without_lecturer,
      })),
  );
  expect(rows).toEqual(expected);
  const { result, documentsRead } = await measureQuery(u.planner, api.workload.dashboard.coverageGaps, { organisationId: u.organisationId, academicYearId: u.activeYearId });
  expect(result).toEqual(expected.filter((e) => e.has_gap).map(({ department_id, has_gap, ...shown }) => shown));
  return { gaps: result.length, overhead: documentsRead - result.length };
}

describe("coverage rows", () => {
  test("follow every edit and equal the coverage of the rows themselves", async () => {
    const t = universityBackend();
    const u = await loadUniversity(t, "small");
    const org = { organisationId: u.organisationId };
    const first = await expectCoverageKept(t, u);
    expect(first.gaps).toBe(2);

    const iterations = await u.planner.query(api.delivery.iterations.all, { ...org, academicYearId: u.activeYearId });
    const [a, b] = iterations;
    const types = await u.admin.query(api.reference.allocationTypes.all, org);
    const type = (code: string) => types.find((x) => x.code === code)!._id;
    const onA = await u.planner.query(api.workload.allocations.listForIteration, { ...org, iterationId: a._id });
    const contact = onA.allocations.find((x) => x.allocation_type_code === "contact")!;
    const lecturers = await u.planner.query(api.staff.lecturers.all, { ...org, academicYearId: u.activeYearId });

    // Allocations: added past 100%, re-shared, removed, restored.
    const extra = await u.planner.mutation(api.workload.allocations.create, { ...org, iterationId: a._id, lecturerId: lecturers[5]._id, allocationTypeId: type("contact"), share: 30 });
    expect((await expectCoverageKept(t, u)).gaps).toBe(3);
    const v2 = await u.planner.mutation(api.workload.allocations.update, { ...org, allocationId: extra.id, expectedVersion: extra.version, share: 10 });
    await expectCoverageKept(t, u);
    await u.planner.mutation(api.workload.allocations.remove, { ...org, allocationId: extra.id, expectedVersion: v2.version });
    expect((await expectCoverageKept(t, u)).gaps).toBe(2);
    await u.planner.mutation(api.workload.allocations.restore, { ...org, allocationId: extra.id, expectedVersion: v2.version + 1 });
    await expectCoverageKept(t, u);
    // Moved from the whole iteration to one group: the other groups lose that share.
    const groupsOfA = (await u.planner.query(api.delivery.groups.all, { ...org, academicYearId: u.activeYearId })).filter((g) => g.module_iteration_id === a._id);
    await u.planner.mutation(api.workload.allocations.update, { ...org, allocationId: contact.id, expectedVersion: contact.version, groupId: groupsOfA[0]._id });
    await expectCoverageKept(t, u);

    // Groups: added, renamed, removed.
    const group = await u.planner.mutation(api.delivery.groups.create, { ...org, academicYearId: u.activeYearId, module_iteration_id: b._id, name: "Group Z", student_count: 12 });
    await expectCoverageKept(t, u);
    await u.planner.mutation(api.delivery.groups.update, { ...org, id: group, patch: { name: "Evening group" } });
    await expectCoverageKept(t, u);
    await u.planner.mutation(api.delivery.groups.remove, { ...org, id: group });
    await expectCoverageKept(t, u);

    // Iterations and modules: a new, unstaffed iteration is a gap (the CS head sees it) until removed;
    // renames reach the list; a module moving department takes its gaps out of the old head's view.
    const departments = await u.admin.query(api.structure.departments.all, org);
    const cs = departments.find((d) => d.code === "CS")!;
    const modules = await u.planner.query(api.curriculum.modules.all, org);
    const csModule = modules.find((m) => m.department_id === cs._id)!;
    const module = modules.find((m) => m._id === b.module_id)!;
    const headSees = async () => (await u.head.query(api.workload.dashboard.coverageGaps, { ...org, academicYearId: u.activeYearId })).map((r) => r.iteration_id);
    const added = await u.planner.mutation(api.delivery.iterations.create, { ...org, academicYearId: u.activeYearId, module_id: csModule._id, code: `${csModule.code}-C`, semester: "S2", student_count: 10, intakes: 1 });
    const withNew = await expectCoverageKept(t, u);
    expect((await measureQuery(u.planner, api.workload.dashboard.coverageGaps, { ...org, academicYearId: u.activeYearId })).result.find((r) => r.iteration_id === added)).toMatchObject({ unallocated: true });
    expect(await headSees()).toContain(added);
    await u.planner.mutation(api.delivery.iterations.update, { ...org, id: b._id, expectedVersion: b.version, patch: { code: `${module.code}-R` } });
    await u.admin.mutation(api.curriculum.modules.update, { ...org, id: module._id, patch: { title: "Renamed module" } });
    await expectCoverageKept(t, u);
    await u.admin.mutation(api.curriculum.modules.update, { ...org, id: csModule._id, patch: { department_id: departments.find((d) => d.code === "MA")!._id } });
    expect(await headSees()).not.toContain(added);
    await expectCoverageKept(t, u);
    await u.planner.mutation(api.delivery.iterations.remove, { ...org, id: added });
    expect((await expectCoverageKept(t, u)).gaps).toBe(withNew.gaps - 1);

    // An allocation type's basis: every iteration's coverage changes, by the batched job.
    const contactType = types.find((x) => x.code === "contact")!;
    await u.admin.mutation(api.reference.allocationTypes.update, { ...org, id: contactType._id, patch: { basis: "iteration" } });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const after = await expectCoverageKept(t, u);

    // The list reads its gaps and a fixed overhead (who is asking), however the gaps came and went.
    expect(new Set([first.overhead, withNew.overhead, after.overhead]).size).toBe(1);
    expect(first.overhead).toBeLessThan(15);
    console.log(`coverage list: ${first.gaps} gaps read ${first.gaps + first.overhead} documents; ${after.gaps} gaps read ${after.gaps + after.overhead}`);
  }, 300_000);

  test("a scoped head's list reads only their departments' gaps", async () => {
    const t = universityBackend();
    const u = await loadUniversity(t, "small");
    const args = { organisationId: u.organisationId, academicYearId: u.activeYearId };
    const all = await measureQuery(u.planner, api.workload.dashboard.coverageGaps, args);
    const cs = await measureQuery(u.head, api.workload.dashboard.coverageGaps, args);
    const departments = await u.admin.query(api.structure.departments.all, { organisationId: u.organisationId });
    const csId = departments.find((d) => d.code === "CS")!._id;
    const csCodes = new Set((await u.planner.query(api.curriculum.modules.all, { organisationId: u.organisationId })).filter((m) => m.department_id === csId).map((m) => m.code));
    expect(cs.result.map((r) => r.iteration_code)).toEqual(all.result.map((r) => r.iteration_code).filter((code) => csCodes.has(code.split("-")[0])));
    expect(cs.documentsRead - cs.result.length).toBeLessThan(20);
  }, 120_000);
});
