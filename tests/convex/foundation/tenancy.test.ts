/**
 * Organisation isolation: a member of A can neither read nor change B's rows,
 * by id, by list, or by pointing a foreign key at them.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { createOrganisation, expectAppError, newBackend } from "../harness";

describe("tenancy", () => {
  test("organisation A cannot see or touch organisation B", async () => {
    const t = newBackend();
    const a = await createOrganisation(t, "admin@a.example", "ORG-A");
    const b = await createOrganisation(t, "admin@b.example", "ORG-B");
    const bFaculty = await b.admin.mutation(api.structure.faculties.create, { organisationId: b.organisationId, name: "B Science", code: "BS" });
    const bDept = await b.admin.mutation(api.structure.departments.create, { organisationId: b.organisationId, name: "B Maths", code: "BM", faculty_id: bFaculty });

    // By list: A's lists hold only A's rows; asking for B's organisation is refused.
    expect(await a.admin.query(api.structure.faculties.all, { organisationId: a.organisationId })).toEqual([]);
    await expectAppError(a.admin.query(api.structure.faculties.all, { organisationId: b.organisationId }), "FORBIDDEN");
    const page = await a.admin.query(api.structure.departments.list, {
      organisationId: a.organisationId,
      paginationOpts: { numItems: 50, cursor: null },
    });
    expect(page.page).toEqual([]);

    // By id, through A's organisation: indistinguishable from a row that does not exist.
    await expectAppError(a.admin.query(api.structure.faculties.get, { organisationId: a.organisationId, id: bFaculty }), "NOT_FOUND");
    await expectAppError(
      a.admin.mutation(api.structure.faculties.update, { organisationId: a.organisationId, id: bFaculty, patch: { name: "Stolen" } }),
      "NOT_FOUND",
    );
    await expectAppError(a.admin.mutation(api.structure.departments.remove, { organisationId: a.organisationId, id: bDept }), "NOT_FOUND");
    await expectAppError(a.admin.mutation(api.structure.departments.restore, { organisationId: a.organisationId, id: bDept }), "NOT_FOUND");

    // By foreign key: A cannot hang its department under B's faculty.
    await expectAppError(
      a.admin.mutation(api.structure.departments.create, { organisationId: a.organisationId, name: "Sneaky", code: "SN", faculty_id: bFaculty }),
      "NOT_FOUND",
    );
    // Audit trail and members of B stay invisible to A.
    const audit = await a.admin.query(api.audit.logs.list, { organisationId: a.organisationId, paginationOpts: { numItems: 500, cursor: null } });
    expect(audit.page.every((r) => r.organisation_id === a.organisationId)).toBe(true);
    expect(audit.page.some((r) => r.entity_id === bFaculty)).toBe(false);

    const bRows = await t.run(async (ctx) => ({ faculty: await ctx.db.get(bFaculty), dept: await ctx.db.get(bDept) }));
    expect(bRows.faculty!.name).toBe("B Science");
    expect(bRows.dept!.deleted_at).toBeUndefined();
    expect(await t.run(async (ctx) => (await ctx.db.query("departments").collect()).length)).toBe(1);
  });
});
