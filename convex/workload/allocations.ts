/**
 * Module allocations: a lecturer's share of one component of an iteration
 * (or of one of its groups). Every write computes the hours with the engine
 * and stores them on the row (the triggers then move the totals); every edit
 * names the version its editor saw and a stale one is refused with CONFLICT
 * and the current row. A cell holds at most one live allocation: a create
 * (or a move, or a restore) into a taken cell is the same CONFLICT, also when
 * two creates race (both read the cell's index range, so one of them is
 * retried and finds the other's row). Writes that take a lecturer over
 * capacity or maximum teaching, or clash with their availability or
 * specialisations, succeed with warnings.
 *
 * Scope: changed by the module's department, read by the module's or the
 * lecturer's. The function layer enforces it on every row (lib/scope.ts);
 * allocationScope.ts words the reasons, so views say per row why it is
 * read-only and a refused write says why before anything is computed.
 */
import { v, type ObjectType } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import { checkVersion, getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery, type OrgMutationCtx, type OrgQueryCtx } from "../lib/functions";
import { AllocationScope } from "./allocationScope";
import { allocationView, checkDraft, requireCellFree, shareOfTypedHours, vAllocationView, writeResult } from "./allocationRows";
import { WorkloadLoader, type AllocationDraft } from "./loader";
import { noticeQueryToPlanners, noticeReplyToLecturer, noticeToLecturer } from "./notices";
import { vAllocationWriteResult } from "./validators";

/** Longest comment or answer kept on an allocation. */
const MAX_MESSAGE_CHARS = 2000;

// --- writes --------------------------------------------------------------------

const vCreateArgs = {
  iterationId: v.id("module_iterations"),
  lecturerId: v.id("lecturers"),
  allocationTypeId: v.id("allocation_types"),
  groupId: v.optional(v.id("module_iteration_groups")),
  /** Percent of the component; left out with `hoursOverride`, it is worked out from the hours. */
  share: v.optional(v.number()),
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
export type AllocationWriteCtx = Pick<OrgMutationCtx, "db" | "dbWithDeleted" | "scheduler" | "access" | "organisationId" | "now" | "directory"> & {
  /** The person acting; null for an API key's or the system's job (an import), whose rows name no creator. */
  viewer: OrgMutationCtx["viewer"] | null;
};

/**
 * Creates one allocation: checks, hours from the engine, the insert (whose
 * triggers write the audit row and move the totals), the lecturer's notice
 * and the warnings. The one way an allocation is created, from the editor or
 * from an accepted suggestion.
 */
export async function createAllocation(ctx: AllocationWriteCtx, args: CreateAllocationArgs, loader = new WorkloadLoader(ctx.db)) {
  const iteration = await getOrThrow(ctx.db, args.iterationId, "module iteration");
  const scope = new AllocationScope(ctx);
  await scope.requireEdit(iteration._id);
  const draft: AllocationDraft = {
    academic_year_id: iteration.academic_year_id,
    module_iteration_id: iteration._id,
    allocation_type_id: args.allocationTypeId,
    group_id: args.groupId,
    share: args.share ?? 100,
    first_time: args.firstTime ?? false,
    hours_override: args.hoursOverride,
    override_reason: args.overrideReason?.trim() || undefined,
  };
  if (args.share === undefined) {
    if (args.hoursOverride === undefined) throw appError("INVALID_ARGUMENT", "Give a share (e.g. 50%) or hours (e.g. 12h).");
    draft.share = await shareOfTypedHours(loader, draft, args.hoursOverride);
  }
  const lecturer = await checkDraft(ctx, draft, args.lecturerId);
  // One allocation per cell: a suggestion line or a second planner landing on a taken cell is a CONFLICT.
  await requireCellFree(ctx, scope, { ...draft, lecturer_id: lecturer._id });
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
    created_by: ctx.viewer?._id,
    updated_by: ctx.viewer?._id,
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
    checkVersion(existing, expectedVersion, "allocation", await allocationView(ctx, new AllocationScope(ctx), existing));
    return await updateAllocation(ctx, existing, args);
  },
});

/**
 * Changes one allocation (the caller has checked its version): scope, hours
 * from the engine, one allocation per cell when it moves, the patch (audited,
 * totals by trigger), the lecturer's notice when the offer changed, and the
 * warnings. The one way an allocation is edited, from the editor or an import.
 */
export async function updateAllocation(
  ctx: AllocationWriteCtx,
  existing: Doc<"module_allocations">,
  args: UpdateAllocationFields,
  loader = new WorkloadLoader(ctx.db),
) {
  const scope = new AllocationScope(ctx);
  await scope.requireEdit(existing.module_iteration_id);
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
  const moved =
    lecturer._id !== existing.lecturer_id || draft.allocation_type_id !== existing.allocation_type_id || draft.group_id !== existing.group_id;
  if (moved) await requireCellFree(ctx, scope, { ...draft, lecturer_id: lecturer._id }, existing._id);
  const result = await loader.compute(draft);
  const substantive = moved || draft.share !== existing.share || draft.hours_override !== existing.hours_override;
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
    updated_by: ctx.viewer?._id,
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
    const scope = new AllocationScope(ctx);
    checkVersion(existing, args.expectedVersion, "allocation", await allocationView(ctx, scope, existing));
    await scope.requireEdit(existing.module_iteration_id);
    await ctx.db.patch(existing._id, {
      deleted_at: ctx.now,
      updated_at: ctx.now,
      updated_by: ctx.viewer._id,
      version: existing.version + 1,
    });
    await noticeToLecturer(ctx, existing, "removed");
    return { id: existing._id, version: existing.version + 1 };
  },
});

export const restore = orgMutation({
  permission: "allocations.edit",
  args: { allocationId: v.id("module_allocations"), expectedVersion: v.number() },
  returns: vAllocationWriteResult,
  handler: async (ctx, args) => {
    // One out of the caller's scope is FORBIDDEN with the reason, as any other read of it.
    const existing = await getOrThrow(ctx.dbWithDeleted, args.allocationId, "allocation");
    checkVersion(existing, args.expectedVersion, "allocation");
    if (existing.deleted_at === undefined) throw appError("INVALID_ARGUMENT", "This allocation is not deleted.");
    // The layer re-checks the restored row as a new one (its module's department in scope, its references live).
    if (!(await ctx.directory.lecturer(existing.lecturer_id))) throw appError("NOT_FOUND", "This allocation's lecturer no longer exists.");
    await getOrThrow(ctx.db, existing.module_iteration_id, "module iteration");
    const scope = new AllocationScope(ctx);
    await scope.requireEdit(existing.module_iteration_id);
    // Someone may have filled the cell while this one was deleted.
    await requireCellFree(ctx, scope, existing, existing._id);
    // Hours may have moved on while it was deleted (rules, student numbers).
    const loader = new WorkloadLoader(ctx.db);
    const result = await loader.compute(existing);
    await ctx.dbWithDeleted.patch(existing._id, {
      deleted_at: undefined,
      computed_hours: result.computed_hours,
      work_category: result.work_category,
      semester_hours: result.semester_hours,
      version: existing.version + 1,
      updated_by: ctx.viewer._id,
      updated_at: ctx.now,
    });
    await noticeToLecturer(ctx, (await ctx.db.get(existing._id))!, "restored");
    return await writeResult(ctx, existing._id, loader);
  },
});

/** A lecturer accepts or queries an allocation of their own ("My workload"); a query reaches the planners. */
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
    requireOwn(ctx, await ctx.directory.lecturer(existing.lecturer_id));
    const scope = new AllocationScope(ctx);
    checkVersion(existing, args.expectedVersion, "allocation", await allocationView(ctx, scope, existing));
    const comment = message(args.comment);
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
    if (args.status === "queried") await noticeQueryToPlanners(ctx, existing, comment!);
    return { id: existing._id, version: existing.version + 1 };
  },
});

/** A lecturer accepts every allocation of theirs in a year that still waits for an answer. */
export const acceptAll = orgMutation({
  permission: "allocations.respond",
  args: { academicYearId: v.id("academic_years") },
  returns: v.object({ accepted: v.number() }),
  handler: async (ctx, { academicYearId }) => {
    const profileId = ctx.viewer.lecturer_profile_id;
    if (!profileId) throw appError("FORBIDDEN", "You are not linked to a lecturer record, so there is nothing of yours to accept.");
    await getOrThrow(ctx.db, academicYearId, "academic year");
    const lecturer = await ctx.db
      .query("lecturers")
      .withIndex("by_profile_id_and_academic_year_id", (q) => q.eq("profile_id", profileId).eq("academic_year_id", academicYearId))
      .first();
    if (!lecturer) return { accepted: 0 };
    const rows = await ctx.db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect();
    let accepted = 0;
    for (const row of rows) {
      if (row.response_status !== "pending") continue;
      await ctx.db.patch(row._id, { response_status: "accepted", response_comment: undefined, responded_at: ctx.now, version: row.version + 1, updated_at: ctx.now });
      accepted++;
    }
    return { accepted };
  },
});

/** A planner answers a lecturer's query in the app; the lecturer hears the answer. */
export const reply = orgMutation({
  permission: "allocations.edit",
  args: { allocationId: v.id("module_allocations"), expectedVersion: v.number(), message: v.string() },
  returns: v.object({ id: v.id("module_allocations"), version: v.number() }),
  handler: async (ctx, args) => {
    const existing = await getOrThrow(ctx.db, args.allocationId, "allocation");
    const scope = new AllocationScope(ctx);
    checkVersion(existing, args.expectedVersion, "allocation", await allocationView(ctx, scope, existing));
    await scope.requireEdit(existing.module_iteration_id);
    const text = message(args.message);
    if (!text) throw appError("INVALID_ARGUMENT", "Write an answer for the lecturer.");
    await ctx.db.patch(existing._id, {
      reply: text,
      replied_by: ctx.viewer._id,
      replied_at: ctx.now,
      version: existing.version + 1,
      updated_at: ctx.now,
    });
    await noticeReplyToLecturer(ctx, existing, text);
    return { id: existing._id, version: existing.version + 1 };
  },
});

// --- reads ----------------------------------------------------------------------

/**
 * The iteration's allocations the caller may read, each saying whether they
 * may change it; when some are not shown, or none may be changed, the
 * reason in words (never an empty grid that looks like "nobody").
 */
export const listForIteration = orgQuery({
  permission: null,
  args: { iterationId: v.id("module_iterations") },
  returns: v.object({
    iteration_id: v.id("module_iterations"),
    department_name: v.string(),
    can_edit: v.boolean(),
    read_only_reason: v.optional(v.string()),
    /** Some allocations on the iteration are outside the caller's scope and not listed. */
    has_hidden: v.boolean(),
    hidden_reason: v.optional(v.string()),
    allocations: v.array(vAllocationView),
  }),
  handler: async (ctx, args) => {
    if (!ctx.access.has("allocations.view") && !ctx.access.has("allocations.view_own")) ctx.access.require("allocations.view");
    const iteration = await getOrThrow(ctx.db, args.iterationId, "module iteration");
    const scope = new AllocationScope(ctx);
    const module = await scope.moduleOf(iteration._id);
    const edit = await scope.editModule(module);
    const rows = await ctx.db
      .query("module_allocations")
      .withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", args.iterationId))
      .collect();
    const allocations = [];
    for (const row of rows) {
      if ((await scope.forAllocation(row)).canRead) allocations.push(await allocationView(ctx, scope, row));
    }
    // The scoped db leaves out rows the caller may not read; the directory's count says whether it did.
    const hidden = (await ctx.directory.allocationCount(args.iterationId)) - allocations.length;
    const departmentName = await scope.departmentName(module?.department_id);
    return {
      iteration_id: iteration._id,
      department_name: departmentName,
      can_edit: edit.canEdit,
      read_only_reason: edit.canEdit ? undefined : (edit.reason ?? undefined),
      has_hidden: hidden > 0,
      hidden_reason:
        hidden > 0
          ? `${departmentName || "This module's department"} is outside your scope: only allocations of lecturers you may see are shown.`
          : undefined,
      allocations,
    };
  },
});

export const listForLecturer = orgQuery({
  permission: null,
  args: { lecturerId: v.id("lecturers") },
  returns: v.array(vAllocationView),
  handler: async (ctx, args) => {
    const lecturer = await getOrThrow(ctx.db, args.lecturerId, "lecturer");
    await requireLecturerView(ctx, lecturer);
    const scope = new AllocationScope(ctx);
    const rows = await ctx.db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect();
    const views = [];
    for (const row of rows) views.push(await allocationView(ctx, scope, row));
    return views;
  },
});

/** Open queries a planner may answer in a year (their scope), newest first. */
export const listQueries = orgQuery({
  permission: "allocations.edit",
  args: { academicYearId: v.id("academic_years") },
  returns: v.array(v.object({ ...vAllocationView.fields, responded_at: v.optional(v.number()) })),
  handler: async (ctx, { academicYearId }) => {
    const rows = await ctx.db
      .query("module_allocations")
      .withIndex("by_academic_year_id_and_response_status", (q) => q.eq("academic_year_id", academicYearId).eq("response_status", "queried"))
      .collect();
    const scope = new AllocationScope(ctx);
    const out = [];
    for (const row of rows) {
      const view = await allocationView(ctx, scope, row);
      if (view.can_edit) out.push({ ...view, responded_at: row.responded_at });
    }
    return out.sort((a, b) => (b.responded_at ?? 0) - (a.responded_at ?? 0));
  },
});

// --- shared ---------------------------------------------------------------------

/**
 * A lecturer's own record (allocations.view_own), or allocations.view for
 * the lecturer's department or team; FORBIDDEN names the reason.
 */
export async function requireLecturerView(ctx: OrgQueryCtx, lecturer: Doc<"lecturers">) {
  const own = ctx.viewer.lecturer_profile_id !== undefined && ctx.viewer.lecturer_profile_id === lecturer.profile_id;
  if (own && ctx.access.has("allocations.view_own")) return;
  if (ctx.access.has("allocations.view", lecturer)) return;
  if (!ctx.access.has("allocations.view")) ctx.access.require("allocations.view");
  const department = lecturer.department_id ? await ctx.dbWithDeleted.get(lecturer.department_id) : null;
  throw appError(
    "FORBIDDEN",
    department ? `${department.name} is outside your scope: you cannot see this lecturer's workload.` : "This lecturer belongs to no department in your scope.",
    { permission: "allocations.view" },
  );
}

function requireOwn(ctx: OrgQueryCtx, lecturer: Pick<Doc<"lecturers">, "profile_id"> | null) {
  if (!lecturer || !ctx.viewer.lecturer_profile_id || ctx.viewer.lecturer_profile_id !== lecturer.profile_id) {
    throw appError("FORBIDDEN", "You can only respond to your own allocations.");
  }
}

function message(text: string | undefined): string | undefined {
  const t = text?.trim();
  if (!t) return undefined;
  if (t.length > MAX_MESSAGE_CHARS) throw appError("INVALID_ARGUMENT", `Keep it under ${MAX_MESSAGE_CHARS} characters.`);
  return t;
}
