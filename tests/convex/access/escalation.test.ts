/**
 * No escalation: nobody grants a role beyond what they hold at the same or a
 * wider scope, nobody gives a role permissions they do not hold
 * organisation-wide, nobody edits a role they hold, the built-in Admin role
 * keeps its protections, and the organisation always keeps a permanent,
 * organisation-wide Admin.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { expectAppError, identity, newBackend } from "../harness";
import { diff, dump } from "./dump";
import { asSystem, buildFixture, emailOf, type Fixture } from "./fixture";

const as = (t: ReturnType<typeof newBackend>, email: string) => t.withIdentity(identity(email));

async function roleIds(t: ReturnType<typeof newBackend>, fx: Fixture) {
  const roles = await t.run((ctx) => ctx.db.query("roles").withIndex("by_organisation_id", (q) => q.eq("organisation_id", fx.org)).collect());
  return (name: string) => roles.find((r) => r.name === name)!._id;
}

/** A member with `role`, optionally scoped to a department and expiring. */
async function person(t: ReturnType<typeof newBackend>, fx: Fixture, email: string, roleId: Id<"roles">, extra: Record<string, unknown> = {}) {
  return await asSystem(t, async (db) => {
    const now = Date.now();
    const base = { organisation_id: fx.org, created_at: now, updated_at: now };
    const user = await db.insert("users", { ...base, email, name: email.split("@")[0], status: "active", token_identifier: identity(email).tokenIdentifier });
    const assignment = await db.insert("user_role_assignments", { ...base, user_id: user, role_id: roleId, ...extra });
    return { user: user as Id<"users">, assignment: assignment as Id<"user_role_assignments"> };
  });
}

describe("no escalation", { timeout: 60_000 }, () => {
  test("a department-scoped manager of users grants only within their department and only what they hold", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const role = await roleIds(t, fx);
    // A scoped user manager: manages users and plans Mathematics.
    const managerRole = (await asSystem(t, (db) =>
      db.insert("roles", {
        organisation_id: fx.org,
        name: "Department office",
        permissions: ["users.manage", "lecturers.view", "lecturers.edit", "allocations.view"],
        is_system: false,
        created_at: Date.now(),
        updated_at: Date.now(),
      }),
    )) as Id<"roles">;
    await person(t, fx, "office@fixture.test", managerRole, { scope_department_id: fx.other });
    const office = as(t, "office@fixture.test");
    const before = await dump(t);
    const wide = await expectAppError(office.mutation(api.people.assignments.grant, { organisationId: fx.org, userId: fx.users.spare, roleId: role("Viewer") }), "FORBIDDEN");
    expect(wide.message).toMatch(/^You cannot grant "Viewer" organisation-wide/);
    // The Head of Department role can edit modules: the manager holds no modules.edit, even in Mathematics.
    const beyond = await expectAppError(
      office.mutation(api.people.assignments.grant, { organisationId: fx.org, userId: fx.users.spare, roleId: role("Head of Department"), scopeDepartmentId: fx.other }),
      "FORBIDDEN",
    );
    expect(beyond.message).toContain("create and edit courses, cohorts, modules");
    // Another department is out of reach altogether.
    await expectAppError(
      office.mutation(api.people.assignments.grant, { organisationId: fx.org, userId: fx.users.spare, roleId: managerRole, scopeDepartmentId: fx.home }),
      "FORBIDDEN",
    );
    await expectAppError(office.mutation(api.people.users.invite, { organisationId: fx.org, email: "new@fixture.test", name: "New", roleId: role("Lecturer") }), "FORBIDDEN");
    expect(diff(before, await dump(t))).toEqual([]);
    // Within what they hold and where: allowed, also granting themselves the same.
    await office.mutation(api.people.assignments.grant, { organisationId: fx.org, userId: fx.users.spare, roleId: managerRole, scopeDepartmentId: fx.other });
  });

  test("a role gains only what its editor holds organisation-wide, and nobody edits a role they hold", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const roleManager = (await asSystem(t, (db) =>
      db.insert("roles", { organisation_id: fx.org, name: "Role manager", permissions: ["roles.manage", "users.manage", "structure.view"], is_system: false, created_at: Date.now(), updated_at: Date.now() }),
    )) as Id<"roles">;
    await person(t, fx, "roles@fixture.test", roleManager);
    const manager = as(t, "roles@fixture.test");
    const custom = fx.rows.roles as Id<"roles">;
    const beyond = await expectAppError(
      manager.mutation(api.people.roles.update, { organisationId: fx.org, id: custom, patch: { permissions: ["structure.view", "rules.edit"] } }),
      "FORBIDDEN",
    );
    expect(beyond.message).toBe("You cannot give a role what you do not hold organisation-wide: edit calculation rules.");
    await expectAppError(manager.mutation(api.people.roles.create, { organisationId: fx.org, name: "Sneaky", permissions: ["organisation.manage"] }), "FORBIDDEN");
    // Its own role: refused even for a harmless change.
    const own = await expectAppError(manager.mutation(api.people.roles.update, { organisationId: fx.org, id: roleManager, patch: { description: "mine" } }), "FORBIDDEN");
    expect(own.message).toBe('You hold the role "Role manager", so you cannot change it; ask another administrator.');
    // Removing permissions from another role, or granting what one holds, is fine.
    await manager.mutation(api.people.roles.update, { organisationId: fx.org, id: custom, patch: { permissions: [] } });
    await manager.mutation(api.people.roles.update, { organisationId: fx.org, id: custom, patch: { permissions: ["structure.view"] } });
  });

  test("the built-in Admin role keeps its name, permissions and existence; built-in cannot be switched off", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const role = await roleIds(t, fx);
    // A second permanent Admin edits (they hold Admin, so they cannot; nobody can strip it).
    const admin = as(t, emailOf("admin"));
    const adminRole = role("Admin");
    await expectAppError(admin.mutation(api.people.roles.update, { organisationId: fx.org, id: adminRole, patch: { name: "Boss" } }), "FORBIDDEN");
    const roleManager = (await asSystem(t, (db) =>
      db.insert("roles", { organisation_id: fx.org, name: "Role manager", permissions: ["roles.manage", "users.manage"], is_system: false, created_at: Date.now(), updated_at: Date.now() }),
    )) as Id<"roles">;
    await person(t, fx, "roles@fixture.test", roleManager);
    const manager = as(t, "roles@fixture.test");
    await expectAppError(manager.mutation(api.people.roles.update, { organisationId: fx.org, id: adminRole, patch: { permissions: ["structure.view"] } }), "INVALID_ARGUMENT");
    await expectAppError(manager.mutation(api.people.roles.remove, { organisationId: fx.org, id: adminRole }), "FORBIDDEN");
    // `is_system` is not an editable field.
    await expect(manager.mutation(api.people.roles.update, { organisationId: fx.org, id: adminRole, patch: { is_system: false } as any })).rejects.toThrow(/is_system/);
    const stored = await t.run((ctx) => ctx.db.get(adminRole));
    expect(stored).toMatchObject({ name: "Admin", is_system: true });
  });

  test("the last permanent, organisation-wide Admin cannot be revoked, suspended or left with only an expiring grant", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const role = await roleIds(t, fx);
    // A second Admin whose grant expires next month.
    const temp = await person(t, fx, "temp@fixture.test", role("Admin"), { expires_at: Date.now() + 30 * 86400_000 });
    const tempAdmin = as(t, "temp@fixture.test");
    const adminAssignment = await t.run(async (ctx) =>
      (await ctx.db.query("user_role_assignments").withIndex("by_user_id", (q) => q.eq("user_id", fx.users.admin)).collect())[0]._id,
    );
    const before = await dump(t);
    const last = await expectAppError(tempAdmin.mutation(api.people.assignments.revoke, { organisationId: fx.org, id: adminAssignment }), "CONFLICT");
    expect(last.message).toBe(
      "The organisation must keep at least one active person with an organisation-wide Admin role that does not expire; give someone else that role first.",
    );
    await expectAppError(tempAdmin.mutation(api.people.users.update, { organisationId: fx.org, id: fx.users.admin, status: "suspended" }), "CONFLICT");
    expect(diff(before, await dump(t))).toEqual([]);
    // With another permanent Admin, the first may go.
    const admin = as(t, emailOf("admin"));
    await admin.mutation(api.people.assignments.grant, { organisationId: fx.org, userId: temp.user, roleId: role("Admin") });
    await tempAdmin.mutation(api.people.assignments.revoke, { organisationId: fx.org, id: adminAssignment });
  });
});
