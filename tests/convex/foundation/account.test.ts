/**
 * A member's own things: preferences (the chosen year), display and
 * notification settings, notifications, presence; tags and attachments.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { createOrganisation, expectAppError, member, newBackend } from "../harness";

describe("account", () => {
  test("preferences are per member and survive; bad keys are refused", async () => {
    const t = newBackend();
    const { admin, organisationId, academicYearId } = await createOrganisation(t);
    const { client: viewer } = await member(t, admin, organisationId, "v@a.example", "Viewer");
    expect(await admin.query(api.account.preferences.get, { organisationId, key: "academic_year_id" })).toBeNull();
    await admin.mutation(api.account.preferences.set, { organisationId, key: "academic_year_id", value: academicYearId });
    await admin.mutation(api.account.preferences.set, { organisationId, key: "academic_year_id", value: academicYearId });
    expect(await admin.query(api.account.preferences.get, { organisationId, key: "academic_year_id" })).toBe(academicYearId);
    expect(await viewer.query(api.account.preferences.get, { organisationId, key: "academic_year_id" })).toBeNull();
    await expectAppError(admin.mutation(api.account.preferences.set, { organisationId, key: "Bad Key", value: "x" }), "INVALID_ARGUMENT");
    const rows = await t.run((ctx) => ctx.db.query("user_preferences").collect());
    expect(rows).toHaveLength(1);

    expect(await viewer.query(api.account.settings.getNotifications, { organisationId })).toMatchObject({ in_app_allocation_changes: true, digest: "off" });
    await viewer.mutation(api.account.settings.setNotifications, {
      organisationId,
      in_app_allocation_changes: false,
      email_reports: false,
      digest: "daily",
    });
    expect(await viewer.query(api.account.settings.getNotifications, { organisationId })).toEqual({
      in_app_allocation_changes: false,
      email_reports: false,
      digest: "daily",
    });
  });

  test("presence shows others at the same place until their heartbeat goes stale", async () => {
    const t = newBackend();
    const { admin, organisationId, academicYearId } = await createOrganisation(t);
    const { client: planner } = await member(t, admin, organisationId, "p@a.example", "Planner");
    await planner.mutation(api.collaboration.presence.heartbeat, { organisationId, academicYearId, location: "editor", editingCell: "cell-1" });
    const seen = await admin.query(api.collaboration.presence.list, { organisationId, academicYearId, location: "editor" });
    expect(seen.map((p) => [p.name, p.editingCell])).toEqual([["p", "cell-1"]]);
    expect(await planner.query(api.collaboration.presence.list, { organisationId, academicYearId, location: "editor" })).toEqual([]);
    await t.run(async (ctx) => {
      const row = (await ctx.db.query("presence").collect())[0];
      await ctx.db.patch(row._id, { last_heartbeat: Date.now() - 31_000 });
    });
    expect(await admin.query(api.collaboration.presence.list, { organisationId, academicYearId, location: "editor" })).toEqual([]);
  });

  test("tags attach to an entity the caller may edit; attachments record stored files", async () => {
    const t = newBackend();
    const { admin, organisationId } = await createOrganisation(t);
    const moduleId = await admin.mutation(api.curriculum.modules.create, { organisationId, code: "CS101", title: "Intro", credits: 20, level: 4, default_semester: "S1" });
    const tagId = await admin.mutation(api.tagging.tags.create, { organisationId, name: "New in 2026", colour: "#2563eb" });
    await expectAppError(admin.mutation(api.tagging.tags.create, { organisationId, name: "Bad", colour: "blue" }), "INVALID_ARGUMENT");
    await admin.mutation(api.tagging.tags.attach, { organisationId, tagId, entityType: "modules", entityId: moduleId });
    await admin.mutation(api.tagging.tags.attach, { organisationId, tagId, entityType: "modules", entityId: moduleId });
    expect((await admin.query(api.tagging.tags.forEntity, { organisationId, entityType: "modules", entityId: moduleId })).map((x) => x.name)).toEqual(["New in 2026"]);
    const { client: viewer } = await member(t, admin, organisationId, "v@a.example", "Viewer");
    await expectAppError(viewer.mutation(api.tagging.tags.attach, { organisationId, tagId, entityType: "modules", entityId: moduleId }), "FORBIDDEN");

    const storageId = await t.run((ctx) => ctx.storage.store(new Blob(["code,hours\nCS101,50\n"], { type: "text/csv" })));
    const attachmentId = await admin.mutation(api.files.attachments.save, {
      organisationId,
      storageId,
      fileName: "hours.csv",
      contentType: "text/csv",
      entityType: "modules",
      entityId: moduleId,
    });
    const files = await admin.query(api.files.attachments.forEntity, { organisationId, entityType: "modules", entityId: moduleId });
    expect(files.map((f) => [f._id, f.file_name, f.content_type, f.size])).toEqual([[attachmentId, "hours.csv", "text/csv", 20]]);
    await expectAppError(
      admin.mutation(api.files.attachments.save, { organisationId, storageId, fileName: "x", entityType: "modules", entityId: "nonsense" }),
      "NOT_FOUND",
    );
    expect(typeof (await admin.mutation(api.files.attachments.generateUploadUrl, { organisationId }))).toBe("string");
  });
});
