/**
 * What the bell tells people about allocations: a lecturer hears when a
 * planner gives, changes, removes or restores their work; the planner who
 * made an allocation hears when the lecturer queries it. Called from the
 * allocation mutations (not a trigger), so recomputes after a rule change do
 * not flood everyone's bell.
 */
import type { Doc } from "../_generated/dataModel";
import { notifyLecturer, notifyUser } from "../account/notifications";
import { effectiveHours } from "../lib/workload";
import type { OrgMutationCtx } from "../lib/functions";

/** What a notice needs of its caller (a mutation, or a job acting as its starter). */
type NoticeCtx = Pick<OrgMutationCtx, "db" | "dbWithDeleted" | "scheduler" | "viewer" | "organisationId">;

export type AllocationChange = "created" | "changed" | "removed" | "restored";

const VERB: Record<AllocationChange, string> = {
  created: "gave you",
  changed: "changed your",
  removed: "removed your",
  restored: "restored your",
};

function formatHours(hours: number): string {
  return `${Number(hours.toFixed(1)).toLocaleString("en-GB")} h`;
}

async function describe(ctx: NoticeCtx, row: Doc<"module_allocations">) {
  const [iteration, type] = await Promise.all([ctx.db.get(row.module_iteration_id), ctx.dbWithDeleted.get(row.allocation_type_id)]);
  const module = iteration ? await ctx.db.get(iteration.module_id) : null;
  const where = `${iteration?.code ?? "an iteration"}${module ? ` ${module.title}` : ""}`;
  return { where, what: `${row.share}% of ${type?.name ?? "an allocation"}`, hours: formatHours(effectiveHours(row)) };
}

/** Tells the allocation's lecturer (unless they made the change themselves). */
export async function noticeToLecturer(ctx: NoticeCtx, row: Doc<"module_allocations">, change: AllocationChange) {
  const lecturer = await ctx.dbWithDeleted.get(row.lecturer_id);
  if (!lecturer) return;
  const { where, what, hours } = await describe(ctx, row);
  const code = where.split(" ")[0];
  const titles: Record<AllocationChange, string> = {
    created: `New allocation on ${code}`,
    changed: `Allocation changed on ${code}`,
    removed: `Allocation removed on ${code}`,
    restored: `Allocation restored on ${code}`,
  };
  await notifyLecturer(ctx, {
    organisationId: ctx.organisationId,
    lecturerProfileId: lecturer.profile_id,
    actorUserId: ctx.viewer._id,
    kind: `allocation_${change}`,
    title: titles[change],
    body: `${ctx.viewer.name} ${VERB[change]} ${what} on ${where}${change === "removed" ? "" : `: ${hours}`}.`,
    entityType: "module_allocations",
    entityId: row._id,
  });
}

/** Tells whoever made the allocation that its lecturer queried it, with their comment. */
export async function noticeQueryToPlanner(ctx: OrgMutationCtx, row: Doc<"module_allocations">, comment: string) {
  if (!row.created_by || row.created_by === ctx.viewer._id) return;
  const planner = await ctx.db.get(row.created_by);
  if (!planner) return;
  const { where, what } = await describe(ctx, row);
  await notifyUser(ctx, planner, {
    kind: "allocation_queried",
    title: `${ctx.viewer.name} queried an allocation`,
    body: `${what} on ${where}: "${comment}"`,
    entityType: "module_allocations",
    entityId: row._id,
  });
}
