/**
 * Test harness for backend tests: a fresh convex-test backend with Convex's
 * real transaction limits, identities, and the shortest path to "an
 * organisation with people in given roles" through the public API itself.
 */
import { convexTest } from "convex-test";
import { LocalStorage } from "../../local/storage/convexTest";
import { expect } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import schema from "../../convex/schema";

export const modules = import.meta.glob("../../convex/**/*.ts");

export type Backend = ReturnType<typeof newBackend>;

const storages = new WeakMap<object, LocalStorage>();

/**
 * convex-test's function runner on the local backend's storage engine (real indexes), with
 * Convex's own per-transaction limits, or tighter ones (e.g. a job's batch budget) where a test says so.
 */
export function newBackend(limits: Parameters<typeof convexTest>[0]["transactionLimits"] = true) {
  const t = convexTest({ schema, modules, transactionLimits: limits });
  storages.set(t, LocalStorage.attach(t, { transactionLimits: limits }));
  return t;
}

/** The storage engine under a backend made by `newBackend` (for measuring what queries read). */
export function storageOf(t: Backend): LocalStorage {
  const s = storages.get(t);
  if (!s) throw new Error("not a backend made by newBackend()");
  return s;
}

/**
 * A backend whose data `build` makes once per test file, then copied for each
 * caller of the returned function: the copy shares the built version (it
 * costs nothing) and goes on independently. `build`'s result (ids) is cloned
 * per copy. The template must not have scheduled work left when it is copied.
 */
export function backendTemplate<T>(build: (t: Backend) => Promise<T>): () => Promise<{ t: Backend; value: T }> {
  let template: Promise<{ t: Backend; value: T }> | null = null;
  return async () => {
    template ??= (async () => {
      const t = newBackend();
      const value = await build(t);
      await t.finishInProgressScheduledFunctions();
      return { t, value };
    })();
    const made = await template;
    const t = newBackend();
    storageOf(t).copyFrom(storageOf(made.t));
    return { t, value: structuredClone(made.value) };
  };
}

/** A signed-in identity; its email is verified unless `emailVerified: false` (invitations bind only verified emails). */
export function identity(email: string, name = email.split("@")[0], emailVerified = true) {
  return { tokenIdentifier: `https://test.issuer|${email}`, subject: email, issuer: "https://test.issuer", email, emailVerified, name };
}

/** Signs `email` in as the creator (Admin) of a new organisation. */
export async function createOrganisation(t: Backend, email = "admin@a.example", code = "ORG-A") {
  const admin = t.withIdentity(identity(email));
  const { organisationId, academicYearId } = await admin.mutation(api.organisations.membership.create, {
    name: `Organisation ${code}`,
    code,
    firstYear: { name: "2026/27", start_date: "2026-09-01", end_date: "2027-08-31" },
  });
  return { admin, organisationId, academicYearId };
}

export async function roleId(t: Backend, organisationId: Id<"organisations">, name: string) {
  return await t.run(async (ctx) => {
    const roles = await ctx.db.query("roles").withIndex("by_organisation_id", (q) => q.eq("organisation_id", organisationId)).collect();
    return roles.find((r) => r.name === name)!._id;
  });
}

/** Invites `email` with `role` (as the admin) and signs them in, which binds the invitation. */
export async function member(
  t: Backend,
  admin: ReturnType<Backend["withIdentity"]>,
  organisationId: Id<"organisations">,
  email: string,
  role: string,
) {
  const userId = await admin.mutation(api.people.users.invite, {
    organisationId,
    email,
    name: email.split("@")[0],
    roleId: await roleId(t, organisationId, role),
  });
  const client = t.withIdentity(identity(email));
  await client.mutation(api.organisations.membership.acceptInvitations, {});
  return { client, userId };
}

/** Asserts that `promise` rejects with an app error of `code`; returns its data. */
export async function expectAppError(promise: Promise<unknown>, code: string) {
  try {
    await promise;
  } catch (error: any) {
    const data = typeof error?.data === "string" ? JSON.parse(error.data) : error?.data;
    expect(data?.code, `expected ${code}, got: ${error?.message}`).toBe(code);
    expect(typeof data.message).toBe("string");
    return data as { code: string; message: string; [k: string]: any };
  }
  throw new Error(`expected the call to fail with ${code}, but it succeeded`);
}

/** Counts rows of a table (test inspection through t.run, bypassing the function layer). */
export async function countRows(t: Backend, table: any) {
  return await t.run(async (ctx) => (await ctx.db.query(table).collect()).length);
}
