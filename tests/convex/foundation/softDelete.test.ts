/**
 * Soft delete: a deleted row leaves lists and lookups, stays in the
 * database, comes back on restore; a row others still point at cannot be
 * deleted.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { createOrganisation, expectAppError, newBackend } from "../harness";

describe("soft delete and restore", () => {
  test("deleted rows leave lists and come back on restore", async () => {
    const t = newBackend();
    const { admin, organisationId } = await createOrganisation(t);
    const keep = await admin.mutation(api.structure.sites.create, { organisationId, name: "Keep", code: "K" });
    const gone = await admin.mutation(api.structure.sites.create, { organisationId, name: "Gone", code: "G" });
    await admin.mutation(api.structure.sites.remove, { organisationId, id: gone });

    expect((await admin.query(api.structure.sites.all, { organisationId })).map((s) => s._id)).toEqual([keep]);
    const page = await admin.query(api.structure.sites.list, { organisationId, paginationOpts: { numItems: 10, cursor: null } });
    expect(page.page.map((s) => s.name)).toEqual(["Keep"]);
    const withDeleted = await admin.query(api.structure.sites.list, {
      organisationId,
      includeDeleted: true,
      paginationOpts: { numItems: 10, cursor: null },
    });
    expect(withDeleted.page.map((s) => s.name).sort()).toEqual(["Gone", "Keep"]);
    await expectAppError(admin.query(api.structure.sites.get, { organisationId, id: gone }), "NOT_FOUND");
    await expectAppError(admin.mutation(api.structure.sites.update, { organisationId, id: gone, patch: { name: "X" } }), "NOT_FOUND");
    expect(await t.run((ctx) => ctx.db.get(gone))).toMatchObject({ name: "Gone" });

    await admin.mutation(api.structure.sites.restore, { organisationId, id: gone });
    expect((await admin.query(api.structure.sites.all, { organisationId })).map((s) => s.name)).toEqual(["Gone", "Keep"]);
    await expectAppError(admin.mutation(api.structure.sites.restore, { organisationId, id: gone }), "INVALID_ARGUMENT");
  });

  test("a department with teams cannot be deleted until its teams are", async () => {
    const t = newBackend();
    const { admin, organisationId } = await createOrganisation(t);
    const dept = await admin.mutation(api.structure.departments.create, { organisationId, name: "Maths", code: "MA" });
    const team = await admin.mutation(api.structure.teams.create, { organisationId, name: "Stats", department_id: dept });
    const refused = await expectAppError(admin.mutation(api.structure.departments.remove, { organisationId, id: dept }), "CONFLICT");
    expect(refused.message).toBe("This department cannot be deleted while teams still refer to it.");
    expect((await t.run((ctx) => ctx.db.get(dept)))!.deleted_at).toBeUndefined();
    await admin.mutation(api.structure.teams.remove, { organisationId, id: team });
    await admin.mutation(api.structure.departments.remove, { organisationId, id: dept });
    expect(await admin.query(api.structure.departments.all, { organisationId })).toEqual([]);
  });
});

describe("clearing optional fields", () => {
  test("null in an update patch clears an optional field; a required one cannot be cleared", async () => {
    const t = newBackend();
    const { admin, organisationId } = await createOrganisation(t);
    const siteId = await admin.mutation(api.structure.sites.create, { organisationId, name: "City", code: "C", address: "1 High St" });
    await admin.mutation(api.structure.sites.update, { organisationId, id: siteId, patch: { address: null } });
    const site = await admin.query(api.structure.sites.get, { organisationId, id: siteId });
    expect(site.address).toBeUndefined();
    expect(site.name).toBe("City");
    await expect(
      admin.mutation(api.structure.sites.update, { organisationId, id: siteId, patch: { name: null } as any }),
    ).rejects.toThrow(/Validator error/);
    const history = await admin.query(api.audit.logs.history, { organisationId, entityType: "sites", entityId: siteId });
    expect(JSON.parse(history[1].old_values!)).toEqual({ address: "1 High St" });
    expect(history[1].new_values).toBe("{}");
  });
});
