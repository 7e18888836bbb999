/**
 * Who may read and change an allocation, and why not (decisions.md, "Scope").
 * An allocation belongs to two departments: the module's (who teaches it) and
 * the lecturer's (whose load it is). A scoped planner or head may change it
 * when the module's department is in scope, and read it when either is; a
 * lecturer reads their own. Every view of allocations (editor, sheet,
 * lecturer page) asks here, so each row carries `can_edit` and the reason in
 * words when it cannot be changed ("Mathematics is outside your department"),
 * and a read-only row is never silently empty.
 *
 * Built on `ctx.access` (lib/access.ts); when the layer enforces scope on
 * every row (issue #8), this stays the one place that words the reasons.
 */
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import type { Access } from "../lib/access";
import { appError } from "../lib/errors";

type Reader = GenericDatabaseReader<DataModel>;

export type RowAccess = { canRead: boolean; canEdit: boolean; reason: string | null };

/** The caller: a member, or a job acting as its starter (or as the system, with no viewer). */
type Caller = { access: Access; viewer: Doc<"users"> | null; dbWithDeleted: Reader };

/** Answers for the rows of one call; caches department names and modules. */
export class AllocationScope {
  private names = new Map<string, Promise<string>>();
  private modules = new Map<string, Promise<Doc<"modules"> | null>>();
  private iterations = new Map<string, Promise<Doc<"module_iterations"> | null>>();

  constructor(private readonly ctx: Caller) {}

  /** The department a scoped grant would be checked against, for a module. */
  moduleOf(iterationId: Id<"module_iterations">): Promise<Doc<"modules"> | null> {
    return memo(this.modules, iterationId, async () => {
      const iteration = await this.iteration(iterationId);
      return iteration ? await this.ctx.dbWithDeleted.get(iteration.module_id) : null;
    });
  }

  iteration(iterationId: Id<"module_iterations">): Promise<Doc<"module_iterations"> | null> {
    return memo(this.iterations, iterationId, () => this.ctx.dbWithDeleted.get(iterationId));
  }

  departmentName(id: Id<"departments"> | undefined | null): Promise<string> {
    if (!id) return Promise.resolve("");
    return memo(this.names, id, async () => (await this.ctx.dbWithDeleted.get(id))?.name ?? "That department");
  }

  /** Is `lecturer` the caller's own record (through their linked profile)? */
  isOwn(lecturer: Pick<Doc<"lecturers">, "profile_id"> | null): boolean {
    return !!lecturer && !!this.ctx.viewer?.lecturer_profile_id && this.ctx.viewer.lecturer_profile_id === lecturer.profile_id;
  }

  /** May the caller change allocations on this module's iterations? The reason in words when not. */
  async editModule(module: Pick<Doc<"modules">, "department_id"> | null): Promise<{ canEdit: boolean; reason: string | null }> {
    const { access } = this.ctx;
    if (!access.has("allocations.edit")) return { canEdit: false, reason: "Your role does not include changing allocations." };
    if (access.has("allocations.edit", { department_id: module?.department_id })) return { canEdit: true, reason: null };
    if (!module?.department_id) {
      return { canEdit: false, reason: "This module belongs to no department, so only an organisation-wide planner can change it." };
    }
    return { canEdit: false, reason: `${await this.departmentName(module.department_id)} is outside your ${this.scopeWord("allocations.edit")}.` };
  }

  /** Read and edit for one allocation, given its module and lecturer. */
  async forRow(
    module: Pick<Doc<"modules">, "department_id"> | null,
    lecturer: Pick<Doc<"lecturers">, "profile_id" | "department_id" | "team_id"> | null,
  ): Promise<RowAccess> {
    const { access } = this.ctx;
    const edit = await this.editModule(module);
    const canRead =
      edit.canEdit ||
      access.has("allocations.view", { department_id: module?.department_id }) ||
      (!!lecturer && access.has("allocations.view", { department_id: lecturer.department_id, team_id: lecturer.team_id })) ||
      (this.isOwn(lecturer) && access.has("allocations.view_own"));
    return { canRead, canEdit: edit.canEdit, reason: edit.reason };
  }

  /** The same, for a stored allocation. */
  async forAllocation(row: Pick<Doc<"module_allocations">, "module_iteration_id" | "lecturer_id">): Promise<RowAccess> {
    const [module, lecturer] = await Promise.all([this.moduleOf(row.module_iteration_id), this.ctx.dbWithDeleted.get(row.lecturer_id)]);
    return await this.forRow(module, lecturer);
  }

  /** Throws FORBIDDEN with the reason unless the caller may change allocations on this iteration. */
  async requireEdit(iterationId: Id<"module_iterations">): Promise<void> {
    const edit = await this.editModule(await this.moduleOf(iterationId));
    if (!edit.canEdit) throw appError("FORBIDDEN", edit.reason ?? "You cannot change this allocation.", { permission: "allocations.edit" });
  }

  /** "department", "departments" or "team": how the caller's scope for `permission` is named. */
  private scopeWord(permission: "allocations.edit" | "allocations.view"): string {
    const scope = this.ctx.access.scope(permission);
    if (!scope) return "scope";
    if (scope.departments.size === 0 && scope.teams.size > 0) return scope.teams.size > 1 ? "teams" : "team";
    return scope.departments.size > 1 ? "departments" : "department";
  }
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let hit = cache.get(key);
  if (!hit) {
    hit = load();
    cache.set(key, hit);
  }
  return hit;
}
