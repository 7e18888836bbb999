/**
 * A lecturer's query always reaches someone: on an allocation a seed or an
 * import wrote (no planner behind it), the head scoped to the module's
 * department hears; with nobody scoped there, every organisation-wide
 * planner does; the planner answers in the app and the lecturer hears the
 * answer; a lecturer accepts all their open allocations at once.
 */
import { describe, expect, test } from "vitest";
import { api, internal } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { identity } from "../harness";
import { expectAppError, setupWorkload, withTriggers, type Workload } from "./fixtures";

/** Brian's leadership and marking of CS201, written the way a seed writes them (no planner). */
async function seededAllocations(w: Workload) {
  return await withTriggers(w.t, async (ctx) => {
    const row = (type: Id<"allocation_types">, share: number) =>
      ctx.db.insert("module_allocations", {
        organisation_id: w.organisationId,
        academic_year_id: w.activeYearId,
        module_iteration_id: w.active.iterationId,
        lecturer_id: w.active.brian,
        allocation_type_id: type,
        share,
        first_time: false,
        computed_hours: 0,
        work_category: "leadership",
        semester_hours: { S1: 0, S2: 0, S3: 0 },
        response_status: "pending",
        version: 1,
        created_at: 0,
        updated_at: 0,
      });
    return { leadership: await row(w.types.module_leadership, 100), marking: await row(w.types.marking, 50), admin: await row(w.types.module_admin, 100) };
  });
}

async function scopedHead(w: Workload) {
  await withTriggers(w.t, async (ctx) => {
    const base = { organisation_id: w.organisationId, created_at: 0, updated_at: 0 };
    const role = (await ctx.db.query("roles").collect()).find((r) => r.name === "Head of Department")!;
    const userId = await ctx.db.insert("users", {
      ...base,
      email: "hod@tu.example",
      name: "Harriet Head",
      token_identifier: identity("hod@tu.example").tokenIdentifier,
      status: "active",
    });
    await ctx.db.insert("user_role_assignments", { ...base, user_id: userId, role_id: role._id, scope_department_id: w.departmentId });
  });
  return w.t.withIdentity(identity("hod@tu.example"));
}

const bell = async (w: Workload, who: Workload["admin"]) =>
  (await who.query(api.account.notifications.list, { organisationId: w.organisationId })).items.map((n) => [n.title, n.body]);

describe("queries reach a planner", () => {
  test("a query on a seeded allocation reaches the head scoped to its department, who answers; the lecturer hears the answer", async () => {
    const w = await setupWorkload();
    const rows = await seededAllocations(w);
    const hod = await scopedHead(w);
    await w.brianUser.mutation(api.workload.allocations.respond, {
      organisationId: w.organisationId,
      allocationId: rows.leadership,
      expectedVersion: 1,
      status: "queried",
      comment: "I am on leave in S1",
    });
    expect(await bell(w, hod)).toEqual([["brian queried an allocation", '100% of Module leadership on CS201-A Data Structures: "I am on leave in S1"']]);
    // Someone is scoped to Computing, so the organisation-wide planner is not disturbed.
    expect(await bell(w, w.planner)).toEqual([]);

    // The head's list of open queries holds it; they answer in the app.
    const open = await hod.query(api.workload.allocations.listQueries, { organisationId: w.organisationId, academicYearId: w.activeYearId });
    expect(open.map((q) => [q.lecturer_name, q.allocation_type_name, q.response_comment])).toEqual([["Brian Kernighan", "Module leadership", "I am on leave in S1"]]);
    await expectAppError(
      hod.mutation(api.workload.allocations.reply, { organisationId: w.organisationId, allocationId: rows.leadership, expectedVersion: 2, message: "  " }),
      "INVALID_ARGUMENT",
    );
    await hod.mutation(api.workload.allocations.reply, {
      organisationId: w.organisationId,
      allocationId: rows.leadership,
      expectedVersion: 2,
      message: "Ada covers S1; you lead from S2",
    });
    expect((await bell(w, w.brianUser))[0]).toEqual([
      "Your query on CS201-A was answered",
      'Harriet Head answered your query on 100% of Module leadership on CS201-A Data Structures: "Ada covers S1; you lead from S2"',
    ]);
    const mine = await w.brianUser.query(api.workload.allocations.listForLecturer, { organisationId: w.organisationId, lecturerId: w.active.brian });
    expect(mine.find((a) => a.id === rows.leadership)).toMatchObject({
      response_status: "queried",
      reply: "Ada covers S1; you lead from S2",
      replied_by_name: "Harriet Head",
    });
  });

  test("the query is also an email event of the head (the notices' one path), and their immediate email carries it", async () => {
    const w = await setupWorkload();
    const rows = await seededAllocations(w);
    const hod = await scopedHead(w);
    await hod.mutation(api.account.settings.setNotifications, { organisationId: w.organisationId, in_app_allocation_changes: true, email_reports: true, digest: "immediate" });
    await w.brianUser.mutation(api.workload.allocations.respond, {
      organisationId: w.organisationId,
      allocationId: rows.leadership,
      expectedVersion: 1,
      status: "queried",
      comment: "I am on leave in S1",
    });
    const hodId = await w.t.run(async (ctx) => (await ctx.db.query("users").collect()).find((u) => u.email === "hod@tu.example")!._id);
    const events = await w.t.run(async (ctx) =>
      ctx.db.query("events").withIndex("by_recipient_user_id_and_emailed_at", (q) => q.eq("recipient_user_id", hodId)).collect(),
    );
    expect(events.map((e) => [e.type, e.entity_id, e.notification_id !== undefined])).toEqual([["allocation_queried", rows.leadership, true]]);
    const deliveryId = await w.t.mutation(internal.reports.notifyEmails.flushUser, { userId: hodId, kind: "immediate" });
    const delivery = await w.t.run(async (ctx) => ctx.db.get(deliveryId!));
    expect(delivery).toMatchObject({ kind: "notifications", address: "hod@tu.example", subject: expect.stringContaining("brian queried an allocation") });
    expect(delivery!.body_text).toContain('100% of Module leadership on CS201-A Data Structures: "I am on leave in S1"');
  });

  test("with nobody scoped to the department, every organisation-wide planner hears; the planner who last changed it too", async () => {
    const w = await setupWorkload();
    const rows = await seededAllocations(w);
    await w.brianUser.mutation(api.workload.allocations.respond, {
      organisationId: w.organisationId,
      allocationId: rows.marking,
      expectedVersion: 1,
      status: "queried",
      comment: "Too many scripts",
    });
    const heard = [["brian queried an allocation", '50% of Marking and assessment on CS201-A Data Structures: "Too many scripts"']];
    expect(await bell(w, w.planner)).toEqual(heard);
    expect(await bell(w, w.admin)).toEqual(heard);
    // Viewers plan nothing and hear nothing.
    expect(await bell(w, w.viewer)).toEqual([]);
  });

  test("a lecturer accepts all their open allocations at once; queried ones stay queried", async () => {
    const w = await setupWorkload();
    const rows = await seededAllocations(w);
    await w.brianUser.mutation(api.workload.allocations.respond, {
      organisationId: w.organisationId,
      allocationId: rows.marking,
      expectedVersion: 1,
      status: "queried",
      comment: "Too many scripts",
    });
    const result = await w.brianUser.mutation(api.workload.allocations.acceptAll, { organisationId: w.organisationId, academicYearId: w.activeYearId });
    expect(result.accepted).toBe(2);
    const mine = await w.brianUser.query(api.workload.allocations.listForLecturer, { organisationId: w.organisationId, lecturerId: w.active.brian });
    expect(mine.map((a) => [a.allocation_type_name, a.response_status]).sort()).toEqual([
      ["Marking and assessment", "queried"],
      ["Module administration", "accepted"],
      ["Module leadership", "accepted"],
    ]);
    // Someone with no lecturer record has nothing to accept.
    await expectAppError(w.planner.mutation(api.workload.allocations.acceptAll, { organisationId: w.organisationId, academicYearId: w.activeYearId }), "FORBIDDEN");
  });
});
