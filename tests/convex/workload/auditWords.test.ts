/**
 * The audit trail as a person reads it: the entity named ("Allocation: Ada
 * Lovelace · CS201-A · Contact teaching"), the change in words with units
 * ("share 60% → 50%, hours 120 h → 100 h"), ids shown as the names they
 * point at, and history panels for a lecturer, an iteration and an
 * allocation that gather the rows belonging to them.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { expectAppError, setupWorkload } from "./fixtures";

describe("the audit trail in words", () => {
  test("an allocation's create and edit are named and described", async () => {
    const w = await setupWorkload();
    const created = await w.planner.mutation(api.workload.allocations.create, {
      organisationId: w.organisationId,
      iterationId: w.active.iterationId,
      lecturerId: w.active.ada,
      allocationTypeId: w.types.contact,
      share: 60,
    });
    await w.planner.mutation(api.workload.allocations.update, {
      organisationId: w.organisationId,
      allocationId: created.id,
      expectedVersion: created.version,
      share: 50,
      lecturerId: w.active.brian,
    });
    const page = await w.admin.query(api.audit.logs.list, {
      organisationId: w.organisationId,
      entityType: "module_allocations",
      paginationOpts: { numItems: 10, cursor: null },
    });
    const [update, create] = page.page;
    expect(update.entity_label).toBe("Allocation: Brian Kernighan · CS201-A · Contact teaching");
    // Contact for the whole iteration: 200 h at 100%; Ada 60% = 120 h, Brian 50% = 100 h.
    expect(update.summary).toBe("share 60% → 50%, hours 120 h → 100 h, lecturer Ada Lovelace → Brian Kernighan");
    expect(update.user_name).toBe("planner");
    expect(create.summary).toBe(
      "created: share 60%, hours 120 h, first delivery no, answer pending",
    );
    // No raw ids in what a person reads.
    for (const row of page.page) expect(`${row.entity_label} ${row.summary}`).not.toMatch(/[0-9]{6,}/);
  });

  test("history panels: a lecturer's gathers their record and allocations; a lecturer reads only their own allocation's", async () => {
    const w = await setupWorkload();
    const a = await w.planner.mutation(api.workload.allocations.create, {
      organisationId: w.organisationId,
      iterationId: w.active.iterationId,
      lecturerId: w.active.brian,
      allocationTypeId: w.types.module_leadership,
      share: 100,
    });
    await w.admin.mutation(api.staff.lecturers.update, { organisationId: w.organisationId, id: w.active.brian, patch: { fte: 0.6 }, expectedVersion: 1 });
    const lecturer = await w.admin.query(api.audit.logs.historyOf, { organisationId: w.organisationId, subject: { kind: "lecturer", id: w.active.brian } });
    expect(lecturer.map((r) => [r.entity_label, r.summary])).toEqual([
      ["Lecturer: Brian Kernighan (2026/27)", "FTE 0.5 → 0.6"],
      ["Allocation: Brian Kernighan · CS201-A · Module leadership", "created: share 100%, hours 16.2 h, first delivery no, answer pending"],
      ["Lecturer: Brian Kernighan (2026/27)", "created: FTE 0.5, contract family teaching focused, department Computing, team Software"],
      [
        "Lecturer profile: Brian Kernighan",
        "created: default contract family teaching focused, default fte 0.5, department Computing, email brian@tu.example, first name Brian, name Brian Kernighan, last name Kernighan, team Software",
      ],
    ]);
    const iteration = await w.admin.query(api.audit.logs.historyOf, { organisationId: w.organisationId, subject: { kind: "iteration", id: w.active.iterationId } });
    expect(iteration.map((r) => r.entity_label)).toContain("Allocation: Brian Kernighan · CS201-A · Module leadership");
    const own = await w.brianUser.query(api.audit.logs.historyOf, { organisationId: w.organisationId, subject: { kind: "allocation", id: a.id } });
    expect(own).toHaveLength(1);
    await expectAppError(w.brianUser.query(api.audit.logs.historyOf, { organisationId: w.organisationId, subject: { kind: "iteration", id: w.active.iterationId } }), "FORBIDDEN");
  });
});
