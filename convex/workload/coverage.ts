/**
 * Keeping `iteration_coverage` in step: one row per live iteration holding
 * what its coverage depends on (its live groups; each live allocation's
 * component, group and share) and the engine's coverage of them
 * (lib/workload/coverage.ts). A write to an allocation or a group changes
 * its entry in the row (one read: the row), a write to the iteration or its
 * module the names on it, so an edit costs the same at any size and the
 * coverage list reads only the iterations that have gaps. A row missing or
 * out of reach of a delta (a restored iteration) is rebuilt from the
 * iteration's groups and allocations, as is every row of a year when an
 * allocation type's code or basis changes (the batched job in jobs.ts).
 * Triggers registered in lib/triggers.ts (via workload/triggers.ts).
 *
 * Imported by the triggers, so it must not import the function builders:
 * the job is referenced by name.
 */
import type { GenericDatabaseWriter, Scheduler } from "convex/server";
import { internal } from "../_generated/api";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { startJob } from "../lib/jobs";
import { iterationCoverage } from "../lib/workload";
import { sameValue } from "./compare";

type Writer = GenericDatabaseWriter<DataModel>;
type CoverageRow = Doc<"iteration_coverage">;
type Inputs = Pick<CoverageRow, "groups" | "shares">;
type Names = Pick<CoverageRow, "organisation_id" | "academic_year_id" | "module_iteration_id" | "module_id" | "department_id" | "iteration_code" | "module_title">;
type Share = CoverageRow["shares"][number];

export const COVERAGE_JOB_KIND = "coverage_refresh";

/** Iterations per batch of the coverage job (each reads its groups and allocations). */
export const COVERAGE_BATCH_ITERATIONS = 100;

const isLive = (row: { deleted_at?: number } | null): boolean => row !== null && row.deleted_at === undefined;

async function coverageRowOf(db: Writer, iterationId: Id<"module_iterations">): Promise<CoverageRow | null> {
  return await db.query("iteration_coverage").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iterationId)).first();
}

/** The iteration's and module's fields the row shows; null when either is gone or soft-deleted. */
async function namesOf(db: Writer, iteration: Doc<"module_iterations"> | null): Promise<Names | null> {
  if (!iteration || !isLive(iteration)) return null;
  const module = await db.get(iteration.module_id);
  if (!module || !isLive(module)) return null;
  return {
    organisation_id: iteration.organisation_id,
    academic_year_id: iteration.academic_year_id,
    module_iteration_id: iteration._id,
    module_id: module._id,
    department_id: module.department_id,
    iteration_code: iteration.code,
    module_title: module.title,
  };
}

async function shareOf(db: Writer, allocation: Doc<"module_allocations">): Promise<Share | null> {
  // Soft-deleted types still count, as their allocations do.
  const type = await db.get(allocation.allocation_type_id);
  if (!type) return null;
  return {
    allocation_id: allocation._id,
    allocation_type_code: type.code,
    basis: type.basis,
    group_id: allocation.group_id,
    share: allocation.share,
  };
}

/** Writes the row for `names` and `inputs` with its coverage; writes nothing when nothing changed. */
async function writeRow(db: Writer, existing: CoverageRow | null, names: Names, inputs: Inputs) {
  const coverage = iterationCoverage(
    inputs.groups.map((g) => ({ id: g.id })),
    inputs.shares.map((s) => ({ allocation_type_code: s.allocation_type_code, basis: s.basis, group_id: s.group_id, share: s.share })),
  );
  const groupName = new Map(inputs.groups.map((g) => [g.id as string, g.name]));
  const value = {
    ...names,
    ...inputs,
    has_gap: coverage.unallocated || coverage.gaps.length > 0 || coverage.groups_without_lecturer.length > 0,
    unallocated: coverage.unallocated,
    gaps: coverage.gaps.map((g) => ({ ...g, group_name: g.group_id ? (groupName.get(g.group_id) ?? null) : null })),
    groups_without_lecturer: coverage.groups_without_lecturer.map((id) => ({ id, name: groupName.get(id) ?? "" })),
  };
  const now = Date.now();
  if (!existing) {
    await db.insert("iteration_coverage", { ...value, created_at: now, updated_at: now });
    return;
  }
  const { _id, _creationTime, created_at, updated_at, ...stored } = existing;
  if (sameValue(stored, value)) return;
  await db.replace(existing._id, { ...value, created_at, updated_at: now });
}

/** One iteration's row from scratch: its live groups and allocations. Removes it when the iteration is gone. */
export async function rebuildIterationCoverage(db: Writer, iterationId: Id<"module_iterations">) {
  const existing = await coverageRowOf(db, iterationId);
  const names = await namesOf(db, await db.get(iterationId));
  if (!names) {
    if (existing) await db.delete(existing._id);
    return;
  }
  const groups = await db.query("module_iteration_groups").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iterationId)).collect();
  const allocations = await db.query("module_allocations").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iterationId)).collect();
  const shares: Share[] = [];
  for (const a of allocations) {
    const share = isLive(a) ? await shareOf(db, a) : null;
    if (share) shares.push(share);
  }
  await writeRow(db, existing, names, { groups: groups.filter(isLive).map((g) => ({ id: g._id, name: g.name })), shares });
}

/** Applies `edit` to an iteration's inputs; a missing row is rebuilt instead (it then already reflects the write). */
async function editInputs(db: Writer, iterationId: Id<"module_iterations">, edit: (inputs: Inputs) => Inputs) {
  const existing = await coverageRowOf(db, iterationId);
  if (!existing) {
    await rebuildIterationCoverage(db, iterationId);
    return;
  }
  const { _id, _creationTime, created_at, updated_at, groups, shares, has_gap, unallocated, gaps, groups_without_lecturer, ...names } = existing;
  await writeRow(db, existing, names, edit({ groups, shares }));
}

/** An allocation was written: its entry leaves its old iteration's row and joins its new one's. */
export async function applyAllocationCoverage(db: Writer, oldDoc: Doc<"module_allocations"> | null, newDoc: Doc<"module_allocations"> | null) {
  const before = oldDoc && isLive(oldDoc) ? await shareOf(db, oldDoc) : null;
  const after = newDoc && isLive(newDoc) ? await shareOf(db, newDoc) : null;
  if (sameValue(before, after) && oldDoc?.module_iteration_id === newDoc?.module_iteration_id) return;
  const id = (newDoc ?? oldDoc)!._id;
  const without = (inputs: Inputs) => ({ ...inputs, shares: inputs.shares.filter((s) => s.allocation_id !== id) });
  if (oldDoc && newDoc?.module_iteration_id !== oldDoc.module_iteration_id) await editInputs(db, oldDoc.module_iteration_id, without);
  if (newDoc) {
    await editInputs(db, newDoc.module_iteration_id, (inputs) => {
      if (!after) return without(inputs);
      // An edited allocation keeps its place, so the row reads as a rebuild would.
      const at = inputs.shares.findIndex((s) => s.allocation_id === id);
      return { ...inputs, shares: at >= 0 ? inputs.shares.map((s) => (s.allocation_id === id ? after : s)) : [...inputs.shares, after] };
    });
  }
}

/** A group was written: it leaves its old iteration's row and joins its new one's while live. */
export async function applyGroupCoverage(db: Writer, oldDoc: Doc<"module_iteration_groups"> | null, newDoc: Doc<"module_iteration_groups"> | null) {
  const id = (newDoc ?? oldDoc)!._id;
  const without = (inputs: Inputs) => ({ ...inputs, groups: inputs.groups.filter((g) => g.id !== id) });
  if (oldDoc && newDoc?.module_iteration_id !== oldDoc.module_iteration_id) await editInputs(db, oldDoc.module_iteration_id, without);
  if (newDoc) {
    const group = isLive(newDoc) ? { id, name: newDoc.name } : null;
    await editInputs(db, newDoc.module_iteration_id, (inputs) => {
      const others = without(inputs).groups;
      // Keep the group's place so the row does not churn on a rename.
      const at = inputs.groups.findIndex((g) => g.id === id);
      const groups = group ? (at >= 0 ? inputs.groups.map((g) => (g.id === id ? group : g)) : [...others, group]) : others;
      return { ...inputs, groups };
    });
  }
}

/** An iteration (or its module) was written: the row follows its names, or goes, or is rebuilt when it comes back. */
export async function applyIterationCoverage(db: Writer, iterationId: Id<"module_iterations">, inserted = false) {
  const existing = await coverageRowOf(db, iterationId);
  const names = await namesOf(db, await db.get(iterationId));
  if (!names) {
    if (existing) await db.delete(existing._id);
    return;
  }
  // A new iteration has no groups or allocations yet; any other without a row is rebuilt.
  if (!existing && !inserted) {
    await rebuildIterationCoverage(db, iterationId);
    return;
  }
  await writeRow(db, existing, names, existing ? { groups: existing.groups, shares: existing.shares } : { groups: [], shares: [] });
}

/**
 * Starts (or joins) the rebuild of every iteration's coverage in a year,
 * e.g. after an allocation type's basis changed: a job on the one job
 * mechanism (lib/jobs.ts) whose batches are `workload/jobs:coverageBatch`.
 * A job not yet started covers this change too. Nothing of the year is read here.
 */
export async function scheduleCoverageRefresh(
  ctx: { db: Writer; scheduler: Scheduler },
  organisationId: Id<"organisations">,
  academicYearId: Id<"academic_years">,
  reason: string,
  startedBy?: Id<"users">,
): Promise<Id<"jobs">> {
  const key = `${COVERAGE_JOB_KIND}:${academicYearId}`;
  const queued = await ctx.db
    .query("jobs")
    .withIndex("by_concurrency_key_and_status", (q) => q.eq("concurrency_key", key).eq("status", "queued"))
    .first();
  if (queued) return queued._id;
  return await startJob(ctx, {
    organisationId,
    academicYearId,
    kind: COVERAGE_JOB_KIND,
    label: `Coverage: ${reason}`,
    batch: internal.workload.jobs.coverageBatch,
    phases: [{ name: "rebuild", label: "Rebuilding coverage" }],
    actor: startedBy ? { kind: "user", userId: startedBy } : { kind: "system", name: "coverage" },
    permission: "allocations.view",
    concurrencyKey: key,
    exclusive: false,
  });
}
