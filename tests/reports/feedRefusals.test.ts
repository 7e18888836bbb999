/**
 * Refused feeds (issue #14): once the key is known, a feed that is not
 * accepted leaves one row in its system's sync log, stage "refused", saying
 * why, who sent it (the key's name and prefix) and when, and nothing else is
 * written: no import rows, no job, no data, no audit row, no stored file.
 * The cases: a kind the key may not import, a locked or archived year, the
 * system disabled, a body or file that cannot be imported as a whole, a key
 * revoked (or a system disabled) while its import runs. A missing or unknown
 * key names no system: 401 and no row.
 */
import { describe, expect, test, vi } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { setupReports } from "./fixture";
import { settle } from "./importHelpers";

const STAFF = "email,first_name,last_name,department,team,fte,contract_family\nfeed.one@lhu.example,Feed,One,CS,Software,1,teaching_focused\n";

async function withKey() {
  const r = await setupReports();
  const systemId = await r.admin.mutation(api.imports.feeds.createSystem, { organisationId: r.organisationId, name: "HR system", kind: "hr_feed" });
  const { key, keyId, prefix } = await r.admin.action(api.imports.feeds.createKey, { organisationId: r.organisationId, externalSystemId: systemId, name: "nightly staff feed", kinds: ["staff"] });
  const post = (query: string, body: string | Uint8Array<ArrayBuffer> = STAFF, type = "text/csv", auth: string | null = `Bearer ${key}`) =>
    r.t.fetch(`/api/imports?${query}`, { method: "POST", headers: { "Content-Type": type, ...(auth ? { Authorization: auth } : {}) }, body });
  const log = async () => (await r.admin.query(api.imports.feeds.syncLog, { organisationId: r.organisationId, externalSystemId: systemId, paginationOpts: { numItems: 20, cursor: null } })).page;
  /** Every table a refusal must leave alone, counted. */
  const footprint = () =>
    r.t.run(async (ctx) => ({
      import_rows: (await ctx.db.query("import_rows").collect()).length,
      jobs: (await ctx.db.query("jobs").collect()).length,
      audit_logs: (await ctx.db.query("audit_logs").collect()).length,
      lecturer_profiles: (await ctx.db.query("lecturer_profiles").collect()).length,
      stored_files: (await ctx.db.system.query("_storage").collect()).length,
      sync_logs: (await ctx.db.query("data_sync_logs").collect()).length,
    }));
  return { r, systemId, key, keyId, prefix, post, log, footprint };
}

const ZERO = { rows: 0, create: 0, update: 0, unchanged: 0, error: 0, written: 0, conflict: 0 };

describe("refused feeds leave a sync-log row and write nothing else", () => {
  test("a kind the key may not import: 403, and a refused row naming the key, when, and why", async () => {
    const { post, log, prefix, footprint } = await withKey();
    const before = await footprint();
    const t0 = Date.now();
    const res = await post("kind=modules");
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: string; import_id: string };
    expect(body.error).toBe("This key may import staff, not modules.");
    const [row] = await log();
    expect(row).toMatchObject({
      id: body.import_id,
      actor: { type: "key", name: "nightly staff feed", prefix },
      kind: "modules",
      stage: "refused",
      status: "failed",
      file_name: "HR system modules feed",
      counts: ZERO,
      message: "This key may import staff, not modules.",
      has_report: false,
    });
    expect(row.started_at).toBeGreaterThanOrEqual(t0);
    expect(row.finished_at).toBe(row.started_at);
    expect(await footprint()).toEqual({ ...before, sync_logs: before.sync_logs + 1 });
  });

  test("a locked year (409) and an archived one (409) are each a refused row with the year's words; no file is kept", async () => {
    const { r, post, log, footprint } = await withKey();
    await r.admin.mutation(api.structure.academicYears.lock, { organisationId: r.organisationId, id: r.yearId });
    const before = await footprint();
    const locked = await post("kind=staff&commit=true");
    expect(locked.status).toBe(409);
    await r.t.run(async (ctx) => ctx.db.patch(r.yearId, { status: "archived" }));
    const archived = await post(`kind=staff&year=${r.yearId}`);
    expect(archived.status).toBe(409);
    const [second, first] = await log();
    expect(first).toMatchObject({ stage: "refused", kind: "staff", file_name: "HR system staff feed.csv", message: "2026/27 is locked (published): imports into it are refused. Unlock the year first, or import into another year." });
    expect(second).toMatchObject({ stage: "refused", message: "2026/27 is archived: it is read-only, and imports into it are refused. Import into the current or a staging year." });
    const stored = await r.t.run(async (ctx) => (await ctx.db.get(first.id))!);
    expect(stored.academic_year_id).toBe(r.yearId);
    // The body was stored to start the import, then dropped with the refusal.
    expect(await footprint()).toEqual({ ...before, sync_logs: before.sync_logs + 2 });
  });

  test("an unknown year id is a refused row (404), not a server error", async () => {
    const { post, log } = await withKey();
    const res = await post("kind=staff&year=not-a-year");
    expect(res.status).toBe(404);
    expect((await log())[0]).toMatchObject({ stage: "refused", message: "This academic year does not exist." });
  });

  test("a body that is no importable file: an unknown kind (400), a content type (415), JSON that is not rows (400)", async () => {
    const { post, log, footprint } = await withKey();
    const before = await footprint();
    expect((await post("kind=payroll")).status).toBe(400);
    expect((await post("kind=staff", "%PDF-1.7", "application/pdf")).status).toBe(415);
    expect((await post("kind=staff", '{"email":"x"}', "application/json")).status).toBe(400);
    expect((await post("kind=staff", "[{", "application/json")).status).toBe(400);
    const rows = (await log()).reverse();
    expect(rows.map((x) => [x.stage, x.kind, x.message])).toEqual([
      ["refused", null, "Say what the file holds: ?kind=staff, modules or allocations."],
      ["refused", "staff", "Send text/csv, an XLSX file or application/json."],
      ["refused", "staff", "JSON feeds are an array of objects, one per row, keyed by column."],
      ["refused", "staff", "The body is not JSON."],
    ]);
    expect(await footprint()).toEqual({ ...before, sync_logs: before.sync_logs + 4 });
  });

  test("a file the dry run cannot import as a whole is refused: unreadable, empty, or without a column every row needs", async () => {
    const { r, post, log } = await withKey();
    const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    for (const [body, type] of [
      [new Uint8Array(new ArrayBuffer(7)).map((_, i) => [0x50, 0x4b, 0x03, 0x04, 1, 2, 3][i]), xlsx],
      ["email,first_name,last_name,department,team,fte,contract_family\n", "text/csv"],
      ["first_name,last_name,department,fte,contract_family\nNo,Email,CS,1,teaching_focused\n", "text/csv"],
    ] as const) {
      expect((await post("kind=staff&commit=true", body, type)).status).toBe(202);
    }
    await settle(r.t);
    const [missing, empty, unreadable] = await log();
    expect(unreadable.stage).toBe("refused");
    expect(unreadable.message).toMatch(/^Refused: the file could not be imported\. Reading the file: /);
    expect(empty).toMatchObject({ stage: "refused", message: "Refused: the file has no rows to import.", counts: ZERO });
    expect(missing).toMatchObject({
      stage: "refused",
      message: "Refused: the file has no column for email, which every lecturer row needs. Send the export's own headers, or map the columns once on the Import page.",
    });
    // Nothing was committed: no lecturer called "No Email".
    const profiles = await r.t.run(async (ctx) => (await ctx.db.query("lecturer_profiles").collect()).filter((p) => p.full_name === "No Email"));
    expect(profiles).toEqual([]);
  });

  test("a key revoked while its import runs: the import is refused, saying so, and nothing is written", async () => {
    const { r, post, log, keyId, prefix } = await withKey();
    const res = await post("kind=staff&commit=true");
    expect(res.status).toBe(202);
    const { import_id } = (await res.json()) as { import_id: Id<"data_sync_logs"> };
    const audits = await r.t.run(async (ctx) => (await ctx.db.query("audit_logs").collect()).length);
    await r.admin.mutation(api.imports.feeds.revokeKey, { organisationId: r.organisationId, keyId });
    const afterRevoke = await r.t.run(async (ctx) => (await ctx.db.query("audit_logs").collect()).length);
    await settle(r.t);
    const [row] = await log();
    expect(row).toMatchObject({
      id: import_id,
      stage: "refused",
      status: "failed",
      actor: { type: "key", name: "nightly staff feed", prefix },
      message: `Refused: the key "nightly staff feed" (${prefix}…) was revoked while this import ran; nothing was written.`,
    });
    expect(row.finished_at).toEqual(expect.any(Number));
    const lecturer = await r.t.run(async (ctx) => await ctx.db.query("lecturer_profiles").withIndex("by_organisation_id_and_email", (q) => q.eq("organisation_id", r.organisationId).eq("email", "feed.one@lhu.example")).first());
    expect(lecturer).toBeNull();
    // The revocation is the admin's one audited change; the refused import adds none.
    expect(afterRevoke).toBe(audits + 1);
    expect(await r.t.run(async (ctx) => (await ctx.db.query("audit_logs").collect()).length)).toBe(afterRevoke);
  });

  test("a key revoked between its clean dry run and its commit: the commit is refused at its first step, nothing is written", async () => {
    const { r, post, log, keyId, prefix } = await withKey();
    vi.useFakeTimers();
    const res = await post("kind=staff&commit=true");
    const { import_id } = (await res.json()) as { import_id: Id<"data_sync_logs"> };
    // Step the jobs until the dry run has settled and the commit (acting as the key) is scheduled.
    const stage = async () => (await r.t.run(async (ctx) => (await ctx.db.get(import_id))!)).stage;
    for (let i = 0; i < 50 && (await stage()) !== "committing"; i++) {
      vi.runOnlyPendingTimers();
      await r.t.finishInProgressScheduledFunctions();
    }
    expect(await stage()).toBe("committing");
    await r.admin.mutation(api.imports.feeds.revokeKey, { organisationId: r.organisationId, keyId });
    await r.t.finishAllScheduledFunctions(vi.runAllTimers, 100_000);
    vi.useRealTimers();
    const [row] = await log();
    expect(row).toMatchObject({
      id: import_id,
      stage: "refused",
      counts: { rows: 1, create: 1, written: 0 },
      message: `Refused: the key "nightly staff feed" (${prefix}…) was revoked while this import ran; nothing was written.`,
    });
    const lecturer = await r.t.run(async (ctx) => await ctx.db.query("lecturer_profiles").withIndex("by_organisation_id_and_email", (q) => q.eq("organisation_id", r.organisationId).eq("email", "feed.one@lhu.example")).first());
    expect(lecturer).toBeNull();
  });

  test("a disabled system's feeds are refused (403) with a row, until it is enabled again; disabled mid-import, the import is refused", async () => {
    const { r, systemId, post, log, footprint } = await withKey();
    await r.admin.mutation(api.imports.feeds.setSystemEnabled, { organisationId: r.organisationId, externalSystemId: systemId, enabled: false });
    const before = await footprint();
    const res = await post("kind=staff&commit=true");
    expect(res.status).toBe(403);
    const message = "HR system is disabled: its feeds are refused until an admin enables it again on the integrations page.";
    expect(((await res.json()) as { error: string }).error).toBe(message);
    expect((await log())[0]).toMatchObject({ stage: "refused", kind: "staff", message });
    expect(await footprint()).toEqual({ ...before, sync_logs: before.sync_logs + 1 });

    // Enabled again: the same key is accepted and its feed committed.
    await r.admin.mutation(api.imports.feeds.setSystemEnabled, { organisationId: r.organisationId, externalSystemId: systemId, enabled: true });
    expect((await post("kind=staff&commit=true")).status).toBe(202);
    await settle(r.t);
    expect((await log())[0]).toMatchObject({ stage: "committed", counts: { create: 1, written: 1 } });

    // Disabled while the next import waits to run: refused at its next step.
    vi.useFakeTimers();
    const next = await post("kind=staff", STAFF.replace(/feed\.one/g, "feed.two").replace("Feed,One", "Feed,Two"));
    expect(next.status).toBe(202);
    await r.admin.mutation(api.imports.feeds.setSystemEnabled, { organisationId: r.organisationId, externalSystemId: systemId, enabled: false });
    await r.t.finishAllScheduledFunctions(vi.runAllTimers, 100_000);
    vi.useRealTimers();
    expect((await log())[0]).toMatchObject({ stage: "refused", message: "Refused: HR system was disabled while this import ran; nothing was written." });
  });

  test("a missing or unknown key names no system: 401 and no row anywhere", async () => {
    const { post, footprint } = await withKey();
    const before = await footprint();
    expect((await post("kind=staff", STAFF, "text/csv", null)).status).toBe(401);
    expect((await post("kind=staff", STAFF, "text/csv", "Bearer ww_not-a-key")).status).toBe(401);
    expect(await footprint()).toEqual(before);
  });
});
