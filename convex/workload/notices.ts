/**
 * Who is told about what (decisions.md, "Notifications"): the one module
 * that decides the in-app notices of collaboration, so the email channel
 * (issue #11) hangs on these same notices instead of choosing recipients
 * anew.
 *
 *   - A lecturer hears when someone else gives, changes, removes, restores or
 *     merges their allocations (a pasted block is one notice per lecturer),
 *     when a planner answers their query, and when an admin decides on their
 *     request to be linked to a lecturer record.
 *   - A lecturer's query reaches the planners responsible for the module's
 *     department (holders of `allocations.edit` scoped to it, or every
 *     organisation-wide holder when nobody is scoped to it) and whoever last
 *     changed the allocation: never nobody, even for seeded or imported rows.
 *   - A request to be linked to a lecturer record reaches those who manage users.
 *
 * Called from the mutations (not from triggers), so recomputes after a rule
 * change do not flood everyone's bell.
 */
import type { Doc, Id } from "../_generated/dataModel";
import { notifyLecturer, notifyUser } from "../account/notifications";
import type { Permission } from "../lib/permissions";
import { effectiveHours } from "../lib/workload";
import { unscopedDb, type OrgMutationCtx } from "../lib/functions";


export type AllocationChange = "created" | "changed" | "removed" | "restored";

const VERB: Record<AllocationChange, string> = {
  created: "gave you",
  changed: "changed your",
  removed: "removed your",
  restored: "restored your",
};

/**
 * What a notice needs of its caller: a mutation, or a job acting as its starter (or as the system,
 * with no viewer). Lecturers are read from the directory: a module's planner tells a lecturer of another
 * department without seeing their records. The scheduler is the email channel's (account/notifications.ts → reports/notifyEmails.ts).
 */
type Ctx = Pick<OrgMutationCtx, "db" | "dbWithDeleted" | "scheduler" | "organisationId" | "now" | "directory"> & { viewer: Doc<"users"> | null };

function formatHours(hours: number): string {
  return `${Number(hours.toFixed(1)).toLocaleString("en-GB")} h`;
}

async function describe(ctx: Ctx, row: Doc<"module_allocations">) {
  const [iteration, type] = await Promise.all([ctx.dbWithDeleted.get(row.module_iteration_id), ctx.dbWithDeleted.get(row.allocation_type_id)]);
  const module = iteration ? await ctx.dbWithDeleted.get(iteration.module_id) : null;
  const code = iteration?.code ?? "an iteration";
  const where = `${code}${module ? ` ${module.title}` : ""}`;
  return { code, where, module, what: `${row.share}% of ${type?.name ?? "an allocation"}`, hours: formatHours(effectiveHours(row)) };
}

const actorName = (ctx: Ctx) => ctx.viewer?.name ?? "The system";

/** Tells the allocation's lecturer (unless they made the change themselves). */
export async function noticeToLecturer(ctx: Ctx, row: Doc<"module_allocations">, change: AllocationChange) {
  const lecturer = await ctx.directory.lecturer(row.lecturer_id);
  if (!lecturer) return;
  const { code, where, what, hours } = await describe(ctx, row);
  const titles: Record<AllocationChange, string> = {
    created: `New allocation on ${code}`,
    changed: `Allocation changed on ${code}`,
    removed: `Allocation removed on ${code}`,
    restored: `Allocation restored on ${code}`,
  };
  await notifyLecturer(ctx, {
    organisationId: ctx.organisationId,
    lecturerProfileId: lecturer.profile_id,
    actorUserId: ctx.viewer?._id,
    kind: `allocation_${change}`,
    title: titles[change],
    body: `${actorName(ctx)} ${VERB[change]} ${what} on ${where}${change === "removed" ? "" : `: ${hours}`}.`,
    entityType: "module_allocations",
    entityId: row._id,
  });
}

/**
 * A block written at once (a paste, a fill): each lecturer hears once, with
 * the iterations it touched, rather than once per cell.
 */
export async function noticeBlockToLecturers(ctx: Ctx, changes: { row: Doc<"module_allocations">; change: AllocationChange }[]) {
  const byLecturer = new Map<Id<"lecturers">, typeof changes>();
  for (const c of changes) byLecturer.set(c.row.lecturer_id, [...(byLecturer.get(c.row.lecturer_id) ?? []), c]);
  for (const [lecturerId, list] of byLecturer) {
    if (list.length === 1) {
      await noticeToLecturer(ctx, list[0].row, list[0].change);
      continue;
    }
    const lecturer = await ctx.directory.lecturer(lecturerId);
    if (!lecturer) continue;
    // Only the iterations' codes are named: one read per iteration, not three per cell
    // (a 250-cell paste would otherwise spend a fifth of the transaction's index reads here).
    const codes = new Set<string>();
    const iterations = new Set(list.map((c) => c.row.module_iteration_id));
    for (const id of iterations) codes.add((await ctx.dbWithDeleted.get(id))?.code ?? "an iteration");
    const where = [...codes].sort().join(", ");
    await notifyLecturer(ctx, {
      organisationId: ctx.organisationId,
      lecturerProfileId: lecturer.profile_id,
      actorUserId: ctx.viewer?._id,
      kind: "allocation_changed",
      title: `${list.length} allocations changed`,
      body: `${actorName(ctx)} changed ${list.length} of your allocations on ${where}.`,
      entityType: "lecturers",
      entityId: lecturerId,
    });
  }
}

/** Duplicates of one cell were merged into `kept` (duplicates.ts): its lecturer hears the result. */
export async function noticeMergeToLecturer(ctx: Ctx, kept: Doc<"module_allocations">, merged: number) {
  const lecturer = await ctx.directory.lecturer(kept.lecturer_id);
  if (!lecturer) return;
  const { code, where, what, hours } = await describe(ctx, kept);
  await notifyLecturer(ctx, {
    organisationId: ctx.organisationId,
    lecturerProfileId: lecturer.profile_id,
    actorUserId: ctx.viewer?._id,
    kind: "allocation_merged",
    title: `Duplicate allocations merged on ${code}`,
    body: `${merged + 1} copies of the same allocation on ${where} were merged into one: ${what}, ${hours}.`,
    entityType: "module_allocations",
    entityId: kept._id,
  });
}

/**
 * The people responsible for allocations on a module of `departmentId`:
 * holders of `permission` scoped to that department, or, when nobody is,
 * every holder of an organisation-wide grant.
 */
export async function responsibleFor(ctx: Pick<Ctx, "db" | "organisationId" | "now">, departmentId: Id<"departments"> | undefined, permission: Permission) {
  // Who holds a grant is the layer's bookkeeping, not the caller's to see: a lecturer's query reaches planners all the same.
  const db = unscopedDb(ctx);
  const roles = await db.query("roles").withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId)).collect();
  const scoped = new Set<Id<"users">>();
  const unscoped = new Set<Id<"users">>();
  for (const role of roles) {
    if (!role.permissions.includes(permission)) continue;
    const assignments = await db.query("user_role_assignments").withIndex("by_role_id", (q) => q.eq("role_id", role._id)).collect();
    for (const a of assignments) {
      if (a.expires_at !== undefined && a.expires_at <= ctx.now) continue;
      if (a.scope_department_id) {
        if (a.scope_department_id === departmentId) scoped.add(a.user_id);
      } else if (!a.scope_team_id) unscoped.add(a.user_id);
    }
  }
  const ids = scoped.size > 0 ? scoped : unscoped;
  const users: Doc<"users">[] = [];
  for (const id of ids) {
    const user = await db.get(id);
    if (user && user.status === "active") users.push(user);
  }
  return users;
}

/** A lecturer queried an allocation: the planners responsible and whoever last changed it hear, with the comment. */
export async function noticeQueryToPlanners(ctx: Ctx, row: Doc<"module_allocations">, comment: string) {
  const { where, what, module } = await describe(ctx, row);
  const recipients = new Map<Id<"users">, Doc<"users">>();
  for (const user of await responsibleFor(ctx, module?.department_id, "allocations.edit")) recipients.set(user._id, user);
  const lastChanged = row.updated_by ?? row.created_by;
  if (lastChanged && !recipients.has(lastChanged)) {
    const user = await unscopedDb(ctx).get(lastChanged);
    if (user) recipients.set(user._id, user);
  }
  for (const user of recipients.values()) {
    if (user._id === ctx.viewer?._id) continue;
    await notifyUser(ctx, user, {
      kind: "allocation_queried",
      title: `${actorName(ctx)} queried an allocation`,
      body: `${what} on ${where}: "${comment}"`,
      entityType: "module_allocations",
      entityId: row._id,
    });
  }
}

/** A planner answered the lecturer's query. */
export async function noticeReplyToLecturer(ctx: Ctx, row: Doc<"module_allocations">, reply: string) {
  const lecturer = await ctx.directory.lecturer(row.lecturer_id);
  if (!lecturer) return;
  const { code, where, what } = await describe(ctx, row);
  await notifyLecturer(ctx, {
    organisationId: ctx.organisationId,
    lecturerProfileId: lecturer.profile_id,
    actorUserId: ctx.viewer?._id,
    kind: "allocation_answered",
    title: `Your query on ${code} was answered`,
    body: `${actorName(ctx)} answered your query on ${what} on ${where}: "${reply}"`,
    entityType: "module_allocations",
    entityId: row._id,
  });
}

/** Someone asked to be linked to the lecturer record with their email: whoever manages users hears. */
export async function noticeLinkRequest(ctx: Ctx, requester: Doc<"users">, profile: Pick<Doc<"lecturer_profiles">, "department_id" | "full_name">) {
  for (const admin of await responsibleFor(ctx, profile.department_id, "users.manage")) {
    if (admin._id === requester._id) continue;
    await notifyUser(ctx, admin, {
      kind: "link_requested",
      title: `${requester.name} asks to be linked to a lecturer record`,
      body: `${requester.email} matches the lecturer record of ${profile.full_name}. Confirm or decline under Administration → Users.`,
      entityType: "users",
      entityId: requester._id,
    });
  }
}

/** The requester hears whether an admin linked them. */
export async function noticeLinkDecision(ctx: Ctx, user: Doc<"users">, profile: Doc<"lecturer_profiles">, linked: boolean) {
  await notifyUser(ctx, user, {
    kind: linked ? "link_confirmed" : "link_declined",
    title: linked ? "You are linked to your lecturer record" : "Your link request was declined",
    body: linked
      ? `${actorName(ctx)} linked you to the lecturer record of ${profile.full_name}: My workload now shows your allocations.`
      : `${actorName(ctx)} declined linking you to the lecturer record of ${profile.full_name}. Ask an administrator if this is wrong.`,
    entityType: "users",
    entityId: user._id,
  });
}
