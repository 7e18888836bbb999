/**
 * No list truncates silently: a dropdown list (`all`) with more rows than it
 * may send refuses with a message naming the paged list, and the paged list
 * still reaches every row.
 */
import { expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { ALL_LIMIT } from "../../../convex/lib/crud";
import { createOrganisation, expectAppError, newBackend } from "../harness";

test("`all` past its cap refuses and points to the paged list, which has every row", async () => {
  const t = newBackend();
  const { admin, organisationId } = await createOrganisation(t);
  const now = Date.now();
  // Rows written directly: the list's behaviour, not the cost of 2,000 audited creates, is under test.
  await t.run(async (ctx) => {
    for (let i = 0; i < ALL_LIMIT; i++) {
      await ctx.db.insert("sites", { organisation_id: organisationId, name: `Site ${i}`, code: `S${i}`, created_at: now, updated_at: now });
    }
  });
  expect(await admin.query(api.structure.sites.all, { organisationId })).toHaveLength(ALL_LIMIT);
  await admin.mutation(api.structure.sites.create, { organisationId, name: "One more", code: "MORE" });
  const error = await expectAppError(admin.query(api.structure.sites.all, { organisationId }), "INVALID_ARGUMENT");
  expect(error.message).toBe("This list holds more than 2,000 rows (site), too many to send at once; page through it with the paged list instead.");
  let seen = 0;
  let cursor: string | null = null;
  for (;;) {
    const page: { page: unknown[]; isDone: boolean; continueCursor: string } = await admin.query(api.structure.sites.list, { organisationId, paginationOpts: { numItems: 500, cursor } });
    seen += page.page.length;
    if (page.isDone) break;
    cursor = page.continueCursor;
  }
  expect(seen).toBe(ALL_LIMIT + 1);
}, 120_000);
