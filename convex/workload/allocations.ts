/**
 * Module allocations: a lecturer's share of one component of an iteration
 * (or of one of its groups). Every write computes the hours with the engine
 * and stores them on the row (the triggers then move the totals); every edit
 * names the version its editor saw and a stale one is refused with CONFLICT
 * and the current row. Writes that take a lecturer over capacity or maximum
 * teaching, or clash with their availability or specialisations, succeed
 * with warnings.
 */
import { v, type ObjectType } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import { checkVersion, getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery, type OrgMutationCtx, type OrgQueryCtx } from "../lib/functions";
import { availabilityClashes, describeUnavailability, effectiveHours, iterationCoverage, specialisationFor } from "../lib/workload";
import { vAllocationResponse } from "../schema/validators";
import { noticeQueryToPlanner, noticeToLecturer } from "./notices";
import { WorkloadLoader, type AllocationDraft } from "./loader";
import { totalsRowOf } from "./liveTotals";
import { vAllocationWriteResult } from "./validators";

type Warning = { code: string; message: string };

const vAllocationView = v.object({
  id: v.id("module_allocations"),
  version: v.number(),
  module_iteration_id: v.id("module_iterations"),
  iteration_code: v.string(),
  module_title: v.string(),
  lecturer_id: v.id("lecturers"),
  lecturer_name: v.string(),
  allocation_type_id: v.id("allocation_types"),
  allocation_type_code: v.string(),
  allocation_type_name: v.string(),
  group_id: v.optional(v.id("module_iteration_groups")),
  group_name: v.optional(v.string()),
  share: v.number(),
  first_time: v.boolean(),
  computed_hours: v.number(),
  hours_override: v.optional(v.number()),
  override_reason: v.optional(v.string()),
  hours: v.number(),
  work_category: v.string(),
  semester_hours: v.object({ S1: v.number(), S2: v.number(), S3: v.number() }),
  response_status: vAllocationResponse,
  response_comment: v.optional(v.string()),
  notes: v.optional(v.string()),
  /** Carried from last year by a rollover (a starting point for planners to review). */
  carried: v.boolean(),
});

// --- writes --------------------------------------------------------------------

const vCreateArgs = {
  iterationId: v.id("module_iterations"),
  lecturerId: v.id("lecturers"),
  allocationTypeId: v.id("allocation_types"),
  groupId: v.optional(v.id("module_iteration_groups")),
  share: v.number(),
  firstTime: v.optional(v.boolean()),
  hoursOverride: v.optional(v.number()),
  overrideReason: v.optional(v.string()),
  notes: v.optional(v.string()),
};
export type CreateAllocationArgs = ObjectType<typeof vCreateArgs>;

export const create = orgMutation({
  permission: "allocations.edit",
  args: vCreateArgs,
  returns: vAllocationWriteResult,
  handler: async (ctx, args) => await createAllocation(ctx, args),
});

/**
 * What an allocation write needs of its caller: the editor's mutations, or a
 * job acting as the person who started it (accepting suggestions).
 */
export type AllocationWriteCtx = Pick<OrgMutationCtx, "db" | "dbWithDeleted" | "scheduler" | "viewer" | "access" | "organisationId" | "now">;

/**
 * Creates one allocation: checks, hours from the engine, the insert (whose
 * triggers write the audit row and move the totals), the lecturer's notice
 * and the warnings. The one way an allocation is created, from the editor or
 * from an accepted suggestion.
 */
export async function createAllocation(ctx: AllocationWriteCtx, args: CreateAllocationArgs, loader = new WorkloadLoader(ctx.db)) {
  const iteration = await getOrThrow(ctx.db, args.iterationId, "module iteration");
  const draft: AllocationDraft = {
    academic_year_id: iteration.academic_year_id,
    module_iteration_id: iteration._id,
    allocation_type_id: args.allocationTypeId,
    group_id: args.groupId,
    share: args.share,
    first_time: args.firstTime ?? false,
    hours_override: args.hoursOverride,
    override_reason: args.overrideReason?.trim() || undefined,
  };
  const lecturer = await checkDraft(ctx, draft, args.lecturerId);
  const result = await loader.compute(draft);
  const id = await ctx.db.insert("module_allocations", {
    organisation_id: ctx.organisationId,
    ...draft,
    lecturer_id: lecturer._id,
    computed_hours: result.computed_hours,
    work_category: result.work_category,
    semester_hours: result.semester_hours,
    response_status: "pending",
    notes: args.notes,
    version: 1,
    created_by: ctx.viewer._id,
    created_at: ctx.now,
    updated_at: ctx.now,
  });
  await noticeToLecturer(ctx, (await ctx.db.get(id))!, "created");
  return await writeResult(ctx, id, loader);
}

const vUpdateFields = {
    lecturerId: v.optional(v.id("lecturers")),
    allocationTypeId: v.optional(v.id("allocation_types")),
    /** null moves the allocation from one group to the whole iteration. */
    groupId: v.optional(v.union(v.id("module_iteration_groups"), v.null())),
    share: v.optional(v.number()),
    firstTime: v.optional(v.boolean()),
    /** null removes the override (and its reason). */
    hoursOverride: v.optional(v.union(v.number(), v.null())),
    overrideReason: v.optional(v.string()),
    notes: v.optional(v.string()),
};
export type UpdateAllocationFields = ObjectType<typeof vUpdateFields>;

export const update = orgMutation({
  permission: "allocations.edit",
  args: { allocationId: v.id("module_allocations"), expectedVersion: v.number(), ...vUpdateFields },
  returns: vAllocationWriteResult,
  handler: async (ctx, { allocationId, expectedVersion, ...args }) => {
    const existing = await getOrThrow(ctx.db, allocationId, "allocation");
    checkVersion(existing, expectedVersion, "allocation", await allocationView(ctx, existing));
    await requireEdit(ctx, existing.lecturer_id);
    return await updateAllocation(ctx, existing, args);
  },
});

/**
 * Changes one allocation (the caller has checked its version and scope):
 * hours from the engine, the patch (audited, totals by trigger), the
 * lecturer's notice when the offer changed, and the warnings. The one way an
 * allocation is edited, from the editor or from an import.
 */
export async function updateAllocation(ctx: AllocationWriteCtx, existing: Doc<"module_allocations">, args: UpdateAllocationFields, loader = new WorkloadLoader(ctx.db)) {
    const overrideGiven = args.hoursOverride !== undefined;
    const draft: AllocationDraft = {
      academic_year_id: existing.academic_year_id,
      module_iteration_id: existing.module_iteration_id,
      allocation_type_id: args.allocationTypeId ?? existing.allocation_type_id,
      group_id: args.groupId === null ? undefined : (args.groupId ?? existing.group_id),
      share: args.share ?? existing.share,
      first_time: args.firstTime ?? existing.first_time,
      hours_override: overrideGiven ? (args.hoursOverride ?? undefined) : existing.hours_override,
      override_reason: overrideGiven
        ? args.hoursOverride === null
          ? undefined
          : args.overrideReason?.trim() || undefined
        : args.overrideReason !== undefined
          ? args.overrideReason.trim() || undefined
          : existing.override_reason,
    };
    const lecturer = await checkDraft(ctx, draft, args.lecturerId ?? existing.lecturer_id);
    const result = await loader.compute(draft);
    const substantive =
      lecturer._id !== existing.lecturer_id ||
      draft.allocation_type_id !== existing.allocation_type_id ||
      draft.group_id !== existing.group_id ||
      draft.share !== existing.share ||
      draft.hours_override !== existing.hours_override;
    await ctx.db.patch(existing._id, {
      ...draft,
      lecturer_id: lecturer._id,
      computed_hours: result.computed_hours,
      work_category: result.work_category,
      semester_hours: result.semester_hours,
      notes: args.notes ?? existing.notes,
      // A changed offer needs the lecturer's answer again.
      ...(substantive ? { response_status: "pending" as const, response_comment: undefined, responded_at: undefined } : {}),
      version: existing.version + 1,
      updated_at: ctx.now,
    });
    if (substantive) {
      const updated = (await ctx.db.get(existing._id))!;
      if (lecturer._id !== existing.lecturer_id) {
        await noticeToLecturer(ctx, existing, "removed");
        await noticeToLecturer(ctx, updated, "created");
      } else {
        await noticeToLecturer(ctx, updated, "changed");
      }
    }
    return await writeResult(ctx, existing._id, loader);
}

export const remove = orgMutation({
  permission: "allocations.edit",
  args: { allocationId: v.id("module_allocations"), expectedVersion: v.number() },
  returns: v.object({ id: v.id("module_allocations"), version: v.number() }),
  handler: async (ctx, args) => {
    const existing = await getOrThrow(ctx.db, args.allocationId, "allocation");
    checkVersion(existing, args.expectedVersion, "allocation", await allocationView(ctx, existing));
    await requireEdit(ctx, existing.lecturer_id);
    await ctx.db.patch(existing._id, { deleted_at: ctx.now, updated_at: ctx.now, version: existing.version + 1 });
    await noticeToLecturer(ctx, existing, "removed");
    return { id: existing._id, version: existing.version + 1 };
  },
});

export const restore = orgMutation({
  permission: "allocations.edit",
  args: { allocationId: v.id("module_allocations"), expectedVersion: v.number() },
  returns: vAllocationWriteResult,
  handler: async (ctx, args) => {
    const existing = await ctx.dbWithDeleted.get(args.allocationId);
    if (!existing) throw appError("NOT_FOUND", "This allocation does not exist.", { id: args.allocationId });
    checkVersion(existing, args.expectedVersion, "allocation");
    if (existing.deleted_at === undefined) throw appError("INVALID_ARGUMENT", "This allocation is not deleted.");
    const lecturer = await getOrThrow(ctx.db, existing.lecturer_id, "lecturer");
    ctx.access.require("allocations.edit", lecturer);
    await getOrThrow(ctx.db, existing.module_iteration_id, "module iteration");
    // Hours may have moved on while it was deleted (rules, student numbers).
    const loader = new WorkloadLoader(ctx.db);
    const result = await loader.compute(existing);
    await ctx.dbWithDeleted.patch(existing._id, {
      deleted_at: undefined,
      computed_hours: result.computed_hours,
      work_category: result.work_category,
      semester_hours: result.semester_hours,
      version: existing.version + 1,
      updated_at: ctx.now,
    });
    await noticeToLecturer(ctx, (await ctx.db.get(existing._id))!, "restored");
    return await writeResult(ctx, existing._id, loader);
  },
});

/** A lecturer accepts or queries an allocation of their own ("My workload"). */
export const respond = orgMutation({
  permission: "allocations.respond",
  args: {
    allocationId: v.id("module_allocations"),
    expectedVersion: v.number(),
    status: v.union(v.literal("accepted"), v.literal("queried")),
    comment: v.optional(v.string()),
  },
  returns: v.object({ id: v.id("module_allocations"), version: v.number() }),
  handler: async (ctx, args) => {
    const existing = await getOrThrow(ctx.db, args.allocationId, "allocation");
    const lecturer = await getOrThrow(ctx.db, existing.lecturer_id, "lecturer");
    if (!ctx.viewer.lecturer_profile_id || ctx.viewer.lecturer_profile_id !== lecturer.profile_id) {
      throw appError("FORBIDDEN", "You can only respond to your own allocations.");
    }
    checkVersion(existing, args.expectedVersion, "allocation", await allocationView(ctx, existing));
    const comment = args.comment?.trim() || undefined;
    if (args.status === "queried" && !comment) {
      throw appError("INVALID_ARGUMENT", "Say what you are querying, so the planner can answer.");
    }
    await ctx.db.patch(existing._id, {
      response_status: args.status,
      response_comment: comment,
      responded_at: ctx.now,
      version: existing.version + 1,
      updated_at: ctx.now,
    });
    if (args.status === "queried") await noticeQueryToPlanner(ctx, existing, comment!);
    return { id: existing._id, version: existing.version + 1 };
  },
});

// --- reads ----------------------------------------------------------------------

export const listForIteration = orgQuery({
  permission: "allocations.view",
  args: { iterationId: v.id("module_iterations") },
  returns: v.array(vAllocationView),
  handler: async (ctx, args) => {
    await getOrThrow(ctx.db, args.iterationId, "module iteration");
    const rows = await ctx.db
      .query("module_allocations")
      .withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", args.iterationId))
      .collect();
    const views = [];
    for (const row of rows) {
      const lecturer = await ctx.db.get(row.lecturer_id);
      if (lecturer && ctx.access.has("allocations.view", lecturer)) views.push(await allocationView(ctx, row));
    }
    return views;
  },
});

export const listForLecturer = orgQuery({
  permission: null,
  args: { lecturerId: v.id("lecturers") },
  returns: v.array(vAllocationView),
  handler: async (ctx, args) => {
    const lecturer = await getOrThrow(ctx.db, args.lecturerId, "lecturer");
    requireLecturerView(ctx, lecturer);
    const rows = await ctx.db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect();
    const views = [];
    for (const row of rows) views.push(await allocationView(ctx, row));
    return views;
  },
});

// --- shared ---------------------------------------------------------------------

/** allocations.view for the lecturer's department/team, or allocations.view_own for one's own. */
export function requireLecturerView(ctx: OrgQueryCtx, lecturer: Doc<"lecturers">) {
  const own = ctx.viewer.lecturer_profile_id !== undefined && ctx.viewer.lecturer_profile_id === lecturer.profile_id;
  if (own && ctx.access.has("allocations.view_own")) return;
  ctx.access.require("allocations.view", lecturer);
}

async function requireEdit(ctx: OrgMutationCtx, lecturerId: Id<"lecturers">) {
  const lecturer = await ctx.dbWithDeleted.get(lecturerId);
  ctx.access.require("allocations.edit", lecturer ?? undefined);
}

/** Checks a draft's references and values; returns its lecturer. */
async function checkDraft(ctx: AllocationWriteCtx, draft: AllocationDraft, lecturerId: Id<"lecturers">) {
  const lecturer = await getOrThrow(ctx.db, lecturerId, "lecturer");
  ctx.access.require("allocations.edit", lecturer);
  if (lecturer.academic_year_id !== draft.academic_year_id) {
    throw appError("INVALID_ARGUMENT", "The lecturer and the module iteration belong to different academic years.");
  }
  const type = await getOrThrow(ctx.db, draft.allocation_type_id, "allocation type");
  if (draft.group_id) {
    const group = await getOrThrow(ctx.db, draft.group_id, "group");
    if (group.module_iteration_id !== draft.module_iteration_id) {
      throw appError("INVALID_ARGUMENT", "The group belongs to another module iteration.");
    }
    if (type.basis === "iteration") {
      throw appError("INVALID_ARGUMENT", `${type.name} is shared per iteration, not per group; leave the group empty.`);
    }
  }
  if (!Number.isFinite(draft.share) || draft.share <= 0 || draft.share > 100) {
    throw appError("INVALID_ARGUMENT", `A share is a percentage above 0 and at most 100 (got ${draft.share}).`);
  }
  if (draft.hours_override !== undefined) {
    if (!Number.isFinite(draft.hours_override) || draft.hours_override < 0) {
      throw appError("INVALID_ARGUMENT", "Overridden hours must be 0 or more.");
    }
    if (!draft.override_reason) {
      throw appError("INVALID_ARGUMENT", "An override of the computed hours needs a reason.", { field: "overrideReason" });
    }
  }
  return lecturer;
}

async function allocationView(ctx: OrgQueryCtx, row: Doc<"module_allocations">) {
  const [iteration, lecturer, type, group] = await Promise.all([
    ctx.dbWithDeleted.get(row.module_iteration_id),
    ctx.dbWithDeleted.get(row.lecturer_id),
    ctx.dbWithDeleted.get(row.allocation_type_id),
    row.group_id ? ctx.dbWithDeleted.get(row.group_id) : null,
  ]);
  const module = iteration ? await ctx.dbWithDeleted.get(iteration.module_id) : null;
  const profile = lecturer ? await ctx.dbWithDeleted.get(lecturer.profile_id) : null;
  return {
    id: row._id,
    version: row.version,
    module_iteration_id: row.module_iteration_id,
    iteration_code: iteration?.code ?? "",
    module_title: module?.title ?? "",
    lecturer_id: row.lecturer_id,
    lecturer_name: profile?.full_name ?? "",
    allocation_type_id: row.allocation_type_id,
    allocation_type_code: type?.code ?? "",
    allocation_type_name: type?.name ?? "",
    group_id: row.group_id,
    group_name: group?.name,
    share: row.share,
    first_time: row.first_time,
    computed_hours: row.computed_hours,
    hours_override: row.hours_override,
    override_reason: row.override_reason,
    hours: effectiveHours(row),
    work_category: row.work_category,
    semester_hours: row.semester_hours,
    response_status: row.response_status,
    response_comment: row.response_comment,
    notes: row.notes,
    carried: row.carried_from_id !== undefined,
  };
}

/** The write's outcome with its warnings, read after the triggers moved the totals. */
async function writeResult(ctx: AllocationWriteCtx, id: Id<"module_allocations">, loader: WorkloadLoader) {
  const row = (await ctx.db.get(id))!;
  const warnings = await warningsFor(ctx, row, loader);
  return { id, version: row.version, hours: effectiveHours(row), computed_hours: row.computed_hours, warnings };
}

const formatHours = (x: number) => `${Math.round(x * 10) / 10} h`;

async function warningsFor(ctx: AllocationWriteCtx, row: Doc<"module_allocations">, loader: WorkloadLoader): Promise<Warning[]> {
  const warnings: Warning[] = [];
  const [lecturer, computed] = await Promise.all([ctx.db.get(row.lecturer_id), loader.compute(row)]);
  if (!lecturer) return warnings;
  const profile = await ctx.db.get(lecturer.profile_id);
  const name = profile?.full_name ?? "This lecturer";
  const totals = await totalsRowOf(ctx.db, lecturer._id);
  if (totals && totals.capacity_hours < 0) {
    warnings.push({
      code: "OVER_CAPACITY",
      message: `${name} is now allocated ${formatHours(totals.allocated_hours)} of a ${formatHours(totals.contract_hours)} contract: ${formatHours(-totals.capacity_hours)} over capacity.`,
    });
  }
  if (totals && totals.teaching_hours > totals.max_teaching_hours) {
    warnings.push({
      code: "OVER_MAX_TEACHING",
      message: `${name} now teaches ${formatHours(totals.teaching_hours)}, above their maximum of ${formatHours(totals.max_teaching_hours)}.`,
    });
  }
  if (row.hours_override === undefined) {
    for (const note of computed.explanation.notes) warnings.push({ code: "RULE", message: note });
  }

  const { iteration, module, groups } = computed.bundle;
  const group = row.group_id ? groups.find((g) => g._id === row.group_id) : undefined;
  const availability = await ctx.db
    .query("lecturer_availability")
    .withIndex("by_lecturer_profile_id", (q) => q.eq("lecturer_profile_id", lecturer.profile_id))
    .collect();
  for (const slot of availabilityClashes(availability, { academic_year_id: row.academic_year_id, semester: iteration.semester, group })) {
    warnings.push({ code: "UNAVAILABLE", message: `${name} is unavailable${describeUnavailability(slot)}.` });
  }

  if (module.subject_area) {
    const specialisations = await ctx.db
      .query("lecturer_specialisations")
      .withIndex("by_lecturer_profile_id", (q) => q.eq("lecturer_profile_id", lecturer.profile_id))
      .collect();
    if (specialisationFor(specialisations, module.subject_area) === null) {
      warnings.push({
        code: "NOT_SPECIALISED",
        message: `${module.subject_area} is not among ${name}'s specialisations (${specialisations.map((s) => s.subject).join(", ")}).`,
      });
    }
  }

  const siblings = await ctx.db
    .query("module_allocations")
    .withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", row.module_iteration_id))
    .collect();
  const sameType = siblings.filter((s) => s.allocation_type_id === row.allocation_type_id);
  const coverage = iterationCoverage(
    groups.map((g) => ({ id: g._id })),
    sameType.map((s) => ({ allocation_type_code: computed.type.code, basis: computed.type.basis, group_id: s.group_id, share: s.share })),
  );
  const over = coverage.gaps.find((g) => g.status === "over");
  if (over) {
    warnings.push({
      code: "SHARES_OVER_100",
      message: `Shares of ${computed.type.name} on ${iteration.code} now add up to ${over.covered_percent}%.`,
    });
  }
  return warnings;
}
