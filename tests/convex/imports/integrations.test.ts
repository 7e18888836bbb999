/**
 * The integrations page's backend (issue #14): an organisation's external
 * systems, their keys (never the key itself), and each system's sync log a
 * page at a time; enabling and disabling a system (audited, named in the
 * trail). All of it is an admin's (organisation.manage): a lecturer or a
 * viewer is refused, and another organisation's admin sees none of it.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { createOrganisation, expectAppError, member, newBackend } from "../harness";

const STAFF = "email,first_name,last_name,department,fte,contract_family\nnew.one@a.example,New,One,CS,1,teaching_focused\n";

async function setup() {
  const t = newBackend();
  const org = await createOrganisation(t);
  const { admin, organisationId } = org;
  const externalSystemId = await admin.mutation(api.imports.feeds.createSystem, { organisationId, name: "  HR system ", kind: "hr_feed" });
  const created = await admin.action(api.imports.feeds.createKey, { organisationId, externalSystemId, name: "nightly staff feed", kinds: ["staff", "modules"] });
  const feed = (key: string) =>
    t.fetch("/api/imports?kind=staff", { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/csv" }, body: STAFF });
  return { t, ...org, externalSystemId, ...created, feed };
}

describe("integrations: systems, keys and sync log", () => {
  test("an admin sees the system, its key's label, kinds, creator and last use, and each feed in the sync log, newest first, a page at a time", async () => {
    const { admin, organisationId, externalSystemId, key, keyId, prefix, feed } = await setup();
    expect(key.startsWith(prefix)).toBe(true);
    const before = await admin.query(api.imports.feeds.listSystems, { organisationId });
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ id: externalSystemId, name: "HR system", kind: "hr_feed", enabled: true, takes_keys: true, feed_kinds: ["staff", "modules", "allocations"] });
    expect(before[0].keys).toEqual([
      expect.objectContaining({ id: keyId, name: "nightly staff feed", prefix, kinds: ["staff", "modules"], revoked: false, revoked_at: null, created_by_name: "admin", last_used_at: null }),
    ]);
    expect(JSON.stringify(before)).not.toContain(key);

    for (let i = 0; i < 3; i++) expect((await feed(key)).status).toBe(202);
    const [system] = await admin.query(api.imports.feeds.listSystems, { organisationId });
    expect(system.keys[0].last_used_at).toEqual(expect.any(Number));

    const first = await admin.query(api.imports.feeds.syncLog, { organisationId, externalSystemId, paginationOpts: { numItems: 2, cursor: null } });
    expect(first.page).toHaveLength(2);
    expect(first.isDone).toBe(false);
    expect(first.page[0]).toMatchObject({
      actor: { type: "key", name: "nightly staff feed", prefix },
      kind: "staff",
      stage: "checking",
      status: "processing",
      file_name: "HR system staff feed.csv",
      counts: { rows: 0, create: 0, update: 0, unchanged: 0, error: 0, written: 0, conflict: 0 },
      has_report: true,
    });
    expect(first.page[0].started_at).toBeGreaterThanOrEqual(first.page[1].started_at);
    const rest = await admin.query(api.imports.feeds.syncLog, { organisationId, externalSystemId, paginationOpts: { numItems: 2, cursor: first.continueCursor } });
    expect(rest.page).toHaveLength(1);
    expect(rest.isDone).toBe(true);
  });

  test("a revoked key is shown as revoked and its feeds are refused from then on", async () => {
    const { admin, organisationId, key, keyId, feed } = await setup();
    await admin.mutation(api.imports.feeds.revokeKey, { organisationId, keyId });
    const [system] = await admin.query(api.imports.feeds.listSystems, { organisationId });
    expect(system.keys[0]).toMatchObject({ revoked: true, revoked_at: expect.any(Number) });
    expect((await feed(key)).status).toBe(401);
  });

  test("a system needs a fresh, short name; a key a name and kinds a feed may import", async () => {
    const { admin, organisationId, externalSystemId } = await setup();
    const create = (name: string) => admin.mutation(api.imports.feeds.createSystem, { organisationId, name, kind: "timetabling" });
    expect((await expectAppError(create("   "), "INVALID_ARGUMENT")).message).toBe("An external system needs a name.");
    expect((await expectAppError(create("x".repeat(81)), "INVALID_ARGUMENT")).message).toContain("80 characters");
    expect((await expectAppError(create("hr SYSTEM"), "CONFLICT")).message).toBe('There is already an external system called "hr SYSTEM": give this one another name.');
    const key = (name: string, kinds: ("staff" | "modules" | "allocations")[]) => admin.action(api.imports.feeds.createKey, { organisationId, externalSystemId, name, kinds });
    expect((await expectAppError(key("", ["staff"]), "INVALID_ARGUMENT")).message).toBe("A key needs a name (what uses it).");
    expect((await expectAppError(key("k", []), "INVALID_ARGUMENT")).message).toBe("Choose what the key may import.");
    const [system] = await admin.query(api.imports.feeds.listSystems, { organisationId });
    expect(system.keys).toHaveLength(1);
  });

  test("a lecturer and a viewer are refused the systems, the sync log, and creating or revoking keys", async () => {
    const { t, admin, organisationId, externalSystemId, keyId } = await setup();
    for (const role of ["Lecturer", "Viewer"]) {
      const { client } = await member(t, admin, organisationId, `${role.toLowerCase()}@a.example`, role);
      await expectAppError(client.query(api.imports.feeds.listSystems, { organisationId }), "FORBIDDEN");
      await expectAppError(client.query(api.imports.feeds.syncLog, { organisationId, externalSystemId, paginationOpts: { numItems: 10, cursor: null } }), "FORBIDDEN");
      await expectAppError(client.mutation(api.imports.feeds.createSystem, { organisationId, name: "Mine", kind: "hr_feed" }), "FORBIDDEN");
      await expectAppError(client.action(api.imports.feeds.createKey, { organisationId, externalSystemId, name: "k", kinds: ["staff"] }), "FORBIDDEN");
      await expectAppError(client.mutation(api.imports.feeds.revokeKey, { organisationId, keyId }), "FORBIDDEN");
      await expectAppError(client.mutation(api.imports.feeds.setSystemEnabled, { organisationId, externalSystemId, enabled: false }), "FORBIDDEN");
    }
    const [system] = await admin.query(api.imports.feeds.listSystems, { organisationId });
    expect(system.keys[0].revoked).toBe(false);
  });

  test("another organisation's admin sees none of it and can revoke nothing", async () => {
    const { t, organisationId, externalSystemId, keyId, admin, feed, key } = await setup();
    await feed(key);
    const other = await createOrganisation(t, "admin@b.example", "ORG-B");
    expect(await other.admin.query(api.imports.feeds.listSystems, { organisationId: other.organisationId })).toEqual([]);
    await expectAppError(
      other.admin.query(api.imports.feeds.syncLog, { organisationId: other.organisationId, externalSystemId, paginationOpts: { numItems: 10, cursor: null } }),
      "NOT_FOUND",
    );
    await expectAppError(other.admin.mutation(api.imports.feeds.revokeKey, { organisationId: other.organisationId, keyId }), "NOT_FOUND");
    await expectAppError(other.admin.query(api.imports.feeds.listSystems, { organisationId }), "FORBIDDEN");
    await expectAppError(other.admin.mutation(api.imports.feeds.setSystemEnabled, { organisationId: other.organisationId, externalSystemId, enabled: false }), "NOT_FOUND");
    const [system] = await admin.query(api.imports.feeds.listSystems, { organisationId });
    expect(system.keys[0].revoked).toBe(false);
    expect(system.enabled).toBe(true);
  });

  test("an admin disables and enables a system: each change is one audit row naming the admin; the same state again writes nothing; the uploads cannot be disabled", async () => {
    const { t, admin, organisationId, externalSystemId, key, feed } = await setup();
    const audits = () => t.run(async (ctx) => (await ctx.db.query("audit_logs").collect()).filter((a) => a.entity_id === externalSystemId));
    const before = (await audits()).length;
    await admin.mutation(api.imports.feeds.setSystemEnabled, { organisationId, externalSystemId, enabled: false });
    expect((await admin.query(api.imports.feeds.listSystems, { organisationId }))[0]).toMatchObject({ enabled: false, keys: [expect.objectContaining({ revoked: false })] });
    const rows = await audits();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ action: "update", actor_kind: "user", actor_name: "admin", changed_fields: expect.arrayContaining(["enabled"]) });
    expect(JSON.parse(rows.at(-1)!.new_values!)).toMatchObject({ enabled: false });
    // Disabled: its key's feed is refused (a row, no import).
    expect((await feed(key)).status).toBe(403);
    // Disabling it again changes nothing and audits nothing.
    await admin.mutation(api.imports.feeds.setSystemEnabled, { organisationId, externalSystemId, enabled: false });
    expect(await audits()).toHaveLength(before + 1);
    await admin.mutation(api.imports.feeds.setSystemEnabled, { organisationId, externalSystemId, enabled: true });
    expect(await audits()).toHaveLength(before + 2);
    expect((await feed(key)).status).toBe(202);

    // The wizard's uploads are not a feed.
    // (The uploads system exists once someone imports; made here as the wizard makes it.)
    const uploads = await t.run(async (ctx) =>
      ctx.db.insert("external_systems", { organisation_id: organisationId, name: "Spreadsheet uploads", kind: "spreadsheet", config: {}, enabled: true, created_at: Date.now(), updated_at: Date.now() }),
    );
    const err = await expectAppError(admin.mutation(api.imports.feeds.setSystemEnabled, { organisationId, externalSystemId: uploads, enabled: false }), "INVALID_ARGUMENT");
    expect(err.message).toBe("Spreadsheet uploads is not a feed: it cannot be disabled.");
  });
});
