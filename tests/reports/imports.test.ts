/**
 * Spreadsheet import (issue #14): the reports' exports read back. Exporting
 * a year's staff, modules and allocations and importing them into an empty
 * year gives an export equal field by field (overrides with their reasons,
 * groups, shares, hours; the formula-like title's escape stripped), in CSV
 * and in XLSX; importing the same files again writes nothing (no audit row,
 * no version moves). Dry runs write nothing but their verdicts.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api";
import { DEFAULT_LECTURER_STATUSES } from "../../convex/lib/referenceDefaults";
import { expectAppError } from "../convex/harness";
import { HYPERLINK_TITLE, setupReports } from "./fixture";
import { commitImport, dryRun, emptyYear, exportFiles, footprint, importRows, settle } from "./importHelpers";
import { readCsv } from "./readers";

/** An export's rows without the ids and year that differ between two years by construction. */
function comparable(csv: Buffer) {
  const parsed = readCsv(csv);
  expect(parsed.errors).toEqual([]);
  const drop = new Set(["allocation_id", "lecturer_id", "module_id", "iteration_id", "academic_year"]);
  return parsed.data.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !drop.has(k))));
}

describe("import: the exports read back", () => {
  for (const format of ["csv", "xlsx"] as const) {
    test(`export → import into an empty year is field-equal, and a second import writes nothing (${format})`, async () => {
      const r = await setupReports();
      const year2 = await emptyYear(r.t, r.organisationId);
      const exports = {
        staff: await exportFiles(r.t, r.admin, r.organisationId, r.yearId, "staff_export"),
        modules: await exportFiles(r.t, r.admin, r.organisationId, r.yearId, "modules_export"),
        allocations: await exportFiles(r.t, r.admin, r.organisationId, r.yearId, "allocation_export"),
      };
      const importIds: Record<string, string> = {};
      for (const kind of ["staff", "modules", "allocations"] as const) {
        const run = await dryRun(r.t, r.admin, { organisationId: r.organisationId, academicYearId: year2, bytes: exports[kind][format], format });
        // The export's own headers are recognised: kind and mapping without help.
        expect(run.inspection.detected_kind).toBe(kind);
        expect(run.inspection.missing_required).toEqual([]);
        expect(run.view.stage).toBe("checked");
        expect(run.view.counts.error).toBe(0);
        const { view } = await commitImport(r.t, r.admin, r.organisationId, run.importId);
        expect(view.stage).toBe("committed");
        expect(view.counts.conflict).toBe(0);
        importIds[kind] = run.importId;
      }

      const again = {
        staff: await exportFiles(r.t, r.admin, r.organisationId, year2, "staff_export"),
        modules: await exportFiles(r.t, r.admin, r.organisationId, year2, "modules_export"),
        allocations: await exportFiles(r.t, r.admin, r.organisationId, year2, "allocation_export"),
      };
      for (const kind of ["staff", "modules", "allocations"] as const) {
        expect(comparable(again[kind].csv), kind).toEqual(comparable(exports[kind].csv));
      }
      const allocations = comparable(again.allocations.csv);
      expect(allocations).toHaveLength(15);
      const overridden = allocations.find((a) => a.hours_override !== "")!;
      expect(overridden).toMatchObject({ module_code: "CS202", hours_override: "42.5", override_reason: "Double marking agreed with the HoD", group: "G1", share: "100" });
      expect(allocations.filter((a) => a.module_code === "CS101" && a.allocation_type === "contact").map((a) => a.share)).toEqual(Array(8).fill("50"));
      const modules = comparable(again.modules.csv);
      expect(modules.find((m) => m.module_code === "CS101")!.groups).toBe("G1=30; G2=30; G3=30; G4=30");
      // The formula-like title came back as the title, not as its escape.
      const cs202 = await r.t.run(async (ctx) => (await ctx.db.query("modules").collect()).find((m) => m.code === "CS202")!);
      expect(cs202.title).toBe(HYPERLINK_TITLE);

      // The same files again, into the year they came from and into the new year: nothing to do.
      const before = await footprint(r.t, r.organisationId);
      for (const [yearId, files] of [[r.yearId, exports], [year2, again]] as const) {
        for (const kind of ["staff", "modules", "allocations"] as const) {
          const run = await dryRun(r.t, r.admin, { organisationId: r.organisationId, academicYearId: yearId, bytes: files[kind][format], format });
          expect(run.view.counts, `${kind} dry run`).toMatchObject({ error: 0, create: 0, update: 0, unchanged: run.view.counts.rows });
          const { view } = await commitImport(r.t, r.admin, r.organisationId, run.importId);
          expect(view.counts, `${kind} commit`).toMatchObject({ written: 0, conflict: 0, unchanged: run.view.counts.rows });
        }
      }
      expect(await footprint(r.t, r.organisationId)).toEqual(before);
    });
  }
});

describe("import: dry run verdicts", () => {
  test("bad rows are reported with their column and reason, and a dry run writes nothing", async () => {
    const r = await setupReports();
    const before = await footprint(r.t, r.organisationId);
    const csv = [
      "Email,First name,Surname,Dept,FTE,Contract family,Staff No",
      "new.person@lhu.example,New,Person,CS,0.6,teaching_focused,S100",
      "bad-email,Bad,Email,CS,0.5,teaching_focused,S101",
      "fte@lhu.example,Too,Much,CS,1.4,teaching_focused,S102",
      "code@lhu.example,Unknown,Dept,XX,0.5,teaching_focused,S103",
      "new.person@lhu.example,New,Again,CS,0.6,teaching_focused,S104",
      "s001@lhu.example,Łukasz,Nowak,CS,0.9,teaching_and_research,S001",
      "fam@lhu.example,Odd,Family,CS,0.5,wizard,S105",
      "",
    ].join("\r\n");
    const run = await dryRun(r.t, r.admin, { organisationId: r.organisationId, academicYearId: r.yearId, bytes: csv, format: "csv" });
    expect(run.inspection.detected_kind).toBe("staff");
    expect(run.inspection.mapping).toEqual([
      { header: "Email", field: "email" },
      { header: "First name", field: "first_name" },
      { header: "Surname", field: "last_name" },
      { header: "Dept", field: "department" },
      { header: "FTE", field: "fte" },
      { header: "Contract family", field: "contract_family" },
      { header: "Staff No", field: "staff_number" },
    ]);
    expect(run.view.counts).toMatchObject({ rows: 7, ok: 2, error: 5, create: 1, update: 1 });
    const rows = await importRows(r.t, run.importId);
    const byRow = (n: number) => rows.find((x) => x.position === n)!;
    expect(byRow(2)).toMatchObject({ status: "ok", action: "create" });
    expect(byRow(3).messages).toContainEqual({ level: "error", column: "email", message: '"bad-email" is not an email address.' });
    expect(byRow(4).messages).toContainEqual({ level: "error", column: "fte", message: "FTE must be between 0 and 1 (got 1.4)." });
    expect(byRow(5).messages).toContainEqual({ level: "error", column: "department", message: 'Unknown department code "XX".' });
    expect(byRow(6).messages).toContainEqual({ level: "error", column: "email", message: "Duplicate email: row 2 already has new.person@lhu.example." });
    expect(byRow(7)).toMatchObject({ status: "ok", action: "update" });
    expect(byRow(7).changes).toContain("2026/27 fte: 1 → 0.9");
    expect(byRow(8).messages![0]).toMatchObject({ level: "error", column: "contract_family" });
    expect(await footprint(r.t, r.organisationId)).toEqual(before);

    // A flagged row fixed in the dry-run table is checked again at once; the counts follow.
    const fixed = await r.admin.mutation(api.imports.imports.fixRow, {
      organisationId: r.organisationId,
      importId: run.importId,
      rowId: byRow(4)._id,
      cells: { ...byRow(4).cells, fte: "1" },
    });
    expect(fixed).toMatchObject({ status: "ok", action: "create", messages: [] });
    const view1 = await r.admin.query(api.imports.imports.get, { organisationId: r.organisationId, importId: run.importId });
    expect(view1.counts).toMatchObject({ ok: 3, error: 4, create: 2, update: 1 });
    expect(await footprint(r.t, r.organisationId)).toEqual(before);

    // The commit writes the good rows only; the lecturer's FTE moves and the new people exist.
    const { view } = await commitImport(r.t, r.admin, r.organisationId, run.importId);
    expect(view.counts).toMatchObject({ written: 3, skipped: 4, conflict: 0 });
    await expectAppError(r.admin.mutation(api.imports.imports.commit, { organisationId: r.organisationId, importId: run.importId }), "CONFLICT");
    const after = await footprint(r.t, r.organisationId);
    expect(after.counts.lecturer_profiles).toBe(before.counts.lecturer_profiles + 2);
    const lukasz = await r.t.run(async (ctx) => (await ctx.db.get(r.lecturers["lukasz"]))!);
    expect(lukasz.fte).toBe(0.9);
    const totals = await r.t.run(async (ctx) => (await ctx.db.query("lecturer_year_totals").collect()).find((x) => x.lecturer_id === r.lecturers["lukasz"])!);
    expect(totals.fte).toBe(0.9);
  });

  test("allocation rows: unknown codes, negative hours, shares over 100%, overrides without a reason, outside the importer's scope", async () => {
    const r = await setupReports();
    const before = await footprint(r.t, r.organisationId);
    const csv = [
      "iteration_code,allocation_type,group,lecturer_email,share,hours_override,override_reason",
      "XX999-A,contact,,s001@lhu.example,50,,",
      "CS101-A,teaching_magic,,s001@lhu.example,50,,",
      "CS101-A,marking,,s001@lhu.example,50,-4,less",
      "CS101-A,marking,,s002@lhu.example,150,,",
      "CS101-A,marking,,s003@lhu.example,40,12,",
      "MA101-A,marking,,s004@lhu.example,40,,",
      "CS101-A,contact,G9,s001@lhu.example,50,,",
      "CS101-A,marking,,nobody@lhu.example,50,,",
      "CS101-A,marking,,s003@lhu.example,60,,",
    ].join("\n");
    // The head of Computer Science: MA101 is taught by Mathematics, outside their scope (the module's department decides).
    const run = await dryRun(r.t, r.hodClient, { organisationId: r.organisationId, academicYearId: r.yearId, bytes: csv, format: "csv", kind: "allocations" });
    const rows = await importRows(r.t, run.importId);
    const first = (n: number) => rows.find((x) => x.position === n)!.messages![0];
    expect(first(2)).toEqual({ level: "error", column: "iteration_code", message: 'Unknown iteration code "XX999-A" in 2026/27.' });
    expect(first(3)).toEqual({ level: "error", column: "allocation_type", message: 'Unknown allocation type "teaching_magic".' });
    expect(first(4)).toEqual({ level: "error", column: "hours_override", message: "Negative hours: an override is 0 or more (got -4)." });
    expect(first(5)).toEqual({ level: "error", column: "share", message: "Share over 100%: 150%." });
    expect(first(6)).toEqual({ level: "error", column: "override_reason", message: "An override of the computed hours needs a reason." });
    expect(first(7)).toEqual({ level: "error", column: "iteration_code", message: "MA101-A is taught outside your scope: you may not allocate on it." });
    expect(first(8)).toEqual({ level: "error", column: "group", message: 'CS101-A has no group "G9" (G1, G2, G3, G4).' });
    expect(first(9)).toEqual({ level: "error", column: "lecturer_email", message: "Unknown lecturer nobody@lhu.example." });
    expect(rows.find((x) => x.position === 10)).toMatchObject({ status: "ok", action: "create" });
    expect(run.view.counts).toMatchObject({ rows: 9, error: 8, ok: 1, create: 1 });
    expect(await footprint(r.t, r.organisationId)).toEqual(before);

    const { view } = await commitImport(r.t, r.hodClient, r.organisationId, run.importId);
    expect(view.counts).toMatchObject({ written: 1, skipped: 8 });
    const zoe = await r.t.run(async (ctx) => (await ctx.db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", r.lecturers["zoe"])).collect()));
    const marking = zoe.find((a) => a.module_iteration_id === r.cs101.iterationId)!;
    expect(marking.share).toBe(60);
    expect(marking.computed_hours).toBeGreaterThan(0);
    // An audited write by the head, like any edit.
    const audit = await r.t.run(async (ctx) => (await ctx.db.query("audit_logs").collect()).filter((a) => a.entity_id === marking._id));
    expect(audit).toHaveLength(1);
    expect(audit[0].user_id).toBe(r.hod.userId);

    // Undone: the allocation is removed again and Zoë's total is back where it was.
    const totalOf = () => r.t.run(async (ctx) => (await ctx.db.query("lecturer_year_totals").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", r.lecturers["zoe"])).first())!.allocated_hours);
    const withImport = await totalOf();
    await r.hodClient.mutation(api.imports.undo.undo, { organisationId: r.organisationId, importId: run.importId });
    await settle(r.t);
    expect((await r.t.run(async (ctx) => (await ctx.db.get(marking._id))!)).deleted_at).toBeDefined();
    expect(await totalOf()).toBeCloseTo(withImport - marking.computed_hours, 6);
  });

  test("who may import: a viewer is refused; a lecturer may not see the history", async () => {
    const r = await setupReports();
    const viewer = await r.t.run(async (ctx) => {
      const now = Date.now();
      const userId = await ctx.db.insert("users", { organisation_id: r.organisationId, email: "viewer@lhu.example", name: "viewer", token_identifier: "https://test.issuer|viewer@lhu.example", status: "active", created_at: now, updated_at: now });
      await ctx.db.insert("user_role_assignments", { organisation_id: r.organisationId, user_id: userId, role_id: r.roles["Viewer"], created_at: now, updated_at: now });
      return userId;
    });
    expect(viewer).toBeTruthy();
    const client = r.t.withIdentity({ tokenIdentifier: "https://test.issuer|viewer@lhu.example", subject: "viewer@lhu.example", issuer: "https://test.issuer", email: "viewer@lhu.example" });
    await expectAppError(client.mutation(api.imports.imports.generateUploadUrl, { organisationId: r.organisationId, kind: "staff" }), "FORBIDDEN");
    const storageId = await r.t.run(async (ctx) => await ctx.storage.store(new Blob(["email\n"])));
    await expectAppError(client.action(api.imports.parse.inspect, { organisationId: r.organisationId, storageId, fileName: "a.csv" }), "FORBIDDEN");
    await expectAppError(
      client.mutation(api.imports.imports.start, { organisationId: r.organisationId, academicYearId: r.yearId, kind: "allocations", storageId, fileName: "a.csv", format: "csv", mapping: [] }),
      "FORBIDDEN",
    );
    const run = await dryRun(r.t, r.admin, { organisationId: r.organisationId, academicYearId: r.yearId, bytes: "email\nx@lhu.example\n", format: "csv", kind: "staff" });
    await expectAppError(r.lukaszClient.query(api.imports.imports.get, { organisationId: r.organisationId, importId: run.importId }), "FORBIDDEN");
    expect(await r.lukaszClient.query(api.imports.imports.list, { organisationId: r.organisationId })).toEqual([]);
    expect((await r.admin.query(api.imports.imports.list, { organisationId: r.organisationId })).map((x) => x.file_name)).toEqual(["upload.csv"]);
  });

  test("an empty file and a file with wrong headers give verdicts, not writes", async () => {
    const r = await setupReports();
    const before = await footprint(r.t, r.organisationId);
    const empty = await dryRun(r.t, r.admin, { organisationId: r.organisationId, academicYearId: r.yearId, bytes: "", format: "csv", kind: "staff" });
    expect(empty.view.stage).toBe("checked");
    expect(empty.view.counts.rows).toBe(0);
    const wrong = await dryRun(r.t, r.admin, { organisationId: r.organisationId, academicYearId: r.yearId, bytes: "Colour,Shape\nred,square\nblue,circle\n", format: "csv", kind: "modules" });
    expect(wrong.inspection.mapping).toEqual([]);
    expect(wrong.inspection.missing_required).toEqual(["module_code", "title", "credits", "level"]);
    expect(wrong.view.counts).toMatchObject({ rows: 2, error: 2 });
    expect((await importRows(r.t, wrong.importId))[0].messages![0]).toEqual({ level: "error", column: "module_code", message: "A row needs a module code." });
    expect(await footprint(r.t, r.organisationId)).toEqual(before);
  });

  test("a record edited in the app between the dry run and the commit is a conflict and is not overwritten", async () => {
    const r = await setupReports();
    const csv = "email,first_name,last_name,department,team,fte,contract_family\ns002@lhu.example,Nguyễn,Văn An,CS,Software,0.6,teaching_focused\n";
    const run = await dryRun(r.t, r.admin, { organisationId: r.organisationId, academicYearId: r.yearId, bytes: csv, format: "csv" });
    expect(run.view.counts).toMatchObject({ update: 1 });
    const lecturer = await r.t.run(async (ctx) => (await ctx.db.get(r.lecturers["nguyen"]))!);
    await r.admin.mutation(api.staff.lecturers.update, { organisationId: r.organisationId, id: r.lecturers["nguyen"], expectedVersion: lecturer.version, patch: { fte: 0.7 } } as never);
    const { view } = await commitImport(r.t, r.admin, r.organisationId, run.importId);
    expect(view.counts).toMatchObject({ written: 0, conflict: 1 });
    const rows = await importRows(r.t, run.importId);
    expect(rows[0].outcome).toBe("conflict");
    expect(rows[0].outcome_message).toContain("changed in the app after the dry run");
    expect((await r.t.run(async (ctx) => (await ctx.db.get(r.lecturers["nguyen"]))!)).fte).toBe(0.7);
  });
});

describe("import: undo", () => {
  const CSV = "email,first_name,last_name,department,team,fte,contract_family\ns002@lhu.example,Nguyễn,Văn An,CS,Software,0.6,teaching_focused\nnew.one@lhu.example,New,One,CS,Data,1,teaching_focused\n";

  test("a committed import is undone while nothing it wrote has changed: creations deleted, changes put back, totals follow", async () => {
    const r = await setupReports();
    const before = await footprint(r.t, r.organisationId);
    const run = await dryRun(r.t, r.admin, { organisationId: r.organisationId, academicYearId: r.yearId, bytes: CSV, format: "csv" });
    await commitImport(r.t, r.admin, r.organisationId, run.importId);
    expect((await r.t.run(async (ctx) => (await ctx.db.get(r.lecturers["nguyen"]))!)).fte).toBe(0.6);
    await r.admin.mutation(api.imports.undo.undo, { organisationId: r.organisationId, importId: run.importId });
    await settle(r.t);
    const view = await r.admin.query(api.imports.imports.get, { organisationId: r.organisationId, importId: run.importId });
    expect(view.stage).toBe("undone");
    const nguyen = await r.t.run(async (ctx) => (await ctx.db.get(r.lecturers["nguyen"]))!);
    expect(nguyen.fte).toBe(0.8);
    const totals = await r.t.run(async (ctx) => (await ctx.db.query("lecturer_year_totals").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", r.lecturers["nguyen"])).first())!);
    expect(totals.fte).toBe(0.8);
    const created = await r.t.run(async (ctx) => await ctx.db.query("lecturer_profiles").withIndex("by_organisation_id_and_email", (q) => q.eq("organisation_id", r.organisationId).eq("email", "new.one@lhu.example")).first());
    expect(created?.deleted_at).toBeDefined();
    const after = await footprint(r.t, r.organisationId);
    expect(after.counts.lecturer_profiles).toBe(before.counts.lecturer_profiles + 1); // soft-deleted, kept
  });

  test("an undo is refused, whole, once a record the import wrote was edited in the app", async () => {
    const r = await setupReports();
    const run = await dryRun(r.t, r.admin, { organisationId: r.organisationId, academicYearId: r.yearId, bytes: CSV, format: "csv" });
    await commitImport(r.t, r.admin, r.organisationId, run.importId);
    const lecturer = await r.t.run(async (ctx) => (await ctx.db.get(r.lecturers["nguyen"]))!);
    await r.admin.mutation(api.staff.lecturers.update, { organisationId: r.organisationId, id: r.lecturers["nguyen"], expectedVersion: lecturer.version, patch: { fte: 0.7 } } as never);
    await r.admin.mutation(api.imports.undo.undo, { organisationId: r.organisationId, importId: run.importId });
    await settle(r.t);
    const view = await r.admin.query(api.imports.imports.get, { organisationId: r.organisationId, importId: run.importId });
    expect(view.stage).toBe("committed");
    expect(view.message).toContain("Not undone: 1 record changed since the import");
    expect((await r.t.run(async (ctx) => (await ctx.db.get(r.lecturers["nguyen"]))!)).fte).toBe(0.7);
    const created = await r.t.run(async (ctx) => await ctx.db.query("lecturer_profiles").withIndex("by_organisation_id_and_email", (q) => q.eq("organisation_id", r.organisationId).eq("email", "new.one@lhu.example")).first());
    expect(created?.deleted_at).toBeUndefined();
  });
});

describe("import: a full staff list", () => {
  test("lecturers the full list leaves out are listed, and marked as leavers only once confirmed, never deleted", async () => {
    const r = await setupReports();
    const csv = [
      "email,first_name,last_name,department,team,fte,contract_family",
      "s001@lhu.example,Łukasz,Nowak,CS,Software,1,teaching_and_research",
      "s002@lhu.example,Nguyễn,Văn An,CS,Software,0.8,teaching_focused",
      "s003@lhu.example,Zoë,Ångström,CS,Data,1,teaching_focused",
    ].join("\n");
    await r.t.run(async (ctx) => {
      const now = Date.now();
      for (const s of DEFAULT_LECTURER_STATUSES) await ctx.db.insert("lecturer_statuses", { organisation_id: r.organisationId, ...s, created_at: now, updated_at: now });
    });
    const run = await dryRun(r.t, r.admin, { organisationId: r.organisationId, academicYearId: r.yearId, bytes: csv, format: "csv", full: true });
    expect(run.view.counts).toMatchObject({ rows: 3, unchanged: 3, leavers: 2 });
    const leavers = await r.admin.query(api.imports.imports.leavers, { organisationId: r.organisationId, importId: run.importId });
    expect(leavers.map((l) => l.name).sort()).toEqual(["Ada Byron", "Олена Шевченко"]);
    // The confirmation is required, and names how many.
    const refusal = await expectAppError(r.admin.mutation(api.imports.imports.commit, { organisationId: r.organisationId, importId: run.importId }), "CONFLICT");
    expect(refusal.message).toContain("leaves out 2 lecturers");
    const { view } = await commitImport(r.t, r.admin, r.organisationId, run.importId, true);
    expect(view.counts).toMatchObject({ written: 0, marked_left: 2 });
    const status = await r.t.run(async (ctx) => {
      const left = (await ctx.db.query("lecturer_statuses").collect()).find((s) => s.code === "left");
      const olena = (await ctx.db.get(r.lecturers["olena"]))!;
      const lukasz = (await ctx.db.get(r.lecturers["lukasz"]))!;
      return { left: left?._id, olena: olena.status_id, olenaDeleted: olena.deleted_at, lukasz: lukasz.status_id };
    });
    expect(status.olena).toBe(status.left);
    expect(status.olenaDeleted).toBeUndefined();
    expect(status.lukasz).not.toBe(status.left);
  });
});
