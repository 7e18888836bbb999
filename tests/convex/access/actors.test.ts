/**
 * Identity and actors: invitations bind only to a verified email; every
 * audit row names its actor, the first rows of a new organisation included;
 * a job acts as the person who started it, re-resolved at each step, so a
 * revoked person's job stops and says why; a named system actor and an API
 * key act with their own access and appear as such in the trail.
 */
import { describe, expect, test } from "vitest";
import { api, internal } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { createOrganisation, expectAppError, identity, member, newBackend, roleId } from "../harness";
import { asSystem, buildFixture } from "./fixture";

describe("identity and actors", { timeout: 60_000 }, () => {
  test("an invitation binds only to a verified email", async () => {
    const t = newBackend();
    const { admin, organisationId } = await createOrganisation(t);
    await admin.mutation(api.people.users.invite, { organisationId, email: "new@a.example", name: "New", roleId: await roleId(t, organisationId, "Viewer") });
    const unverified = t.withIdentity(identity("new@a.example", "New", false));
    expect(await unverified.mutation(api.organisations.membership.acceptInvitations, {})).toBe(0);
    expect(await unverified.query(api.organisations.membership.mine, {})).toEqual([]);
    const verified = t.withIdentity(identity("new@a.example", "New", true));
    expect(await verified.mutation(api.organisations.membership.acceptInvitations, {})).toBe(1);
    expect((await verified.query(api.organisations.membership.mine, {})).map((m) => m.organisationId)).toEqual([organisationId]);
  });

  test("every audit row names its actor, the first rows of a new organisation included", async () => {
    const t = newBackend();
    const { organisationId } = await createOrganisation(t, "founder@a.example");
    const rows = await t.run((ctx) => ctx.db.query("audit_logs").withIndex("by_organisation_id", (q) => q.eq("organisation_id", organisationId)).collect());
    const founder = await t.run(async (ctx) => (await ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", "founder@a.example")).first())!._id);
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.every((r) => r.user_id === founder && r.actor_kind === "user" && r.actor_name === "founder")).toBe(true);
    expect(rows.find((r) => r.entity_type === "organisations")).toMatchObject({ action: "create", user_id: founder });
  });

  test("a job acts as the person who started it and stops, saying why, when their access ends", async () => {
    const t = newBackend();
    const { admin, organisationId, academicYearId } = await createOrganisation(t);
    const { client: editor, userId: editorId } = await member(t, admin, organisationId, "rules@a.example", "Admin");
    const rules = await editor.query(api.workload.rules.list, { organisationId, academicYearId });
    const rule = rules[0];
    const first = await editor.mutation(api.workload.rules.update, { organisationId, ruleId: rule._id, expectedVersion: rule.version, patch: { priority: rule.priority + 1 } });
    const job = await t.run((ctx) => ctx.db.get(first.recompute_job_id));
    expect(job).toMatchObject({ started_by: editorId, actor_kind: "user", kind: "workload_recompute" });
    await t.finishAllScheduledFunctions(() => {});
    expect((await t.run((ctx) => ctx.db.get(first.recompute_job_id)))!.status).toBe("completed");

    // The editor is suspended before the next job's step runs: the step refuses to act for them.
    const second = await editor.mutation(api.workload.rules.update, { organisationId, ruleId: rule._id, expectedVersion: first.version, patch: { priority: rule.priority } });
    await admin.mutation(api.people.users.update, { organisationId, id: editorId, status: "suspended" });
    await t.finishAllScheduledFunctions(() => {});
    const stopped = await t.run((ctx) => ctx.db.get(second.recompute_job_id));
    expect(stopped).toMatchObject({ status: "failed", error: "Stopped: the person who started this job is no longer an active member of the organisation." });
  });

  test("a system actor and an API key act with their own access and are named in the trail", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const { keyId } = await asSystem(t, async (db) => {
      const now = Date.now();
      const base = { organisation_id: fx.org, created_at: now, updated_at: now };
      const system = await db.insert("external_systems", { ...base, name: "HR feed", kind: "hr_feed", config: {}, enabled: true });
      const keyId: Id<"api_keys"> = await db.insert("api_keys", {
        ...base,
        external_system_id: system,
        name: "nightly",
        key_hash: "sha256:fixture",
        prefix: "ww_fixture",
        kinds: [],
        permissions: ["allocations.view", "lecturers.view"],
        scope_department_id: fx.other,
      });
      return { keyId };
    });
    const asKey = { kind: "api_key" as const, organisationId: fx.org, apiKeyId: keyId };
    // The key is scoped to Mathematics: none of Computer Science's lecturers are checked.
    const scoped = await t.query(internal.workload.verify.verifyTotalsAs, { actor: asKey, academicYearId: fx.year });
    expect(scoped.lecturers_checked).toBe(0);
    const everyone = await t.query(internal.workload.verify.verifyTotalsAs, {
      actor: { kind: "system", organisationId: fx.org, name: "Nightly check" },
      academicYearId: fx.year,
    });
    expect(everyone.lecturers_checked).toBe(3);
    // A revoked key acts no more.
    await t.run((ctx) => ctx.db.patch(keyId, { revoked_at: Date.now() }));
    await expectAppError(t.query(internal.workload.verify.verifyTotalsAs, { actor: asKey, academicYearId: fx.year }), "UNAUTHENTICATED");
    // A cron's writes are named by its system actor.
    const fixtureRows = await t.run((ctx) => ctx.db.query("audit_logs").withIndex("by_organisation_id", (q) => q.eq("organisation_id", fx.org)).take(5));
    expect(fixtureRows.every((r) => r.actor_kind === "system" && r.actor_name === "Test fixture" && r.user_id === undefined)).toBe(true);
  });
});
