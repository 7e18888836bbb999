/**
 * Integrity and year states, enforced by the function layer for every
 * write: a year's row references rows of the same year only; a delete others
 * depend on is refused with what depends on it (a year goes with its own
 * configuration only); a restore re-checks references and scope; archived
 * years are read-only and locked ones need `years.edit_locked`; every table
 * is audited unless deliberately left out.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id, TableNames } from "../../../convex/_generated/dataModel";
import { AUDITED_TABLES, UNAUDITED_TABLES } from "../../../convex/lib/triggers";
import schema from "../../../convex/schema";
import { expectAppError, identity, newBackend } from "../harness";
import { diff, dump } from "./dump";
import { asSystem, buildFixture, emailOf } from "./fixture";

const as = (t: ReturnType<typeof newBackend>, c: string) => t.withIdentity(identity(emailOf(c as any)));

describe("integrity", { timeout: 60_000 }, () => {
  test("a year's row references rows of the same year only", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const admin = as(t, "admin");
    const before = await dump(t);
    // A group in the staging year for an iteration of the active year.
    const group = await expectAppError(
      admin.mutation(api.delivery.groups.create, {
        organisationId: fx.org,
        academicYearId: fx.staging,
        module_iteration_id: fx.rows.module_iterations as Id<"module_iterations">,
        name: "G9",
        student_count: 10,
      }),
      "INVALID_ARGUMENT",
    );
    expect(group.message).toBe("The module iteration given as module iteration belongs to another academic year.");
    await expectAppError(
      admin.mutation(api.curriculum.cohortModulePlans.create, {
        organisationId: fx.org,
        academicYearId: fx.staging,
        cohort_id: fx.rows.cohorts as Id<"cohorts">,
        module_id: fx.rows.modules as Id<"modules">,
        module_iteration_id: fx.rows.module_iterations as Id<"module_iterations">,
        planned_students: 10,
        semester: "S1",
      }),
      "INVALID_ARGUMENT",
    );
    // A team of another department for a lecturer of this one.
    const otherTeam = await t.run(async (ctx) => (await ctx.db.query("teams").withIndex("by_department_id", (q) => q.eq("department_id", fx.other)).first())!._id);
    await expectAppError(
      admin.mutation(api.staff.lecturers.update, { organisationId: fx.org, id: fx.rows.lecturers as Id<"lecturers">, patch: { team_id: otherTeam }, expectedVersion: 1 }),
      "INVALID_ARGUMENT",
    );
    expect(diff(before, await dump(t))).toEqual([]);
  });

  test("a delete others depend on is refused with what depends on it", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const admin = as(t, "admin");
    const module = await expectAppError(admin.mutation(api.curriculum.modules.remove, { organisationId: fx.org, id: fx.rows.modules as Id<"modules"> }), "CONFLICT");
    expect(module.message).toBe("This module cannot be deleted while course modules, cohort module plans and module iterations still refer to it.");
    const department = await expectAppError(admin.mutation(api.structure.departments.remove, { organisationId: fx.org, id: fx.home }), "CONFLICT");
    expect(department.dependents).toEqual(expect.arrayContaining(["teams", "lecturers", "modules", "courses"]));
    const year = await expectAppError(admin.mutation(api.structure.academicYears.remove, { organisationId: fx.org, id: fx.year }), "CONFLICT");
    expect(year.message).toContain("is the current year and cannot be deleted");
    // A staging year holding lecturers cannot go; an empty one goes with its semesters, settings and rules.
    const profile = fx.leaf.lecturer_profiles as Id<"lecturer_profiles">;
    const instance = await admin.mutation(api.staff.lecturers.addToYear, { organisationId: fx.org, profileId: profile, academicYearId: fx.staging });
    const full = await expectAppError(admin.mutation(api.structure.academicYears.remove, { organisationId: fx.org, id: fx.staging }), "CONFLICT");
    expect(full.message).toContain("still has lecturer records");
    // Removed (soft-deleted), the record still points at the year (#12: delete it with everything in it instead).
    await admin.mutation(api.staff.lecturers.remove, { organisationId: fx.org, id: instance });
    await expectAppError(admin.mutation(api.structure.academicYears.remove, { organisationId: fx.org, id: fx.staging }), "CONFLICT");
    const empty = await admin.mutation(api.structure.academicYears.create, { organisationId: fx.org, name: "Empty year", start_date: "2031-09-01", end_date: "2032-08-31" });
    await admin.mutation(api.structure.academicYears.remove, { organisationId: fx.org, id: empty });
    const left = await t.run((ctx) => ctx.db.query("organisation_settings").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", empty)).collect());
    expect(left).toEqual([]);
  });

  test("a restore re-checks references and scope", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const admin = as(t, "admin");
    const leafIteration = fx.leaf.module_iterations as Id<"module_iterations">;
    await admin.mutation(api.delivery.iterations.remove, { organisationId: fx.org, id: leafIteration });
    const module = await admin.mutation(api.curriculum.modules.create, { organisationId: fx.org, code: "CS777", title: "Short-lived", credits: 10, level: 4, default_semester: "S1", department_id: fx.home });
    const iteration = await admin.mutation(api.delivery.iterations.create, {
      organisationId: fx.org,
      academicYearId: fx.year,
      module_id: module,
      code: "CS777-A",
      semester: "S1",
      student_count: 5,
      intakes: 1,
    });
    await admin.mutation(api.delivery.iterations.remove, { organisationId: fx.org, id: iteration });
    await admin.mutation(api.curriculum.modules.remove, { organisationId: fx.org, id: module });
    const gone = await expectAppError(admin.mutation(api.delivery.iterations.restore, { organisationId: fx.org, id: iteration }), "NOT_FOUND");
    expect(gone.message).toBe("The module given as module does not exist or has been deleted.");
    // Restoring is changing: the Head of Mathematics cannot bring back Computer Science's iteration.
    await expectAppError(as(t, "hodOther").mutation(api.delivery.iterations.restore, { organisationId: fx.org, id: leafIteration }), "FORBIDDEN");
    await admin.mutation(api.delivery.iterations.restore, { organisationId: fx.org, id: leafIteration });
  });

  test("archived years are read-only; locked years need the permission to change a locked year", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const lecturer = fx.rows.lecturers as Id<"lecturers">;
    await asSystem(t, (db) => db.patch(fx.year, { status: "locked" }));
    const planner = as(t, "planner");
    const locked = await expectAppError(
      planner.mutation(api.staff.lecturers.update, { organisationId: fx.org, id: lecturer, patch: { fte: 0.9 }, expectedVersion: 1 }),
      "FORBIDDEN",
    );
    expect(locked.message).toBe("2026/27 is locked (published): changing its records needs the permission to change a locked year's records.");
    // The Admin holds years.edit_locked.
    await as(t, "admin").mutation(api.staff.lecturers.update, { organisationId: fx.org, id: lecturer, patch: { fte: 0.9 }, expectedVersion: 1 });
    await asSystem(t, (db) => db.patch(fx.year, { status: "archived" }));
    const before = await dump(t);
    const archived = await expectAppError(
      as(t, "admin").mutation(api.staff.lecturers.update, { organisationId: fx.org, id: lecturer, patch: { fte: 0.8 }, expectedVersion: 2 }),
      "FORBIDDEN",
    );
    expect(archived.message).toBe("2026/27 is archived: its records are read-only.");
    await expectAppError(
      as(t, "admin").mutation(api.workload.allocations.create, {
        organisationId: fx.org,
        iterationId: fx.rows.module_iterations as Id<"module_iterations">,
        lecturerId: lecturer,
        allocationTypeId: fx.rows.allocation_types as Id<"allocation_types">,
        share: 10,
      }),
      "FORBIDDEN",
    );
    expect(diff(before, await dump(t))).toEqual([]);
    // Reading an archived year is unchanged.
    expect((await as(t, "viewer").query(api.staff.lecturers.all, { organisationId: fx.org, academicYearId: fx.year })).length).toBe(3);
  });

  test("every table is audited unless deliberately left out", () => {
    const tables = Object.keys(schema.tables) as TableNames[];
    expect([...AUDITED_TABLES, ...UNAUDITED_TABLES].sort()).toEqual([...tables].sort());
    expect(AUDITED_TABLES).toContain("api_keys"); // a table added by this work, audited without being listed
    expect([...UNAUDITED_TABLES].sort()).toEqual(
      [
        "allocation_suggestion_lines",
        "allocation_suggestion_runs",
        "audit_logs",
        "data_sync_logs",
        "events",
        "import_keys",
        "import_mappings",
        "import_rows",
        "iteration_coverage",
        "jobs",
        "lecturer_year_totals",
        "notifications",
        "overview_cells",
        "presence",
        "stored_files",
        "team_summaries",
        "user_sessions",
      ].sort(),
    );
  });
});
