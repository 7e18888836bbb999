/**
 * Where delivery rows sit in the structure, stored on the rows themselves
 * (decisions.md: "the department a row belongs to is stored on the row and
 * indexed where lists filter by it"), so a department's sheet reads its
 * iterations, groups and allocations with one index range each instead of a
 * query per module and per iteration:
 *
 *   module_iterations.department_id         the module's department
 *   module_iteration_groups.department_id   the same, through the iteration
 *   module_allocations.department_id        the module's department (who may change it)
 *   module_allocations.lecturer_department_id  the lecturer's (who may also read it)
 *
 * Triggers (registered in lib/triggers.ts) keep them right for every writer
 * that goes through the function layer: on insert, and when a module moves
 * department, an iteration changes module, an allocation changes lecturer or
 * a lecturer moves department. Writers that know the departments already
 * (allocation writes, the seed) store them at insert, which saves the
 * trigger its patch. They are derived fields: the audit trail
 * leaves them out (lib/audit.ts), the same change being recorded once on the
 * row a person changed.
 */
import type { Change } from "convex-helpers/server/triggers";
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";

type Ctx = { db: GenericDatabaseWriter<DataModel> };
type Dept = Id<"departments"> | undefined;

async function moduleDepartment(db: Ctx["db"], moduleId: Id<"modules">): Promise<Dept> {
  return (await db.get(moduleId))?.department_id;
}

/** The departments a new allocation in `iterationId` for `lecturer` belongs to, for writers to store at insert. */
export async function allocationPlacement(
  db: Pick<Ctx["db"], "get">,
  iterationId: Id<"module_iterations">,
  lecturerId: Id<"lecturers">,
): Promise<{ department_id: Dept; lecturer_department_id: Dept }> {
  const [iteration, lecturer] = await Promise.all([db.get(iterationId), db.get(lecturerId)]);
  const module = iteration && iteration.department_id === undefined ? await db.get(iteration.module_id) : null;
  return { department_id: iteration?.department_id ?? module?.department_id, lecturer_department_id: lecturer?.department_id };
}

async function iterationDepartment(db: Ctx["db"], iterationId: Id<"module_iterations">): Promise<Dept> {
  const iteration = await db.get(iterationId);
  if (!iteration) return undefined;
  return iteration.department_id ?? (await moduleDepartment(db, iteration.module_id));
}

export async function onIterationPlacement(ctx: Ctx, change: Change<DataModel, "module_iterations">) {
  if (!change.newDoc) return;
  const next = await moduleDepartment(ctx.db, change.newDoc.module_id);
  if (change.newDoc.department_id !== next) {
    await ctx.db.patch(change.id, { department_id: next });
    return; // the patch comes back here, and cascades below
  }
  // A moved iteration takes its groups and allocations along (a new one has none yet).
  if (change.operation === "update" && change.oldDoc.department_id !== undefined && change.oldDoc.department_id !== next) {
    const groups = await ctx.db.query("module_iteration_groups").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", change.id)).collect();
    for (const g of groups) if (g.department_id !== next) await ctx.db.patch(g._id, { department_id: next });
    const allocations = await ctx.db.query("module_allocations").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", change.id)).collect();
    for (const a of allocations) if (a.department_id !== next) await ctx.db.patch(a._id, { department_id: next });
  }
}

export async function onGroupPlacement(ctx: Ctx, change: Change<DataModel, "module_iteration_groups">) {
  if (!change.newDoc) return;
  if (change.operation === "update" && change.oldDoc.module_iteration_id === change.newDoc.module_iteration_id && change.newDoc.department_id !== undefined) return;
  const next = await iterationDepartment(ctx.db, change.newDoc.module_iteration_id);
  if (change.newDoc.department_id !== next) await ctx.db.patch(change.id, { department_id: next });
}

export async function onAllocationPlacement(ctx: Ctx, change: Change<DataModel, "module_allocations">) {
  const row = change.newDoc;
  if (!row) return;
  const old = change.operation === "update" ? change.oldDoc : null;
  const moved = !old || old.module_iteration_id !== row.module_iteration_id || old.lecturer_id !== row.lecturer_id;
  if (!moved && row.department_id !== undefined && row.lecturer_department_id !== undefined) return;
  const patch: Partial<Pick<Doc<"module_allocations">, "department_id" | "lecturer_department_id">> = {};
  const department = await iterationDepartment(ctx.db, row.module_iteration_id);
  if (row.department_id !== department) patch.department_id = department;
  const lecturerDepartment = (await ctx.db.get(row.lecturer_id))?.department_id;
  if (row.lecturer_department_id !== lecturerDepartment) patch.lecturer_department_id = lecturerDepartment;
  if (Object.keys(patch).length > 0) await ctx.db.patch(change.id, patch);
}

export async function onModulePlacement(ctx: Ctx, change: Change<DataModel, "modules">) {
  if (change.operation !== "update" || change.oldDoc.department_id === change.newDoc.department_id) return;
  const iterations = await ctx.db.query("module_iterations").withIndex("by_module_id", (q) => q.eq("module_id", change.id)).collect();
  for (const i of iterations) await ctx.db.patch(i._id, { department_id: change.newDoc.department_id });
}

export async function onLecturerPlacement(ctx: Ctx, change: Change<DataModel, "lecturers">) {
  if (change.operation !== "update" || change.oldDoc.department_id === change.newDoc.department_id) return;
  const allocations = await ctx.db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", change.id)).collect();
  for (const a of allocations) await ctx.db.patch(a._id, { lecturer_department_id: change.newDoc.department_id });
}
