/**
 * What every allocation write and view shares: the one-allocation-per-cell
 * lookup and its CONFLICT, the checks a draft passes before it is written,
 * the view a client receives (with whether the caller may edit the row and
 * why not), and the warnings a write returns. Used by the single-cell
 * mutations (allocations.ts), block writes (cells.ts), the sheet (sheet.ts)
 * and the duplicate merge (duplicates.ts).
 */
import { v } from "convex/values";
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import type { Directory, OrgQueryCtx } from "../lib/functions";
import { RANGES } from "../lib/inputRanges";
import { requireRange } from "../lib/validation";
import { availabilityClashes, describeUnavailability, effectiveHours, iterationCoverage, shareForHours, specialisationFor } from "../lib/workload";
import { vAllocationResponse } from "../schema/validators";
import type { AllocationScope } from "./allocationScope";
import { totalsRowOf } from "./liveTotals";
import type { AllocationDraft, WorkloadLoader } from "./loader";

type Reader = GenericDatabaseReader<DataModel>;
type Warning = { code: string; message: string };
/** What the reads here need: a member's query or mutation, or a job acting as its starter (accepting suggestions). */
type RowsCtx = Pick<OrgQueryCtx, "db" | "dbWithDeleted" | "directory">;

/** One cell of the editor: an iteration's component (optionally one group's) for one lecturer. */
export type CellRef = {
  module_iteration_id: Id<"module_iterations">;
  lecturer_id: Id<"lecturers">;
  allocation_type_id: Id<"allocation_types">;
  group_id?: Id<"module_iteration_groups">;
};

export const vAllocationView = v.object({
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
  reply: v.optional(v.string()),
  replied_by_name: v.optional(v.string()),
  notes: v.optional(v.string()),
  /** Carried from last year by a rollover (a starting point for planners to review). */
  carried: v.boolean(),
  /** May the caller change it; when not, why ("Mathematics is outside your department"). */
  can_edit: v.boolean(),
  read_only_reason: v.optional(v.string()),
});

/** The live allocation in a cell, if any (the index narrows to the iteration and lecturer). */
export async function findCellAllocation(db: Reader, cell: CellRef, except?: Id<"module_allocations">) {
  const rows = await db
    .query("module_allocations")
    .withIndex("by_module_iteration_id_and_lecturer_id", (q) =>
      q.eq("module_iteration_id", cell.module_iteration_id).eq("lecturer_id", cell.lecturer_id),
    )
    .collect();
  return (
    rows.find(
      (r) =>
        r.deleted_at === undefined &&
        r._id !== except &&
        r.allocation_type_id === cell.allocation_type_id &&
        (r.group_id ?? null) === (cell.group_id ?? null),
    ) ?? null
  );
}

/**
 * CONFLICT for a write that finds the cell taken: the same data as a stale
 * update (`current`, `currentVersion`), so the client shows the same dialog.
 */
export async function cellTakenError(ctx: RowsCtx, scope: AllocationScope, existing: Doc<"module_allocations">) {
  const current = await allocationView(ctx, scope, existing);
  return appError(
    "CONFLICT",
    `${current.lecturer_name} already has ${current.allocation_type_name}${current.group_name ? ` (${current.group_name})` : ""} on ${current.iteration_code}: someone saved it first. Review their value and try again.`,
    { currentVersion: existing.version, current },
  );
}

/** Refuses the write if the cell already holds another live allocation. */
export async function requireCellFree(ctx: RowsCtx, scope: AllocationScope, cell: CellRef, except?: Id<"module_allocations">) {
  const existing = await findCellAllocation(ctx.db, cell, except);
  if (existing) throw await cellTakenError(ctx, scope, existing);
}

/**
 * A reader that fetches each id once per call: a block of cells reads the
 * same lecturers, types and iterations over and over, and every read counts
 * towards the transaction's limits.
 */
export function onceReader(db: Reader): Reader {
  const cache = new Map<string, Promise<unknown>>();
  const get = ((id: string) => {
    let hit = cache.get(id);
    if (!hit) {
      hit = db.get(id as never);
      cache.set(id, hit);
    }
    return hit;
  }) as Reader["get"];
  return { get, query: db.query.bind(db), normalizeId: db.normalizeId.bind(db), system: db.system } as Reader;
}

/**
 * Checks a draft's references and values; returns its lecturer (directory
 * information: a module's department may give work to a colleague of
 * another department without seeing their records).
 */
export async function checkDraft(ctx: { db: Reader; directory: Directory }, draft: AllocationDraft, lecturerId: Id<"lecturers">) {
  const lecturer = await ctx.directory.lecturer(lecturerId);
  if (!lecturer) throw appError("NOT_FOUND", "This lecturer does not exist or has been deleted.", { id: lecturerId });
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
  requireRange(draft.share, RANGES.share, "share");
  if (draft.hours_override !== undefined) {
    requireRange(draft.hours_override, RANGES.hoursOverride, "hoursOverride");
    if (!draft.override_reason) {
      throw appError("INVALID_ARGUMENT", "An override of the computed hours needs a reason.", { field: "overrideReason" });
    }
  }
  return lecturer;
}

/** An allocation as clients see it, with whether the caller may change it. */
export async function allocationView(ctx: RowsCtx, scope: AllocationScope, row: Doc<"module_allocations">) {
  const [iteration, lecturer, type, group, access] = await Promise.all([
    scope.iteration(row.module_iteration_id),
    ctx.directory.lecturer(row.lecturer_id),
    ctx.dbWithDeleted.get(row.allocation_type_id),
    row.group_id ? ctx.dbWithDeleted.get(row.group_id) : null,
    scope.forAllocation(row),
  ]);
  const module = await scope.moduleOf(row.module_iteration_id);
  const replier = row.replied_by ? await ctx.directory.userName(row.replied_by) : null;
  return {
    id: row._id,
    version: row.version,
    module_iteration_id: row.module_iteration_id,
    iteration_code: iteration?.code ?? "",
    module_title: module?.title ?? "",
    lecturer_id: row.lecturer_id,
    lecturer_name: lecturer?.name ?? "",
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
    reply: row.reply,
    replied_by_name: replier ?? undefined,
    notes: row.notes,
    carried: row.carried_from_id !== undefined,
    can_edit: access.canEdit,
    read_only_reason: access.canEdit ? undefined : (access.reason ?? undefined),
  };
}

/** The write's outcome with its warnings, read after the triggers moved the totals. */
export async function writeResult(ctx: RowsCtx, id: Id<"module_allocations">, loader: WorkloadLoader) {
  const row = (await ctx.db.get(id))!;
  const warnings = await warningsFor(ctx, row, loader);
  return { id, version: row.version, share: row.share, hours: effectiveHours(row), computed_hours: row.computed_hours, warnings };
}

const formatHours = (x: number) => `${Math.round(x * 10) / 10} h`;

/**
 * Over capacity or maximum teaching, after the write: one message per
 * lecturer. Their totals are personal: they warn only a caller who may see
 * them (the reader hides them otherwise).
 */
export async function capacityWarnings(ctx: Pick<OrgQueryCtx, "db" | "directory">, lecturer: Pick<Doc<"lecturers">, "_id">): Promise<Warning[]> {
  const warnings: Warning[] = [];
  const name = (await ctx.directory.lecturer(lecturer._id))?.name || "This lecturer";
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
  return warnings;
}

async function warningsFor(ctx: RowsCtx, row: Doc<"module_allocations">, loader: WorkloadLoader): Promise<Warning[]> {
  const [lecturer, computed] = await Promise.all([ctx.directory.lecturer(row.lecturer_id), loader.compute(row)]);
  if (!lecturer) return [];
  const warnings = await capacityWarnings(ctx, lecturer);
  const name = lecturer.name || "This lecturer";
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

/** Hours typed into an empty cell are stored with the share they are of the component's full hours. */
export async function shareOfTypedHours(loader: WorkloadLoader, draft: AllocationDraft, hours: number): Promise<number> {
  if (!Number.isFinite(hours) || hours <= 0) throw appError("INVALID_ARGUMENT", "Type more than 0 hours, or leave the cell empty.");
  const full = await loader.compute({ ...draft, share: 100, hours_override: undefined, override_reason: undefined });
  return shareForHours(hours, full.computed_hours);
}
