/**
 * Writing a block of cells at once: a paste from Excel or LibreOffice, a
 * fill down. `preview` says what each cell would become (share and hours
 * from the engine, and why a cell cannot be written) without writing;
 * `apply` writes the whole block in one transaction or nothing. Each cell
 * names what the sheet showed in it (`expectedVersion`, null for empty), so
 * a block pasted over someone else's newer values is refused with CONFLICT
 * listing those cells, exactly as a single stale save is.
 *
 * A cell's value is a share ("50"), hours ("12h") or empty (remove). Hours
 * into an empty cell create an hours override stored with the share the
 * hours are of the component's full hours; hours into a filled cell keep its
 * share and override its hours. All hours of one block share one reason.
 */
import { v, type Infer } from "convex/values";
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery, type OrgMutationCtx, type OrgQueryCtx } from "../lib/functions";
import { effectiveHours, MAX_BLOCK_CELLS } from "../lib/workload";
import { AllocationScope } from "./allocationScope";
import { capacityWarnings, checkDraft, findCellAllocation, onceReader, shareOfTypedHours } from "./allocationRows";
import { WorkloadLoader, type AllocationDraft } from "./loader";
import { noticeBlockToLecturers, type AllocationChange } from "./notices";

const vCellValue = v.union(v.object({ share: v.number() }), v.object({ hours: v.number() }), v.null());

const vCellChange = v.object({
  iterationId: v.id("module_iterations"),
  lecturerId: v.id("lecturers"),
  allocationTypeId: v.id("allocation_types"),
  groupId: v.optional(v.id("module_iteration_groups")),
  /** The version the sheet showed in this cell; null when it showed the cell empty. */
  expectedVersion: v.union(v.number(), v.null()),
  /** What the cell should hold: a share, hours (an override) or null (empty it). */
  value: vCellValue,
});
type CellChange = Infer<typeof vCellChange>;

const vCellState = v.union(v.object({ share: v.number(), hours: v.number(), hours_override: v.optional(v.number()) }), v.null());

const vCellPlan = v.object({
  index: v.number(),
  label: v.string(),
  action: v.union(v.literal("create"), v.literal("update"), v.literal("remove"), v.literal("unchanged")),
  before: vCellState,
  after: vCellState,
  /** Someone changed the cell since the sheet showed it. */
  stale: v.boolean(),
  /** Why the cell cannot be written as asked, in words. */
  error: v.optional(v.string()),
});

type Plan = Infer<typeof vCellPlan> & {
  change: CellChange;
  existing: Doc<"module_allocations"> | null;
  draft?: AllocationDraft;
  /** The cell's error is a refusal of the caller (out of their scope), not a bad value. */
  forbidden?: boolean;
};

const vBlockArgs = { cells: v.array(vCellChange), overrideReason: v.optional(v.string()) };

/** What a block would change, cell by cell, without writing anything. */
export const preview = orgQuery({
  permission: "allocations.edit",
  args: vBlockArgs,
  returns: v.object({
    cells: v.array(vCellPlan),
    creates: v.number(),
    updates: v.number(),
    removes: v.number(),
    errors: v.number(),
    stale: v.number(),
    needs_reason: v.boolean(),
  }),
  handler: async (ctx, args) => {
    const plans = await planBlock(ctx, args.cells, args.overrideReason ?? "preview");
    return {
      cells: plans.map(publicPlan),
      creates: plans.filter((p) => p.action === "create" && !p.error).length,
      updates: plans.filter((p) => p.action === "update" && !p.error).length,
      removes: plans.filter((p) => p.action === "remove" && !p.error).length,
      errors: plans.filter((p) => p.error).length,
      stale: plans.filter((p) => p.stale).length,
      needs_reason: args.cells.some((c) => c.value !== null && "hours" in c.value),
    };
  },
});

/** Writes the block, all or nothing; returns each cell's allocation and the lecturers' capacity warnings. */
export const apply = orgMutation({
  permission: "allocations.edit",
  args: vBlockArgs,
  returns: v.object({
    cells: v.array(
      v.object({
        index: v.number(),
        id: v.union(v.id("module_allocations"), v.null()),
        version: v.union(v.number(), v.null()),
        action: v.union(v.literal("create"), v.literal("update"), v.literal("remove"), v.literal("unchanged")),
      }),
    ),
    created: v.number(),
    updated: v.number(),
    removed: v.number(),
    warnings: v.array(v.object({ code: v.string(), message: v.string() })),
  }),
  handler: async (ctx, args) => {
    const reason = args.overrideReason?.trim() || undefined;
    const plans = await planBlock(ctx, args.cells, reason);
    const stale = plans.filter((p) => p.stale);
    if (stale.length > 0) {
      throw appError(
        "CONFLICT",
        `${stale.length === 1 ? "One cell" : `${stale.length} cells`} changed since you copied them (${stale
          .slice(0, 3)
          .map((p) => p.label)
          .join("; ")}${stale.length > 3 ? "; …" : ""}). Review the new values and paste again.`,
        { cells: stale.map(publicPlan) },
      );
    }
    const failed = plans.find((p) => p.error);
    if (failed) {
      // A cell the caller may not change makes the block FORBIDDEN (as the one-cell editor's refusal); a bad value INVALID_ARGUMENT.
      throw appError(failed.forbidden ? "FORBIDDEN" : "INVALID_ARGUMENT", `${failed.label}: ${failed.error}`, { cells: plans.filter((p) => p.error).map(publicPlan) });
    }
    const loader = new WorkloadLoader(ctx.db);
    const out = [];
    const changes: { row: Doc<"module_allocations">; change: AllocationChange }[] = [];
    const touched = new Set<Id<"lecturers">>();
    for (const plan of plans) {
      const result = await write(ctx, loader, plan);
      out.push({ index: plan.index, action: plan.action, ...result.ids });
      if (result.row) {
        changes.push({ row: result.row, change: plan.action === "create" ? "created" : plan.action === "remove" ? "removed" : "changed" });
        touched.add(result.row.lecturer_id);
      }
    }
    await noticeBlockToLecturers(ctx, changes);
    const warnings = [];
    for (const id of touched) {
      const lecturer = await ctx.db.get(id);
      if (lecturer) warnings.push(...(await capacityWarnings(ctx, lecturer)));
    }
    return {
      cells: out,
      created: plans.filter((p) => p.action === "create").length,
      updated: plans.filter((p) => p.action === "update").length,
      removed: plans.filter((p) => p.action === "remove").length,
      warnings,
    };
  },
});

function publicPlan(p: Plan): Infer<typeof vCellPlan> {
  return { index: p.index, label: p.label, action: p.action, before: p.before, after: p.after, stale: p.stale, error: p.error };
}

const stateOf = (row: Pick<Doc<"module_allocations">, "share" | "computed_hours" | "hours_override"> | null) =>
  row ? { share: row.share, hours: effectiveHours(row), hours_override: row.hours_override } : null;

/**
 * Works out every cell of a block: what is there now, whether the sheet saw
 * it so, and what the cell would become. Problems are recorded on the cell
 * (`error`, `stale`), so a preview can list them all.
 */
async function planBlock(ctx: OrgQueryCtx, cells: CellChange[], reason: string | undefined): Promise<Plan[]> {
  if (cells.length === 0) throw appError("INVALID_ARGUMENT", "There are no cells to write.");
  if (cells.length > MAX_BLOCK_CELLS) {
    throw appError("INVALID_ARGUMENT", `At most ${MAX_BLOCK_CELLS} cells can be written at once (this block has ${cells.length}); paste it in parts.`);
  }
  const db = onceReader(ctx.dbWithDeleted);
  const live = onceReader(ctx.db);
  const scope = new AllocationScope({ ...ctx, dbWithDeleted: db });
  const loader = new WorkloadLoader(ctx.db);
  const seen = new Set<string>();
  const plans: Plan[] = [];
  for (const [index, change] of cells.entries()) {
    const cell = {
      module_iteration_id: change.iterationId,
      lecturer_id: change.lecturerId,
      allocation_type_id: change.allocationTypeId,
      group_id: change.groupId,
    };
    const label = await cellLabel(db, cell);
    const plan: Plan = { index, label, action: "unchanged", before: null, after: null, stale: false, change, existing: null };
    plans.push(plan);
    const key = `${change.iterationId}:${change.groupId ?? "all"}:${change.allocationTypeId}:${change.lecturerId}`;
    if (seen.has(key)) {
      plan.error = "This cell appears twice in the block.";
      continue;
    }
    seen.add(key);
    const iteration = await live.get(change.iterationId);
    if (!iteration) {
      plan.error = "This module iteration does not exist or has been deleted.";
      continue;
    }
    const edit = await scope.editModule(await scope.moduleOf(iteration._id));
    if (!edit.canEdit) {
      plan.error = edit.reason ?? "You cannot change this allocation.";
      plan.forbidden = true;
      continue;
    }
    // Even a clear names a real cell: its type, group and lecturer exist here (a foreign or stale id is an error, not a no-op).
    const type = await live.get(change.allocationTypeId);
    const group = change.groupId ? await live.get(change.groupId) : null;
    if (!type) {
      plan.error = "This allocation type does not exist or has been deleted.";
      continue;
    }
    if (change.groupId && (!group || group.module_iteration_id !== iteration._id)) {
      plan.error = "This group is not one of the iteration's groups.";
      continue;
    }
    if (!(await ctx.directory.lecturer(change.lecturerId))) {
      plan.error = "This lecturer does not exist or has been deleted.";
      continue;
    }
    const existing = await findCellAllocation(ctx.db, cell);
    plan.existing = existing;
    plan.before = stateOf(existing);
    plan.stale = existing ? existing.version !== change.expectedVersion : change.expectedVersion !== null;
    const value = change.value;
    if (value === null) {
      plan.action = existing ? "remove" : "unchanged";
      continue;
    }
    const draft: AllocationDraft = {
      academic_year_id: iteration.academic_year_id,
      module_iteration_id: iteration._id,
      allocation_type_id: change.allocationTypeId,
      group_id: change.groupId,
      share: existing?.share ?? 100,
      first_time: existing?.first_time ?? false,
      hours_override: undefined,
      override_reason: undefined,
    };
    try {
      if ("share" in value) {
        draft.share = value.share;
      } else {
        draft.hours_override = value.hours;
        draft.override_reason = reason;
        if (!existing) draft.share = await shareOfTypedHours(loader, draft, value.hours);
      }
      await checkDraft({ db: live, directory: ctx.directory }, draft, change.lecturerId);
    } catch (e) {
      plan.error = errorMessage(e);
      continue;
    }
    const result = await loader.compute(draft);
    plan.draft = draft;
    plan.after = { share: draft.share, hours: result.hours, hours_override: draft.hours_override };
    const same =
      existing && existing.share === draft.share && existing.hours_override === draft.hours_override && existing.override_reason === draft.override_reason;
    plan.action = !existing ? "create" : same ? "unchanged" : "update";
  }
  return plans;
}

async function write(ctx: OrgMutationCtx, loader: WorkloadLoader, plan: Plan) {
  const { existing, draft, change } = plan;
  if (plan.action === "unchanged") return { ids: { id: existing?._id ?? null, version: existing?.version ?? null }, row: null };
  if (plan.action === "remove") {
    await ctx.db.patch(existing!._id, { deleted_at: ctx.now, updated_at: ctx.now, updated_by: ctx.viewer._id, version: existing!.version + 1 });
    return { ids: { id: existing!._id, version: existing!.version + 1 }, row: existing };
  }
  const result = await loader.compute(draft!);
  const computed = {
    computed_hours: result.computed_hours,
    work_category: result.work_category,
    semester_hours: result.semester_hours,
    updated_by: ctx.viewer._id,
    updated_at: ctx.now,
  };
  if (plan.action === "create") {
    const id = await ctx.db.insert("module_allocations", {
      organisation_id: ctx.organisationId,
      ...draft!,
      lecturer_id: change.lecturerId,
      ...computed,
      response_status: "pending",
      version: 1,
      created_by: ctx.viewer._id,
      created_at: ctx.now,
    });
    return { ids: { id, version: 1 }, row: (await ctx.db.get(id))! };
  }
  await ctx.db.patch(existing!._id, {
    share: draft!.share,
    hours_override: draft!.hours_override,
    override_reason: draft!.override_reason,
    ...computed,
    response_status: "pending",
    response_comment: undefined,
    responded_at: undefined,
    version: existing!.version + 1,
  });
  return { ids: { id: existing!._id, version: existing!.version + 1 }, row: (await ctx.db.get(existing!._id))! };
}

/** "CS101-A · Contact teaching (Group A) · Ada Lovelace", for messages about one cell. */
async function cellLabel(
  db: GenericDatabaseReader<DataModel>,
  cell: { module_iteration_id: Id<"module_iterations">; lecturer_id: Id<"lecturers">; allocation_type_id: Id<"allocation_types">; group_id?: Id<"module_iteration_groups"> },
) {
  const [iteration, lecturer, type, group] = await Promise.all([
    db.get(cell.module_iteration_id),
    db.get(cell.lecturer_id),
    db.get(cell.allocation_type_id),
    cell.group_id ? db.get(cell.group_id) : null,
  ]);
  const profile = lecturer ? await db.get(lecturer.profile_id) : null;
  return `${iteration?.code ?? "?"} · ${type?.name ?? "?"}${group ? ` (${group.name})` : ""} · ${profile?.full_name ?? "?"}`;
}

function errorMessage(e: unknown): string {
  const data = (e as { data?: unknown })?.data;
  if (data && typeof data === "object" && typeof (data as { message?: unknown }).message === "string") return (data as { message: string }).message;
  return e instanceof Error ? e.message : String(e);
}
