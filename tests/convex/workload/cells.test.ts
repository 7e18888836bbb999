/**
 * One allocation per cell and the writes that fill cells: racing creates of
 * one empty cell give one allocation and one CONFLICT carrying the winner's
 * value; hours typed into an empty cell are stored with the share they are of
 * the component (so coverage never reads 200%); a pasted block is previewed,
 * then written all or nothing with one reason for its hours, and a block
 * pasted over newer values is refused.
 *
 * CS201: 20 credits, 120 students in 4 groups of 30 (see allocations.test.ts):
 * contact for the whole iteration at 100% = 20 x 2.5 x 4 groups = 200 h;
 * module leadership at 100% = 15 + 0.01 x 120 = 16.2 h.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { expectAppError, setupWorkload } from "./fixtures";
import { identity } from "../harness";

describe("one allocation per cell", () => {
  test("two planners racing to fill one empty cell: one allocation, one CONFLICT showing the winner's value", async () => {
    const w = await setupWorkload();
    const admin = w.admin;
    const cell = { organisationId: w.organisationId, iterationId: w.active.iterationId, lecturerId: w.active.ada, allocationTypeId: w.types.contact };
    const outcomes = await Promise.allSettled([
      w.planner.mutation(api.workload.allocations.create, { ...cell, share: 60 }),
      admin.mutation(api.workload.allocations.create, { ...cell, share: 40 }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    const data = rejected.reason.data;
    expect(data.code).toBe("CONFLICT");
    expect(data.message).toContain("Ada Lovelace already has Contact teaching on CS201-A");
    expect(data.currentVersion).toBe(1);
    const won = (outcomes.find((o) => o.status === "fulfilled") as PromiseFulfilledResult<{ share: number }>).value;
    // The loser sees the winner's value: the same dialog as a stale update.
    expect(data.current.share).toBe(won.share);

    const live = await w.t.run(async (ctx) => (await ctx.db.query("module_allocations").collect()).filter((a) => !a.deleted_at));
    expect(live).toHaveLength(1);
    const totals = await w.t.run(async (ctx) =>
      ctx.db.query("lecturer_year_totals").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", w.active.ada)).unique(),
    );
    expect(totals!.allocation_count).toBe(1);
    // Teaching counts the one allocation: 200 h x the winner's share.
    expect(totals!.category_hours.teaching).toBe(200 * (won.share / 100));
  });

  test("moving an allocation into a taken cell, or restoring one whose cell was filled, is a CONFLICT", async () => {
    const w = await setupWorkload();
    const base = { organisationId: w.organisationId, iterationId: w.active.iterationId, allocationTypeId: w.types.module_leadership };
    const ada = await w.planner.mutation(api.workload.allocations.create, { ...base, lecturerId: w.active.ada, share: 50 });
    const brian = await w.planner.mutation(api.workload.allocations.create, { ...base, lecturerId: w.active.brian, share: 50 });
    await expectAppError(
      w.planner.mutation(api.workload.allocations.update, {
        organisationId: w.organisationId,
        allocationId: brian.id,
        expectedVersion: brian.version,
        lecturerId: w.active.ada,
      }),
      "CONFLICT",
    );
    const removed = await w.planner.mutation(api.workload.allocations.remove, { organisationId: w.organisationId, allocationId: ada.id, expectedVersion: ada.version });
    await w.planner.mutation(api.workload.allocations.create, { ...base, lecturerId: w.active.ada, share: 30 });
    const error = await expectAppError(
      w.planner.mutation(api.workload.allocations.restore, { organisationId: w.organisationId, allocationId: ada.id, expectedVersion: removed.version }),
      "CONFLICT",
    );
    expect(error.current.share).toBe(30);
  });
});

describe("hours typed into an empty cell", () => {
  test("12h of a 16.2 h component is stored as a 74.1% share with the override and its reason; coverage counts the share", async () => {
    const w = await setupWorkload();
    const r = await w.planner.mutation(api.workload.allocations.create, {
      organisationId: w.organisationId,
      iterationId: w.active.iterationId,
      lecturerId: w.active.ada,
      allocationTypeId: w.types.module_leadership,
      hoursOverride: 12,
      overrideReason: "Shared with the programme leader",
    });
    expect(r.share).toBe(74.1); // 12 / 16.2 = 74.07%
    expect(r.hours).toBe(12);
    const row = await w.t.run(async (ctx) => ctx.db.get(r.id));
    expect(row).toMatchObject({ share: 74.1, hours_override: 12, override_reason: "Shared with the programme leader" });

    // Brian takes the rest as 5h: 5 / 16.2 = 30.9%; together 105%, not 200%.
    await w.planner.mutation(api.workload.allocations.create, {
      organisationId: w.organisationId,
      iterationId: w.active.iterationId,
      lecturerId: w.active.brian,
      allocationTypeId: w.types.module_leadership,
      hoursOverride: 5,
      overrideReason: "Shared with the programme leader",
    });
    const gaps = await w.planner.query(api.workload.dashboard.coverageGaps, { organisationId: w.organisationId, academicYearId: w.activeYearId });
    const leadership = gaps[0].gaps.find((g) => g.allocation_type_code === "module_leadership");
    expect(leadership).toMatchObject({ covered_percent: 105, status: "over" });
  });

  test("more hours than the whole component cap the share at 100%; 0 h is refused", async () => {
    const w = await setupWorkload();
    const cell = {
      organisationId: w.organisationId,
      iterationId: w.active.iterationId,
      lecturerId: w.active.ada,
      allocationTypeId: w.types.module_leadership,
      overrideReason: "Leads two intakes",
    };
    await expectAppError(w.planner.mutation(api.workload.allocations.create, { ...cell, hoursOverride: 0 }), "INVALID_ARGUMENT");
    const r = await w.planner.mutation(api.workload.allocations.create, { ...cell, hoursOverride: 40 });
    expect(r.share).toBe(100);
    expect(r.hours).toBe(40);
  });
});

describe("a pasted block", () => {
  test("the preview shows each cell's share and hours; apply creates exactly those allocations with one reason", async () => {
    const w = await setupWorkload();
    const [g1, g2] = w.active.groups;
    const cells = [
      // Contact for group 1 at 100% = 50 h; group 2 as 25h = 50% of 50 h.
      { iterationId: w.active.iterationId, lecturerId: w.active.ada, allocationTypeId: w.types.contact, groupId: g1, expectedVersion: null, value: { share: 100 } },
      { iterationId: w.active.iterationId, lecturerId: w.active.brian, allocationTypeId: w.types.contact, groupId: g2, expectedVersion: null, value: { hours: 25 } },
      { iterationId: w.active.iterationId, lecturerId: w.active.ada, allocationTypeId: w.types.module_leadership, expectedVersion: null, value: { share: 100 } },
    ];
    const preview = await w.planner.query(api.workload.cells.preview, { organisationId: w.organisationId, cells });
    expect(preview).toMatchObject({ creates: 3, updates: 0, removes: 0, errors: 0, stale: 0, needs_reason: true });
    expect(preview.cells.map((c) => [c.label, c.action, c.after])).toEqual([
      ["CS201-A · Contact teaching (G1) · Ada Lovelace", "create", { share: 100, hours: 50 }],
      ["CS201-A · Contact teaching (G2) · Brian Kernighan", "create", { share: 50, hours: 25, hours_override: 25 }],
      ["CS201-A · Module leadership · Ada Lovelace", "create", { share: 100, hours: 16.2 }],
    ]);
    // Nothing was written by the preview.
    expect(await w.t.run(async (ctx) => (await ctx.db.query("module_allocations").collect()).length)).toBe(0);

    // Hours without a reason are refused, and nothing is written.
    await expectAppError(w.planner.mutation(api.workload.cells.apply, { organisationId: w.organisationId, cells }), "INVALID_ARGUMENT");
    expect(await w.t.run(async (ctx) => (await ctx.db.query("module_allocations").collect()).length)).toBe(0);

    const applied = await w.planner.mutation(api.workload.cells.apply, { organisationId: w.organisationId, cells, overrideReason: "Agreed at the teaching meeting" });
    expect(applied).toMatchObject({ created: 3, updated: 0, removed: 0 });
    const rows = await w.t.run(async (ctx) => ctx.db.query("module_allocations").collect());
    expect(rows.map((r) => [r.share, r.hours_override ?? null, r.override_reason ?? null, r.computed_hours]).sort()).toEqual(
      [
        [100, null, null, 50],
        [50, 25, "Agreed at the teaching meeting", 25],
        [100, null, null, 16.2],
      ].sort(),
    );
    // Each lecturer hears once.
    const brianBell = await w.brianUser.query(api.account.notifications.list, { organisationId: w.organisationId });
    expect(brianBell.items.map((n) => n.title)).toEqual(["New allocation on CS201-A"]);
  });

  test("a block pasted over a value someone saved meanwhile is refused with CONFLICT naming the cell; nothing is written", async () => {
    const w = await setupWorkload();
    const cell = { iterationId: w.active.iterationId, lecturerId: w.active.ada, allocationTypeId: w.types.module_leadership };
    // The sheet showed the cell empty, but another planner filled it first.
    await w.admin.mutation(api.workload.allocations.create, { organisationId: w.organisationId, ...cell, share: 40 });
    const error = await expectAppError(
      w.planner.mutation(api.workload.cells.apply, {
        organisationId: w.organisationId,
        cells: [
          { ...cell, expectedVersion: null, value: { share: 100 } },
          { ...cell, lecturerId: w.active.brian, expectedVersion: null, value: { share: 60 } },
        ],
      }),
      "CONFLICT",
    );
    expect(error.message).toContain("CS201-A · Module leadership · Ada Lovelace");
    expect(error.cells).toEqual([expect.objectContaining({ stale: true, before: { share: 40, hours: 6.5 } })]);
    const rows = await w.t.run(async (ctx) => ctx.db.query("module_allocations").collect());
    expect(rows.map((r) => r.share)).toEqual([40]);
  });

  test("a block larger than the limit is refused before anything is read", async () => {
    const w = await setupWorkload();
    const cell = { iterationId: w.active.iterationId, lecturerId: w.active.ada, allocationTypeId: w.types.module_leadership, expectedVersion: null, value: { share: 1 } };
    const error = await expectAppError(
      w.planner.mutation(api.workload.cells.apply, { organisationId: w.organisationId, cells: Array.from({ length: 201 }, () => cell) }),
      "INVALID_ARGUMENT",
    );
    expect(error.message).toContain("At most 200 cells");
  });
});

describe("the largest block within Convex's limits", () => {
  test("200 cells (every component of 20 iterations for 2 lecturers) apply in one transaction", { timeout: 120_000 }, async () => {
    const w = await setupWorkload();
    const extra = await w.t.run(async (ctx) => {
      const base = { organisation_id: w.organisationId, created_at: 0, updated_at: 0 };
      const iterations = [];
      for (let i = 0; i < 20; i++) {
        iterations.push(
          await ctx.db.insert("module_iterations", {
            ...base,
            academic_year_id: w.activeYearId,
            module_id: w.moduleId,
            code: `CS201-${i}`,
            semester: "S1",
            student_count: 40,
            intakes: 1,
            version: 1,
          }),
        );
      }
      return iterations;
    });
    const lecturers = [w.active.ada, w.active.brian];
    const cells = [];
    for (const iterationId of extra)
      for (const lecturerId of lecturers)
        for (const code of ["contact", "preparation", "marking", "module_admin", "module_leadership"])
          cells.push({ iterationId, lecturerId, allocationTypeId: w.types[code], expectedVersion: null, value: { share: 50 } });
    expect(cells).toHaveLength(200);
    // The harness enforces Convex's own transaction limits.
    const applied = await w.planner.mutation(api.workload.cells.apply, { organisationId: w.organisationId, cells });
    expect(applied.created).toBe(200);
  });
});

describe("scope", () => {
  test("a head scoped to Computing cannot write a Mathematics module's cell; the preview says why", async () => {
    const w = await setupWorkload();
    const math = await w.t.run(async (ctx) => {
      const base = { organisation_id: w.organisationId, created_at: 0, updated_at: 0 };
      const departmentId = await ctx.db.insert("departments", { ...base, faculty_id: w.facultyId, name: "Mathematics", code: "MA" });
      const moduleId = await ctx.db.insert("modules", { ...base, department_id: departmentId, code: "MA101", title: "Calculus", credits: 20, level: 4, default_semester: "S1" });
      const iterationId = await ctx.db.insert("module_iterations", {
        ...base,
        academic_year_id: w.activeYearId,
        module_id: moduleId,
        code: "MA101-A",
        semester: "S1",
        student_count: 60,
        intakes: 1,
        version: 1,
      });
      const roles = await ctx.db.query("roles").collect();
      const userId = await ctx.db.insert("users", {
        ...base,
        email: "hod@tu.example",
        name: "Harriet Head",
        token_identifier: identity("hod@tu.example").tokenIdentifier,
        status: "active",
      });
      await ctx.db.insert("user_role_assignments", { ...base, user_id: userId, role_id: roles.find((r) => r.name === "Head of Department")!._id, scope_department_id: w.departmentId });
      return { iterationId };
    });
    const hod = w.t.withIdentity(identity("hod@tu.example"));
    const cells = [{ iterationId: math.iterationId, lecturerId: w.active.ada, allocationTypeId: w.types.module_leadership, expectedVersion: null, value: { share: 100 } }];
    const preview = await hod.query(api.workload.cells.preview, { organisationId: w.organisationId, cells });
    expect(preview.cells[0].error).toBe("Mathematics is outside your department.");
    const error = await expectAppError(hod.mutation(api.workload.cells.apply, { organisationId: w.organisationId, cells }), "FORBIDDEN");
    expect(error.message).toBe("MA101-A · Module leadership · Ada Lovelace: Mathematics is outside your department.");
    const single = await expectAppError(
      hod.mutation(api.workload.allocations.create, {
        organisationId: w.organisationId,
        iterationId: math.iterationId,
        lecturerId: w.active.ada,
        allocationTypeId: w.types.module_leadership,
        share: 100,
      }),
      "FORBIDDEN",
    );
    expect(single.message).toBe("Mathematics is outside your department.");

    // Ada (Computing) teaching the Maths module: the head reads it, read-only, with the reason.
    await w.admin.mutation(api.workload.allocations.create, {
      organisationId: w.organisationId,
      iterationId: math.iterationId,
      lecturerId: w.active.ada,
      allocationTypeId: w.types.module_leadership,
      share: 100,
    });
    const view = await hod.query(api.workload.allocations.listForIteration, { organisationId: w.organisationId, iterationId: math.iterationId });
    expect(view).toMatchObject({ department_name: "Mathematics", can_edit: false, read_only_reason: "Mathematics is outside your department.", has_hidden: false });
    expect(view.allocations.map((a) => [a.lecturer_name, a.share, a.can_edit, a.read_only_reason])).toEqual([
      ["Ada Lovelace", 100, false, "Mathematics is outside your department."],
    ]);

    // Mo (Mathematics) teaches it too: the head may not read Mo's allocation, sees Ada's alone and is told others are hidden.
    const mathsId = (await w.t.run(async (ctx) => await ctx.db.query("departments").collect())).find((d) => d.name === "Mathematics")!._id;
    const mo = await w.admin.mutation(api.staff.lecturerProfiles.createWithInstance, {
      organisationId: w.organisationId,
      academicYearId: w.activeYearId,
      first_name: "Mo",
      last_name: "Maths",
      email: "mo@tu.example",
      default_contract_family: "teaching_focused",
      default_fte: 1,
      department_id: mathsId,
    });
    await w.admin.mutation(api.workload.allocations.create, {
      organisationId: w.organisationId,
      iterationId: math.iterationId,
      lecturerId: mo.lecturerId,
      allocationTypeId: w.types.contact,
      share: 100,
    });
    const partial = await hod.query(api.workload.allocations.listForIteration, { organisationId: w.organisationId, iterationId: math.iterationId });
    expect(partial).toMatchObject({ has_hidden: true, hidden_reason: "Mathematics is outside your scope: only allocations of lecturers you may see are shown." });
    expect(partial.allocations.map((a) => a.lecturer_name)).toEqual(["Ada Lovelace"]);
    const planner = await w.planner.query(api.workload.allocations.listForIteration, { organisationId: w.organisationId, iterationId: math.iterationId });
    expect(planner.has_hidden).toBe(false);
    expect(planner.allocations.map((a) => a.lecturer_name).sort()).toEqual(["Ada Lovelace", "Mo Maths"]);
  });
});
