/**
 * The demo university seed: people can sign in as the seeded roles, both
 * years are populated, allocations carry engine-computed hours, and the live
 * totals agree with a from-scratch recount (drift 0).
 */
import { describe, expect, test } from "vitest";
import { api, internal } from "../../../convex/_generated/api";
import { identity, newBackend } from "../harness";

describe("demo seed", () => {
  test("the small demo university is complete and its totals have no drift", async () => {
    const t = newBackend();
    const message = await t.action(internal.seed.demoUniversity, { size: "small" });
    expect(message).toMatch(/^Seeded Northbridge University: \d+ allocations\.$/);
    expect(await t.action(internal.seed.demoUniversity, { size: "small" })).toBe("The demo university already exists.");

    const admin = t.withIdentity(identity("admin@northbridge.ac.uk", "Alex Admin"));
    expect(await admin.mutation(api.organisations.membership.acceptInvitations, {})).toBe(1);
    const [membership] = await admin.query(api.organisations.membership.mine, {});
    const organisationId = membership.organisationId;
    const years = await admin.query(api.structure.academicYears.all, { organisationId });
    expect(years.map((y) => [y.name, y.status])).toEqual([["2026/27", "active"], ["2027/28", "staging"]]);
    const [active, staging] = years;

    const lecturers = await admin.query(api.staff.lecturers.all, { organisationId, academicYearId: active._id });
    expect(lecturers).toHaveLength(12 * 2); // 12 teams x 2 lecturers
    expect(await admin.query(api.staff.lecturers.all, { organisationId, academicYearId: staging._id })).toHaveLength(24);
    const iterations = await admin.query(api.delivery.iterations.all, { organisationId, academicYearId: active._id });
    expect(iterations).toHaveLength(6 * 4); // 6 departments x 4 modules

    const allocations = await t.run((ctx) => ctx.db.query("module_allocations").collect());
    expect(allocations.length).toBeGreaterThanOrEqual(24 * 5);
    expect(allocations.every((a) => a.academic_year_id === active._id)).toBe(true);
    const leadership = allocations.filter((a) => a.share === 100 && a.work_category === "leadership");
    expect(leadership.length).toBe(24);
    expect(leadership.every((a) => a.computed_hours > 15)).toBe(true); // 15 + 0.01 x students

    const courses = await admin.query(api.curriculum.courses.all, { organisationId });
    expect(courses).toHaveLength(12); // a BSc and an MSc per department
    const cohorts = await admin.query(api.curriculum.cohorts.all, { organisationId });
    expect(cohorts).toHaveLength(24);
    const plans = await admin.query(api.curriculum.cohortModulePlans.all, { organisationId, academicYearId: active._id });
    expect(plans).toHaveLength(24); // every active iteration is in its cohort's plan

    const verify = await admin.query(api.workload.verify.verifyTotals, { organisationId, academicYearId: active._id });
    expect(verify.total_drift).toBe(0);

    const roles = await t.run(async (ctx) => {
      const users = await ctx.db.query("users").collect();
      return users.map((u) => u.email).sort();
    });
    expect(roles).toContain("hod.cs@northbridge.ac.uk");
    expect(roles).toContain("planner@northbridge.ac.uk");
    expect(roles.filter((e) => !e.includes("@northbridge.ac.uk"))).toEqual([]);
  }, 120_000); // seeding takes seconds; more on a loaded machine
});
