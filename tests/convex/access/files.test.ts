/**
 * Files: an attachment is listed and opened by those who may see its record,
 * added and removed by those who may change it; only the fixed record types
 * take attachments; a stored file is accepted only from the organisation it
 * belongs to (attachments and avatars alike).
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { expectAppError, identity, newBackend } from "../harness";
import { diff, dump } from "./dump";
import { buildFixture, emailOf } from "./fixture";

const as = (t: ReturnType<typeof newBackend>, c: string) => t.withIdentity(identity(emailOf(c as any)));

describe("attachments follow their record", { timeout: 60_000 }, () => {
  test("listed by who sees the record, added and removed by who changes it", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const profile = fx.rows.lecturer_profiles!;
    const fresh = () => t.run((ctx) => ctx.storage.store(new Blob(["cv"], { type: "application/pdf" })));
    const planner = as(t, "planner");
    const saved = await planner.mutation(api.files.attachments.save, {
      organisationId: fx.org,
      storageId: await fresh(),
      fileName: "cv.pdf",
      entityType: "lecturer_profiles",
      entityId: profile,
    });
    // The Viewer sees Computer Science's lecturers, so their files; the Head of Mathematics does not.
    const listed = await as(t, "viewer").query(api.files.attachments.forEntity, { organisationId: fx.org, entityType: "lecturer_profiles", entityId: profile });
    expect(listed.map((f) => f.file_name)).toEqual(["cv.pdf"]);
    await expectAppError(as(t, "hodOther").query(api.files.attachments.forEntity, { organisationId: fx.org, entityType: "lecturer_profiles", entityId: profile }), "FORBIDDEN");
    const before = await dump(t);
    // The Head of Mathematics may upload files, but not onto a Computer Science record.
    await expectAppError(
      as(t, "hodOther").mutation(api.files.attachments.save, { organisationId: fx.org, storageId: await fresh(), fileName: "x", entityType: "lecturer_profiles", entityId: profile }),
      "FORBIDDEN",
    );
    await expectAppError(as(t, "hodOther").mutation(api.files.attachments.remove, { organisationId: fx.org, id: saved }), "FORBIDDEN");
    // Only the fixed record types take attachments.
    await expect(
      planner.mutation(api.files.attachments.save, { organisationId: fx.org, storageId: await fresh(), fileName: "x", entityType: "roles" as any, entityId: fx.rows.roles! }),
    ).rejects.toThrow(/Validator error/);
    const after = diff(before, await dump(t));
    expect(after.filter((c) => c.table !== "stored_files" || c.before)).toEqual([]);
    await planner.mutation(api.files.attachments.remove, { organisationId: fx.org, id: saved });
  });

  test("a stored file is accepted only from its own organisation", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const admin = as(t, "admin");
    const foreign = fx.foreign._storage as Id<"_storage">;
    const refused = await expectAppError(
      admin.mutation(api.files.attachments.save, { organisationId: fx.org, storageId: foreign, fileName: "b.txt", entityType: "modules", entityId: fx.rows.modules! }),
      "NOT_FOUND",
    );
    expect(refused.message).toBe("This file was not uploaded to this organisation; upload it again.");
    await expectAppError(admin.mutation(api.account.profile.update, { organisationId: fx.org, avatar_file_id: foreign }), "NOT_FOUND");
    // A fresh upload is claimed by the first organisation that stores it; the other is refused it afterwards.
    const mine = await t.run((ctx) => ctx.storage.store(new Blob(["me"], { type: "image/png" })));
    await admin.mutation(api.account.profile.update, { organisationId: fx.org, avatar_file_id: mine });
    const claim = await t.run((ctx) => ctx.db.query("stored_files").withIndex("by_storage_id", (q) => q.eq("storage_id", mine)).unique());
    expect(claim).toMatchObject({ organisation_id: fx.org, claimed_by: fx.users.admin });
    const outsider = t.withIdentity(identity(emailOf("outsider")));
    const bModule = fx.foreign.modules!;
    await expectAppError(
      outsider.mutation(api.files.attachments.save, { organisationId: fx.otherOrg, storageId: mine, fileName: "stolen.png", entityType: "modules", entityId: bModule }),
      "NOT_FOUND",
    );
  });
});
