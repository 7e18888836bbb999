/**
 * Imports into a closed year (issue #14 with #12's year states): a locked
 * (published) or archived year takes no import, by the layer's one year rule
 * (lib/imports/closedYear.ts, which agrees with the layer's yearStateRefusal
 * in lib/scopedDb.ts): an archived year from nobody, a locked
 * one from nobody without `years.edit_locked` (a planner, a feed's key; the
 * admin holds it). The wizard's dry run, its commit (the year locked after
 * the dry run) and a feed over HTTP are each refused with CONFLICT naming the
 * year and its state, and nothing is written (a feed's refusal is one
 * "refused" sync-log row).
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { countRows, createOrganisation, expectAppError, member, newBackend, type Backend } from "../harness";

const STAFF = "email,first_name,last_name,department,fte,contract_family\nnew.one@a.example,New,One,CS,1,teaching_focused\n";

async function setup() {
  const t = newBackend();
  const org = await createOrganisation(t);
  const storageId = await t.run(async (ctx) => await ctx.storage.store(new Blob([STAFF], { type: "text/csv" })));
  // A planner edits lecturers everywhere but holds no years.edit_locked.
  const planner = (await member(t, org.admin, org.organisationId, "planner@a.example", "Planner")).client;
  const start = (academicYearId: Id<"academic_years">, as = planner) =>
    as.mutation(api.imports.imports.start, {
      organisationId: org.organisationId,
      academicYearId,
      kind: "staff",
      storageId,
      fileName: "staff.csv",
      format: "csv",
      mapping: [{ header: "email", field: "email" }],
    });
  return { t, ...org, planner, start };
}

/** A dry run that has finished (stage checked), written as the pipeline's settle leaves it. */
async function checkedImport(t: Backend, organisationId: Id<"organisations">, yearId: Id<"academic_years">) {
  return await t.run(async (ctx) => {
    const now = Date.now();
    const systemId = await ctx.db.insert("external_systems", { organisation_id: organisationId, name: "Spreadsheet uploads", kind: "spreadsheet", config: {}, enabled: true, created_at: now, updated_at: now });
    return await ctx.db.insert("data_sync_logs", {
      organisation_id: organisationId,
      external_system_id: systemId,
      status: "pending",
      stage: "checked",
      kind: "staff",
      academic_year_id: yearId,
      file_name: "staff.csv",
      format: "csv",
      records_processed: 0,
      records_failed: 0,
      started_at: now,
      created_at: now,
    });
  });
}

describe("imports into locked or archived years", () => {
  test("the dry run of a locked year is refused with its name and state to a planner, not to the admin; an active year is not", async () => {
    const { t, admin, organisationId, academicYearId, start } = await setup();
    await admin.mutation(api.structure.academicYears.lock, { organisationId, id: academicYearId });
    const before = await countRows(t, "data_sync_logs");
    const err = await expectAppError(start(academicYearId), "CONFLICT");
    expect(err.message).toBe("2026/27 is locked (published): imports into it are refused. Unlock the year first, or import into another year.");
    expect(err).toMatchObject({ year: "2026/27", status: "locked", academicYearId });
    expect(await countRows(t, "data_sync_logs")).toBe(before);
    expect(await countRows(t, "jobs")).toBe(0);
    // The admin holds years.edit_locked: the locked year takes their import.
    expect((await start(academicYearId, admin)).importId).toBeTruthy();

    await admin.mutation(api.structure.academicYears.unlock, { organisationId, id: academicYearId });
    const { importId } = await start(academicYearId);
    expect(importId).toBeTruthy();
  });

  test("the dry run of an archived year is refused", async () => {
    const { admin, organisationId, start } = await setup();
    const staging = await admin.mutation(api.structure.academicYears.create, { organisationId, name: "2030/31", start_date: "2030-09-01", end_date: "2031-08-31" });
    await admin.mutation(api.structure.academicYears.archive, { organisationId, id: staging });
    const err = await expectAppError(start(staging), "CONFLICT");
    expect(err.message).toContain("2030/31 is archived");
    expect(err.status).toBe("archived");
  });

  test("a checked import is not committed once its year has been locked; no job starts", async () => {
    const { t, admin, planner, organisationId, academicYearId } = await setup();
    const importId = await checkedImport(t, organisationId, academicYearId);
    await admin.mutation(api.structure.academicYears.lock, { organisationId, id: academicYearId });
    const err = await expectAppError(planner.mutation(api.imports.imports.commit, { organisationId, importId }), "CONFLICT");
    expect(err.message).toContain("2026/27 is locked");
    const log = await t.run(async (ctx) => (await ctx.db.get(importId))!);
    expect(log.stage).toBe("checked");
    expect(log.commit_job_id).toBeUndefined();
    expect(await countRows(t, "jobs")).toBe(0);
  });

  test("a feed into the locked current year is refused over HTTP with 409 and the year's name", async () => {
    const { t, admin, organisationId, academicYearId } = await setup();
    const externalSystemId = await admin.mutation(api.imports.feeds.createSystem, { organisationId, name: "HR", kind: "hr_feed" });
    const { key } = await admin.action(api.imports.feeds.createKey, { organisationId, externalSystemId, name: "nightly", kinds: ["staff"] });
    await admin.mutation(api.structure.academicYears.lock, { organisationId, id: academicYearId });
    const res = await t.fetch("/api/imports?kind=staff&commit=true", { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/csv" }, body: STAFF });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: string; import_id: Id<"data_sync_logs"> };
    expect(body.error).toContain("2026/27 is locked");
    // One row says the feed was refused and why; no job, no import rows.
    expect(await countRows(t, "data_sync_logs")).toBe(1);
    expect(await t.run(async (ctx) => await ctx.db.get(body.import_id))).toMatchObject({ stage: "refused", status: "failed", message: body.error });
    expect(await countRows(t, "jobs")).toBe(0);
    expect(await countRows(t, "import_rows")).toBe(0);
  });
});
