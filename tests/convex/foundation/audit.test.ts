/**
 * The audit trail: every write on an audited table leaves exactly one row
 * with the acting user and the changed fields' old and new values.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { createOrganisation, member, newBackend } from "../harness";

describe("audit trail", () => {
  test("create, update, soft delete and restore each leave exactly one row with old and new values", async () => {
    const t = newBackend();
    const { admin, organisationId } = await createOrganisation(t);
    const { client: planner, userId: plannerId } = await member(t, admin, organisationId, "planner@a.example", "Planner");
    const siteId = await admin.mutation(api.structure.sites.create, { organisationId, name: "City", code: "CITY" });
    await admin.mutation(api.structure.sites.update, { organisationId, id: siteId, patch: { name: "City Campus", address: "1 High St" } });
    await planner.mutation(api.curriculum.modules.create, {
      organisationId,
      code: "D101",
      title: "T",
      credits: 20,
      level: 4,
      default_semester: "S1",
      department_id: await admin.mutation(api.structure.departments.create, { organisationId, name: "D", code: "D" }),
    });
    await admin.mutation(api.structure.sites.remove, { organisationId, id: siteId });
    await admin.mutation(api.structure.sites.restore, { organisationId, id: siteId });

    const history = await admin.query(api.audit.logs.history, { organisationId, entityType: "sites", entityId: siteId });
    expect(history.map((h) => h.action)).toEqual(["create", "update", "soft_delete", "restore"]);
    const [create, update, del, restore] = history;
    expect(JSON.parse(create.new_values!)).toMatchObject({ name: "City", code: "CITY", organisation_id: organisationId });
    expect(create.old_values).toBeUndefined();
    expect(update.changed_fields).toEqual(["address", "name"]);
    expect(JSON.parse(update.old_values!)).toEqual({ name: "City" });
    expect(JSON.parse(update.new_values!)).toEqual({ name: "City Campus", address: "1 High St" });
    expect(del.changed_fields).toEqual(["deleted_at"]);
    expect(restore.changed_fields).toEqual(["deleted_at"]);
    const me = await admin.query(api.people.users.me, { organisationId });
    expect(history.every((h) => h.user_id === me.user._id && h.user_name === me.user.name)).toBe(true);

    const moduleAudit = await t.run((ctx) => ctx.db.query("audit_logs").filter((q) => q.eq(q.field("entity_type"), "modules")).collect());
    expect(moduleAudit).toHaveLength(1);
    expect(moduleAudit[0]).toMatchObject({ user_id: plannerId, actor_kind: "user", actor_name: "planner" });
  });

  test("the trail lists with filters by entity type and user", async () => {
    const t = newBackend();
    const { admin, organisationId } = await createOrganisation(t);
    await admin.mutation(api.structure.sites.create, { organisationId, name: "A", code: "A" });
    await admin.mutation(api.structure.faculties.create, { organisationId, name: "F", code: "F" });
    const sites = await admin.query(api.audit.logs.list, {
      organisationId,
      entityType: "sites",
      paginationOpts: { numItems: 20, cursor: null },
    });
    expect(sites.page.map((r) => r.entity_type)).toEqual(["sites"]);
    const future = await admin.query(api.audit.logs.list, {
      organisationId,
      from: Date.now() + 60_000,
      paginationOpts: { numItems: 20, cursor: null },
    });
    expect(future.page).toEqual([]);
  });
});
