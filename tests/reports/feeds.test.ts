/**
 * Feeds over HTTP (issue #14): an external system posts a file or JSON rows
 * to /api/imports with its API key; the same dry run and commit run, acting
 * as the system. A missing, wrong or revoked key is refused; a key may
 * import only its kinds; a good key's feed is checked, committed on its own
 * when clean, and reported at the status URL. A key scoped to a department
 * or a team imports only that place's rows, and the key list says where
 * each key acts.
 */
import { describe, expect, test, vi } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { expectAppError } from "../convex/harness";
import { setupReports } from "./fixture";
import { settle } from "./importHelpers";

async function withKey() {
  const r = await setupReports();
  const systemId = await r.admin.mutation(api.imports.feeds.createSystem, { organisationId: r.organisationId, name: "HR system", kind: "hr_feed" });
  const { key, keyId, prefix } = await r.admin.action(api.imports.feeds.createKey, { organisationId: r.organisationId, externalSystemId: systemId, name: "nightly staff feed", kinds: ["staff"] });
  return { r, systemId, key, keyId, prefix };
}

const STAFF = "email,first_name,last_name,department,team,fte,contract_family\nfeed.one@lhu.example,Feed,One,CS,Software,1,teaching_focused\n";

describe("feeds over HTTP", () => {
  test("a missing, wrong or revoked key is refused; a key imports only its kinds", async () => {
    const { r, key, keyId } = await withKey();
    const post = (headers: Record<string, string>, query = "kind=staff") => r.t.fetch(`/api/imports?${query}`, { method: "POST", headers: { "Content-Type": "text/csv", ...headers }, body: STAFF });
    expect((await post({})).status).toBe(401);
    expect((await post({ Authorization: "Bearer ww_not-a-key" })).status).toBe(401);
    expect((await post({ Authorization: `Bearer ${key}` }, "kind=modules")).status).toBe(403);
    // Only the hash is kept.
    const stored = await r.t.run(async (ctx) => (await ctx.db.get(keyId))!);
    expect(stored.key_hash).not.toContain(key);
    expect(JSON.stringify(stored)).not.toContain(key);
    await r.admin.mutation(api.imports.feeds.revokeKey, { organisationId: r.organisationId, keyId });
    expect((await post({ Authorization: `Bearer ${key}` })).status).toBe(401);
    const systemId = stored.external_system_id;
    // Keys are an admin's: a head of department may not create one.
    await expectAppError(r.hodClient.action(api.imports.feeds.createKey, { organisationId: r.organisationId, externalSystemId: systemId, name: "x", kinds: ["staff"] }), "FORBIDDEN");
  });

  test("a good key's CSV feed is dry-run, committed on its own, and reported; JSON rows too; the same feed again writes nothing", async () => {
    const { r, key } = await withKey();
    const res = await r.t.fetch("/api/imports?kind=staff&commit=true", { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/csv" }, body: STAFF });
    expect(res.status).toBe(202);
    const { import_id } = (await res.json()) as { import_id: string };
    await settle(r.t);
    const status = await r.t.fetch(`/api/imports/status?id=${import_id}`, { headers: { Authorization: `Bearer ${key}` } });
    expect(status.status).toBe(200);
    const report = (await status.json()) as { stage: string; counts: Record<string, number>; errors: unknown[] };
    expect(report).toMatchObject({ stage: "committed", counts: { rows: 1, create: 1, written: 1, error: 0 }, errors: [] });
    const lecturer = await r.t.run(async (ctx) => await ctx.db.query("lecturer_profiles").withIndex("by_organisation_id_and_email", (q) => q.eq("organisation_id", r.organisationId).eq("email", "feed.one@lhu.example")).first());
    expect(lecturer?.full_name).toBe("Feed One");
    // The import is in the organisation's history under the feed's system.
    const history = await r.admin.query(api.imports.imports.list, { organisationId: r.organisationId });
    expect(history[0]).toMatchObject({ source: "HR system", stage: "committed", started_by_name: "" });

    // JSON rows with an error: the dry run reports it and nothing is committed.
    const json = [
      { email: "feed.two@lhu.example", first_name: "Feed", last_name: "Two", department: "CS", fte: 0.5, contract_family: "teaching_focused" },
      { email: "feed.three@lhu.example", first_name: "Feed", last_name: "Three", department: "CS", fte: 3, contract_family: "teaching_focused" },
    ];
    const res2 = await r.t.fetch("/api/imports?kind=staff&commit=true", { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, body: JSON.stringify(json) });
    expect(res2.status).toBe(202);
    const second = ((await res2.json()) as { import_id: string }).import_id;
    await settle(r.t);
    const report2 = (await (await r.t.fetch(`/api/imports/status?id=${second}`, { headers: { Authorization: `Bearer ${key}` } })).json()) as { stage: string; errors: { row: number; column: string; message: string }[] };
    expect(report2.stage).toBe("checked");
    expect(report2.errors).toEqual([{ row: 3, level: "error", column: "fte", message: "FTE must be between 0 and 1 (got 3)." }]);

    // The first feed again: every row unchanged, nothing written.
    const audits = await r.t.run(async (ctx) => (await ctx.db.query("audit_logs").collect()).length);
    const res3 = await r.t.fetch("/api/imports?kind=staff&commit=true", { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/csv" }, body: STAFF });
    const third = ((await res3.json()) as { import_id: string }).import_id;
    await settle(r.t);
    const report3 = (await (await r.t.fetch(`/api/imports/status?id=${third}`, { headers: { Authorization: `Bearer ${key}` } })).json()) as { stage: string; counts: Record<string, number> };
    expect(report3).toMatchObject({ stage: "committed", counts: { unchanged: 1, written: 0 } });
    expect(await r.t.run(async (ctx) => (await ctx.db.query("audit_logs").collect()).length)).toBe(audits);
  });

  test("the feed acts as its key: the trail names the system; a key scoped to one department imports nothing of another's", async () => {
    const r = await setupReports();
    const systemId = await r.admin.mutation(api.imports.feeds.createSystem, { organisationId: r.organisationId, name: "HR system", kind: "hr_feed" });
    // Scoped to Mathematics: a Computer Science row is refused, a Mathematics row is written.
    const { key, keyId } = await r.admin.action(api.imports.feeds.createKey, {
      organisationId: r.organisationId,
      externalSystemId: systemId,
      name: "maths feed",
      kinds: ["staff", "allocations"],
      departmentId: r.maths,
    });
    const stored = await r.t.run(async (ctx) => (await ctx.db.get(keyId))!);
    expect(stored).toMatchObject({ scope_department_id: r.maths, permissions: ["allocations.edit", "allocations.view", "lecturers.edit", "lecturers.view"] });
    const rows = "email,first_name,last_name,department,team,fte,contract_family\nfeed.cs@lhu.example,Feed,Cs,CS,Software,1,teaching_focused\nfeed.ma@lhu.example,Feed,Ma,MA,Statistics,1,teaching_focused\n";
    const res = await r.t.fetch("/api/imports?kind=staff&commit=true", { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/csv" }, body: rows });
    expect(res.status).toBe(202);
    const { import_id } = (await res.json()) as { import_id: Id<"data_sync_logs"> };
    await settle(r.t);
    const report = (await (await r.t.fetch(`/api/imports/status?id=${import_id}`, { headers: { Authorization: `Bearer ${key}` } })).json()) as {
      stage: string;
      counts: Record<string, number>;
      errors: { row: number; column: string | null; message: string }[];
    };
    expect(report.stage).toBe("checked");
    expect(report.counts).toMatchObject({ rows: 2, error: 1 });
    expect(report.errors.map((e) => e.row)).toEqual([2]);
    const profile = (email: string) =>
      r.t.run(async (ctx) => await ctx.db.query("lecturer_profiles").withIndex("by_organisation_id_and_email", (q) => q.eq("organisation_id", r.organisationId).eq("email", email)).first());
    expect(await profile("feed.cs@lhu.example")).toBeNull();
    // A dry run with an error does not commit itself; the admin's commit writes the clean row only, as the key was the starter.
    expect(await profile("feed.ma@lhu.example")).toBeNull();

    // Allocations through the editor's one create path, as the key: MA101 is Mathematics' (written), CS101 is not (refused).
    const allocations = [
      "iteration_code,allocation_type,group,lecturer_email,share",
      "MA101-A,marking,,s004@lhu.example,40",
      "CS101-A,marking,,s004@lhu.example,40",
    ].join("\n");
    const res2 = await r.t.fetch("/api/imports?kind=allocations", { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/csv" }, body: allocations });
    expect(res2.status).toBe(202);
    const second = ((await res2.json()) as { import_id: Id<"data_sync_logs"> }).import_id;
    await settle(r.t);
    const checked = (await (await r.t.fetch(`/api/imports/status?id=${second}`, { headers: { Authorization: `Bearer ${key}` } })).json()) as {
      errors: { row: number; column: string | null; message: string }[];
    };
    expect(checked.errors).toEqual([{ row: 3, level: "error", column: "iteration_code", message: "CS101-A is taught outside your scope: you may not allocate on it." }]);
    // Committed by its own kind of caller: a clean feed of the Mathematics row alone, with commit=true.
    const res3 = await r.t.fetch("/api/imports?kind=allocations&commit=true", {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/csv" },
      body: allocations.split("\n").slice(0, 2).join("\n"),
    });
    const third = ((await res3.json()) as { import_id: Id<"data_sync_logs"> }).import_id;
    await settle(r.t);
    const done = (await (await r.t.fetch(`/api/imports/status?id=${third}`, { headers: { Authorization: `Bearer ${key}` } })).json()) as { stage: string; counts: Record<string, number> };
    expect(done).toMatchObject({ stage: "committed", counts: { written: 1 } });
    const written = await r.t.run(async (ctx) =>
      (await ctx.db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", r.lecturers["olena"])).collect()).find(
        (a) => a.module_iteration_id === r.ma101.iterationId && a.allocation_type_id === r.types["marking"],
      ),
    );
    // Олена's marking on MA101, created by the feed through the one create path: no person made it.
    expect(written).toMatchObject({ share: 40, department_id: r.maths });
    expect(written!.updated_by).toBeUndefined();
    // The trail names the system and the key, no person.
    const audit = await r.t.run(async (ctx) => (await ctx.db.query("audit_logs").collect()).filter((a) => a.entity_id === written!._id));
    const last = audit.find((a) => a.actor_kind === "api_key")!;
    expect([last.action, last.actor_kind, last.actor_name, last.api_key_id, last.user_id]).toEqual(["create", "api_key", 'HR system (key "maths feed")', keyId, undefined]);
  });

  test("a key revoked mid-import stops the job at its next step; a locked or archived year takes no feed", async () => {
    const { r, key, keyId } = await withKey();
    const res = await r.t.fetch("/api/imports?kind=staff&commit=true", { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/csv" }, body: STAFF });
    expect(res.status).toBe(202);
    const { import_id } = (await res.json()) as { import_id: Id<"data_sync_logs"> };
    // Revoked after the feed was accepted, before its job ran a step.
    await r.admin.mutation(api.imports.feeds.revokeKey, { organisationId: r.organisationId, keyId });
    await settle(r.t);
    const log = await r.t.run(async (ctx) => (await ctx.db.get(import_id))!);
    const job = await r.t.run(async (ctx) => (await ctx.db.get(log.check_job_id!))!);
    expect(job.status).toBe("failed");
    expect(job.error).toContain("API key is revoked");
    const lecturer = await r.t.run(async (ctx) => await ctx.db.query("lecturer_profiles").withIndex("by_organisation_id_and_email", (q) => q.eq("organisation_id", r.organisationId).eq("email", "feed.one@lhu.example")).first());
    expect(lecturer).toBeNull();

    // A fresh key: the current year locked (published) takes no feed (a key cannot hold years.edit_locked); archived neither.
    const fresh = await r.admin.action(api.imports.feeds.createKey, { organisationId: r.organisationId, externalSystemId: log.external_system_id, name: "second", kinds: ["staff"] });
    const post = () => r.t.fetch("/api/imports?kind=staff", { method: "POST", headers: { Authorization: `Bearer ${fresh.key}`, "Content-Type": "text/csv" }, body: STAFF });
    await r.admin.mutation(api.structure.academicYears.lock, { organisationId: r.organisationId, id: r.yearId });
    const locked = await post();
    expect(locked.status).toBe(409);
    expect(((await locked.json()) as { error: string }).error).toBe("2026/27 is locked (published): imports into it are refused. Unlock the year first, or import into another year.");
    await r.t.run(async (ctx) => ctx.db.patch(r.yearId, { status: "archived" }));
    const archived = await r.t.fetch(`/api/imports?kind=staff&year=${r.yearId}`, { method: "POST", headers: { Authorization: `Bearer ${fresh.key}`, "Content-Type": "text/csv" }, body: STAFF });
    expect(archived.status).toBe(409);
    expect(((await archived.json()) as { error: string }).error).toBe("2026/27 is archived: it is read-only, and imports into it are refused. Import into the current or a staging year.");
  });

  test("a clean feed whose year is locked during its dry run is checked but not committed, and says why", async () => {
    const { r, key } = await withKey();
    // Fake timers hold the scheduled dry run until `settle`, so the year is locked while it is pending.
    vi.useFakeTimers();
    const res = await r.t.fetch("/api/imports?kind=staff&commit=true", { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/csv" }, body: STAFF });
    expect(res.status).toBe(202);
    const { import_id } = (await res.json()) as { import_id: string };
    expect((await r.t.run(async (ctx) => await ctx.db.get(import_id as Id<"data_sync_logs">)))?.stage).toBe("checking");
    await r.admin.mutation(api.structure.academicYears.lock, { organisationId: r.organisationId, id: r.yearId });
    // Not `settle`: it would install fresh fake timers and drop the pending ones.
    await r.t.finishAllScheduledFunctions(vi.runAllTimers, 100_000);
    vi.useRealTimers();
    const report = (await (await r.t.fetch(`/api/imports/status?id=${import_id}`, { headers: { Authorization: `Bearer ${key}` } })).json()) as { stage: string; message: string; counts: Record<string, number> };
    expect(report.stage).toBe("checked");
    expect(report.counts).toMatchObject({ create: 1, written: 0 });
    expect(report.message).toContain("Not committed: 2026/27 is locked (published): imports into it are refused.");
    const lecturer = await r.t.run(async (ctx) => await ctx.db.query("lecturer_profiles").withIndex("by_organisation_id_and_email", (q) => q.eq("organisation_id", r.organisationId).eq("email", "feed.one@lhu.example")).first());
    expect(lecturer).toBeNull();
  });

  test("a key scoped to a team imports that team's rows only; the key list shows each key's place; a key cannot hold more than its creator there", async () => {
    const r = await setupReports();
    const systemId = await r.admin.mutation(api.imports.feeds.createSystem, { organisationId: r.organisationId, name: "HR system", kind: "hr_feed" });
    const teamKey = await r.admin.action(api.imports.feeds.createKey, { organisationId: r.organisationId, externalSystemId: systemId, name: "software feed", kinds: ["staff"], teamId: r.software });
    await r.admin.action(api.imports.feeds.createKey, { organisationId: r.organisationId, externalSystemId: systemId, name: "maths feed", kinds: ["staff"], departmentId: r.maths });
    const stored = await r.t.run(async (ctx) => (await ctx.db.get(teamKey.keyId))!);
    expect([stored.scope_team_id, stored.scope_department_id]).toEqual([r.software, undefined]);
    const [system] = (await r.admin.query(api.imports.feeds.listSystems, { organisationId: r.organisationId })).filter((s) => s.id === systemId);
    expect(system.keys.map((k) => [k.name, k.scope])).toEqual([
      ["maths feed", { type: "department", name: "Mathematics" }],
      ["software feed", { type: "team", name: "Software", department_name: "Computer Science" }],
    ]);

    // Software's row is imported; a Data row (same department, another team) is refused with the reason.
    const rows = [
      "email,first_name,last_name,department,team,fte,contract_family",
      "feed.sw@lhu.example,Feed,Software,CS,Software,1,teaching_focused",
      "feed.data@lhu.example,Feed,Data,CS,Data,1,teaching_focused",
    ].join("\n");
    const res = await r.t.fetch("/api/imports?kind=staff", { method: "POST", headers: { Authorization: `Bearer ${teamKey.key}`, "Content-Type": "text/csv" }, body: rows });
    expect(res.status).toBe(202);
    const { import_id } = (await res.json()) as { import_id: string };
    await settle(r.t);
    const report = (await (await r.t.fetch(`/api/imports/status?id=${import_id}`, { headers: { Authorization: `Bearer ${teamKey.key}` } })).json()) as {
      counts: Record<string, number>;
      errors: { row: number; message: string }[];
    };
    expect(report.counts).toMatchObject({ rows: 2, create: 1, error: 1 });
    expect(report.errors.map((e) => e.row)).toEqual([3]);
    // The clean row alone, committed on its own: Software's lecturer exists, in Software.
    const clean = rows.split("\n").slice(0, 2).join("\n");
    await r.t.fetch("/api/imports?kind=staff&commit=true", { method: "POST", headers: { Authorization: `Bearer ${teamKey.key}`, "Content-Type": "text/csv" }, body: clean });
    await settle(r.t);
    const lecturer = await r.t.run(async (ctx) => {
      const profile = await ctx.db.query("lecturer_profiles").withIndex("by_organisation_id_and_email", (q) => q.eq("organisation_id", r.organisationId).eq("email", "feed.sw@lhu.example")).first();
      return profile ? await ctx.db.query("lecturers").withIndex("by_profile_id", (q) => q.eq("profile_id", profile._id)).first() : null;
    });
    expect(lecturer).toMatchObject({ department_id: r.cs, team_id: r.software });

    // A key holds nothing its creator lacks there: a head of department with organisation.manage only in their own department cannot scope a key elsewhere.
    const role = await r.t.run(async (ctx) => {
      const now = Date.now();
      return await ctx.db.insert("roles", { organisation_id: r.organisationId, name: "Integrations admin", description: "test", permissions: ["organisation.manage", "lecturers.edit", "lecturers.view"], is_system: false, created_at: now, updated_at: now });
    });
    await r.t.run(async (ctx) => {
      const now = Date.now();
      await ctx.db.insert("user_role_assignments", { organisation_id: r.organisationId, user_id: r.hod.userId, role_id: role, scope_department_id: r.cs, created_at: now, updated_at: now });
    });
    const refused = await r.hodClient
      .action(api.imports.feeds.createKey, { organisationId: r.organisationId, externalSystemId: systemId, name: "x", kinds: ["staff"], teamId: r.statsTeam })
      .then(() => null, (e: { data: unknown }) => (typeof e.data === "string" ? JSON.parse(e.data) : e.data) as { code: string; message: string });
    expect(refused?.code).toBe("FORBIDDEN");
    expect(refused?.message).toMatch(/^A key cannot hold more than you do: you lack lecturers\.edit.* in that team\.$/);
    // In their own department's team, the same person may.
    const own = await r.hodClient.action(api.imports.feeds.createKey, { organisationId: r.organisationId, externalSystemId: systemId, name: "data feed", kinds: ["staff"], teamId: r.data });
    expect(own.prefix).toMatch(/^ww_/);
  });
});
