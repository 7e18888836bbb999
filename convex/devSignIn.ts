/**
 * The local dev sign-in screen's list of people to sign in as. Only served by
 * the local backend (see `devOnlyQuery`); the screen then asks the local
 * identity provider for a JWT with that email, and the normal invitation flow
 * (`organisations/membership:acceptInvitations`) binds the identity.
 */
import { v } from "convex/values";
import { devOnlyQuery } from "./lib/functions";

export const listUsers = devOnlyQuery({
  args: {},
  returns: v.array(
    v.object({ email: v.string(), name: v.string(), organisationName: v.string(), roles: v.array(v.string()) }),
  ),
  handler: async (ctx) => {
    const users = await ctx.db.query("users").take(400);
    const out = [];
    for (const u of users) {
      if (u.deleted_at !== undefined || u.status === "suspended") continue;
      const org = await ctx.db.get(u.organisation_id);
      if (!org) continue;
      const assignments = await ctx.db.query("user_role_assignments").withIndex("by_user_id", (q) => q.eq("user_id", u._id)).collect();
      const roles: string[] = [];
      for (const a of assignments) {
        if (a.deleted_at !== undefined) continue;
        const role = await ctx.db.get(a.role_id);
        if (role) roles.push(role.name);
      }
      out.push({ email: u.email, name: u.name, organisationName: org.name, roles });
    }
    const rank = (r: string[]) =>
      ["Admin", "Head of Department", "Planner", "Viewer", "Lecturer"].findIndex((n) => r.includes(n)) >>> 0;
    return out.sort((a, b) => rank(a.roles) - rank(b.roles) || a.name.localeCompare(b.name)).slice(0, 60);
  },
});
