/**
 * The phases of a rollover, one batch at a time (called by the job's batch
 * mutation in rollover.ts). Each phase walks one list in small pages and
 * decides, row by row, what the new year gets: every live lecturer profile
 * an instance (last year's figures, or the profile's defaults), every active
 * module its iterations (last year's pattern, or one from the module's
 * defaults), and, when chosen, the teaching and recurring admin allocations,
 * their hours computed by the engine with the new year's rules.
 *
 * A dry run (the preview) takes every decision the same way and writes
 * nothing: where a later phase needs a row an earlier one would have made,
 * it predicts it with the same rules. Each carried row remembers its source
 * (`carried_from_id`) and its run (`rollover_job_id`); a row already in the
 * new year, carried or matching (same profile; same module and code), is
 * left as it is, so a repeated batch or a second run adds nothing.
 */
import { stream } from "convex-helpers/server/stream";
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { runPages } from "../lib/budget";
import type { JobBatchResult } from "../lib/jobs";
import { effectiveHours } from "../lib/workload";
import schema from "../schema";
import { WorkloadLoader } from "../workload/loader";
import { leaverReason, leavesDuring, SKIP_REASONS, type RolloverParams, type RolloverPhase } from "../lib/rollover/plan";

type Writer = GenericDatabaseWriter<DataModel>;

export type RolloverCtx = {
  db: Writer;
  dbWithDeleted: Writer;
  job: Doc<"jobs">;
  viewer: Doc<"users"> | null;
  now: number;
  meta: MutationCtx["meta"];
};

/**
 * Rows per page and per batch. Pages are small so that one more page always
 * fits in the half of the batch budget that `runPages` keeps free; the batch
 * caps only bound a step's length where the runtime cannot report its usage.
 */
const PAGE = { count: 1_000, lecturers: 10, iterations: 5, allocations: 25, admin: 25 } as const;
const MAX_PER_BATCH = { count: 6_000, lecturers: 200, iterations: 100, allocations: 400, admin: 400 } as const;
/** A leaver's allocations are counted up to this many for the warning. */
const LEAVER_ALLOCATIONS_COUNTED = 50;
/** Audit rows of a module read to find a change of credits during the source year. */
const MODULE_HISTORY_READ = 20;
/** Examples kept per batch (the job's result caps the whole list). */
const EXAMPLES_PER_BATCH = 25;

type Warning = { code: string; message: string; entity_type?: string; entity_id?: string };
type Example = { kind: string; name: string; note: string };

/** What one batch found, merged into the job's result by the runner (numbers add up, lists append). */
class Tally {
  counts: Record<string, Record<string, number>> = {};
  skipped: Record<string, Record<string, number>> = {};
  warnings: Warning[] = [];
  examples: Example[] = [];
  carried_hours = 0;

  add(kind: string, outcome: string, n = 1) {
    const k = (this.counts[kind] ??= {});
    k[outcome] = (k[outcome] ?? 0) + n;
  }
  skip(kind: string, reason: string, name?: string, n = 1) {
    const k = (this.skipped[kind] ??= {});
    k[reason] = (k[reason] ?? 0) + n;
    this.add(kind, "skipped", n);
    if (name) this.example(kind, name, SKIP_REASONS[reason] ?? reason);
  }
  example(kind: string, name: string, note: string) {
    if (this.examples.length < EXAMPLES_PER_BATCH) this.examples.push({ kind, name, note });
  }
  warn(w: Warning) {
    this.warnings.push(w);
  }
  toJSON(): string {
    const out: Record<string, unknown> = { counts: this.counts, skipped: this.skipped };
    if (this.warnings.length) out.warnings = this.warnings;
    if (this.examples.length) out.examples = this.examples;
    if (this.carried_hours) out.carried_hours = Math.round(this.carried_hours * 100) / 100;
    return JSON.stringify(out);
  }
}


/** One batch of `phase`; returns the runner's answer. */
export async function rolloverBatch(
  ctx: RolloverCtx,
  p: RolloverParams,
  phase: RolloverPhase,
  cursor: string | null,
  dryRun: boolean,
): Promise<JobBatchResult> {
  const run = new RolloverRun(ctx, p, dryRun);
  return await run.batch(phase, cursor);
}

type Resolved<T> = { ok: true; id?: T; predicted?: boolean } | { ok: false; reason: string };

class RolloverRun {
  private readonly tally = new Tally();
  private readonly source: Id<"academic_years">;
  private readonly target: Id<"academic_years"> | undefined;
  private readonly rows: ReturnType<typeof stream<typeof schema>>;
  private readonly lecturers = new Map<string, Promise<Resolved<Id<"lecturers">>>>();
  private readonly iterations = new Map<string, Promise<Resolved<Id<"module_iterations">>>>();
  private readonly targetIterationsByModule = new Map<string, Promise<Doc<"module_iterations">[]>>();
  private readonly targetGroups = new Map<string, Promise<Doc<"module_iteration_groups">[]>>();
  /** Per target iteration (teaching) or lecturer (admin): the source rows already carried into it. */
  private readonly carriedInto = new Map<string, Promise<Set<string>>>();
  private readonly statuses = new Map<string, Promise<Doc<"lecturer_statuses"> | null>>();
  private loader: WorkloadLoader | null = null;
  private activeStatus: Promise<Id<"lecturer_statuses"> | undefined> | null = null;

  constructor(
    private readonly ctx: RolloverCtx,
    private readonly p: RolloverParams,
    private readonly dryRun: boolean,
  ) {
    this.source = p.sourceYearId;
    this.target = p.targetYearId;
    this.rows = stream(ctx.db, schema);
  }

  private stamp() {
    return {
      organisation_id: this.ctx.job.organisation_id,
      academic_year_id: this.target!,
      rollover_job_id: this.ctx.job._id,
      created_at: this.ctx.now,
      updated_at: this.ctx.now,
    };
  }

  async batch(phase: RolloverPhase, cursor: string | null): Promise<JobBatchResult> {
    switch (phase) {
      case "count":
        return await this.count(cursor);
      case "lecturers": {
        const r = await runPages(this.ctx, {
          cursor,
          pageSize: PAGE.lecturers,
          maxItems: MAX_PER_BATCH.lecturers,
          page: (c, n) =>
            stream(this.ctx.dbWithDeleted, schema)
              .query("lecturer_profiles")
              .withIndex("by_organisation_id", (q) => q.eq("organisation_id", this.ctx.job.organisation_id))
              .paginate({ cursor: c, numItems: n }),
          each: async (profiles) => {
            for (const profile of profiles) await this.lecturer(profile);
          },
        });
        return { ...r, result: this.tally.toJSON() };
      }
      case "iterations": {
        const r = await runPages(this.ctx, {
          cursor,
          pageSize: PAGE.iterations,
          maxItems: MAX_PER_BATCH.iterations,
          page: (c, n) =>
            stream(this.ctx.dbWithDeleted, schema)
              .query("modules")
              .withIndex("by_organisation_id", (q) => q.eq("organisation_id", this.ctx.job.organisation_id))
              .paginate({ cursor: c, numItems: n }),
          each: async (modules) => {
            for (const module of modules) await this.module(module);
          },
        });
        return { ...r, result: this.tally.toJSON() };
      }
      case "allocations": {
        const r = await runPages(this.ctx, {
          cursor,
          pageSize: PAGE.allocations,
          maxItems: MAX_PER_BATCH.allocations,
          page: (c, n) =>
            this.rows
              .query("module_allocations")
              .withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", this.source))
              .paginate({ cursor: c, numItems: n }),
          each: async (rows) => {
            for (const row of rows) await this.allocation(row);
          },
        });
        return { ...r, result: this.tally.toJSON() };
      }
      case "admin": {
        const r = await runPages(this.ctx, {
          cursor,
          pageSize: PAGE.admin,
          maxItems: MAX_PER_BATCH.admin,
          page: (c, n) =>
            this.rows
              .query("admin_allocations")
              .withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", this.source))
              .paginate({ cursor: c, numItems: n }),
          each: async (rows) => {
            for (const row of rows) await this.adminAllocation(row);
          },
        });
        return { ...r, result: this.tally.toJSON() };
      }
      case "finish":
        return await this.finish();
    }
  }

  // --- counting -------------------------------------------------------------------

  /**
   * Counts what each later phase walks, so the progress bar has totals. The
   * cursor names the list being counted and the position in it.
   */
  private async count(cursor: string | null): Promise<JobBatchResult> {
    const org = this.ctx.job.organisation_id;
    const lists: { phase: RolloverPhase; page: (c: string | null, n: number) => Promise<{ page: unknown[]; isDone: boolean; continueCursor: string }> }[] = [
      {
        phase: "lecturers",
        page: (c, n) =>
          stream(this.ctx.dbWithDeleted, schema).query("lecturer_profiles").withIndex("by_organisation_id", (q) => q.eq("organisation_id", org)).paginate({ cursor: c, numItems: n }),
      },
      {
        phase: "iterations",
        page: (c, n) =>
          stream(this.ctx.dbWithDeleted, schema).query("modules").withIndex("by_organisation_id", (q) => q.eq("organisation_id", org)).paginate({ cursor: c, numItems: n }),
      },
      {
        phase: "allocations",
        page: (c, n) =>
          this.rows.query("module_allocations").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", this.source)).paginate({ cursor: c, numItems: n }),
      },
      {
        phase: "admin",
        page: (c, n) =>
          this.rows.query("admin_allocations").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", this.source)).paginate({ cursor: c, numItems: n }),
      },
    ];
    const wanted = lists.filter((l) => this.ctx.job.phases.some((p) => p.name === l.phase));
    const state = cursor ? (JSON.parse(cursor) as { list: number; cursor: string | null; counted: Record<string, number> }) : { list: 0, cursor: null, counted: {} };
    let done = 0;
    while (state.list < wanted.length) {
      const list = wanted[state.list];
      const r = await runPages(this.ctx, {
        cursor: state.cursor,
        pageSize: PAGE.count,
        maxItems: MAX_PER_BATCH.count - done,
        page: list.page,
        each: async (items) => {
          state.counted[list.phase] = (state.counted[list.phase] ?? 0) + items.length;
        },
      });
      done += r.done;
      if (r.cursor !== null) return { done, cursor: JSON.stringify({ ...state, cursor: r.cursor }) };
      state.list += 1;
      state.cursor = null;
      if (done >= MAX_PER_BATCH.count) break;
    }
    if (state.list < wanted.length) return { done, cursor: JSON.stringify(state) };
    const phaseTotals: Record<string, number> = { finish: 1 };
    for (const l of wanted) phaseTotals[l.phase] = state.counted[l.phase] ?? 0;
    return { done, cursor: null, phaseTotals };
  }

  // --- lecturers --------------------------------------------------------------------

  private status(id: Id<"lecturer_statuses"> | undefined) {
    if (!id) return Promise.resolve(null);
    return memo(this.statuses, id, () => this.ctx.dbWithDeleted.get(id));
  }

  /** The organisation's "active" status: a carried lecturer starts the year active. */
  private activeStatusId() {
    this.activeStatus ??= this.ctx.db
      .query("lecturer_statuses")
      .withIndex("by_organisation_id_and_code", (q) => q.eq("organisation_id", this.ctx.job.organisation_id).eq("code", "active"))
      .first()
      .then((s) => s?._id);
    return this.activeStatus;
  }

  private sourceInstance(profileId: Id<"lecturer_profiles">) {
    return this.ctx.db
      .query("lecturers")
      .withIndex("by_profile_id_and_academic_year_id", (q) => q.eq("profile_id", profileId).eq("academic_year_id", this.source))
      .first();
  }

  private async targetInstance(profileId: Id<"lecturer_profiles">) {
    const target = this.target;
    if (!target) return null;
    return await this.ctx.db
      .query("lecturers")
      .withIndex("by_profile_id_and_academic_year_id", (q) => q.eq("profile_id", profileId).eq("academic_year_id", target))
      .first();
  }

  private async lecturer(profile: Doc<"lecturer_profiles">) {
    const source = await this.sourceInstance(profile._id);
    if (profile.deleted_at !== undefined) {
      if (source) this.tally.skip("lecturers", "deleted", profile.full_name);
      return;
    }
    if (await this.targetInstance(profile._id)) {
      this.tally.add("lecturers", "existing");
      return;
    }
    const statusCode = (await this.status(source?.status_id))?.code;
    const leaves = leaverReason(profile, this.p.targetStart, statusCode);
    if (leaves) {
      this.tally.skip("lecturers", "leaver", `${profile.full_name} (${leaves})`);
      if (source && this.p.options.carry_teaching_allocations) await this.warnLeaverAllocations(profile, source, leaves);
      return;
    }
    const endsDuring = leavesDuring(profile, this.p.targetStart, this.p.targetEnd);
    if (endsDuring) {
      this.tally.warn({
        code: "leaves_during_year",
        message: `${profile.full_name} leaves on ${endsDuring}: carried with a contract ending then, so their capacity is pro-rated.`,
        entity_type: "lecturer_profiles",
        entity_id: profile._id,
      });
    }
    this.tally.add("lecturers", "created");
    this.tally.add("lecturers", source ? "from_last_year" : "from_profile");
    if (!source) this.tally.example("lecturers", profile.full_name, "from the profile's defaults (no record last year)");
    if (this.dryRun) return;
    await this.ctx.db.insert("lecturers", {
      ...this.stamp(),
      profile_id: profile._id,
      status_id: await this.activeStatusId(),
      department_id: source ? source.department_id : profile.department_id,
      team_id: source ? source.team_id : profile.team_id,
      fte: source ? source.fte : profile.default_fte,
      contract_family: source ? source.contract_family : profile.default_contract_family,
      contract_end: endsDuring ?? undefined,
      carried_from_id: source?._id,
      version: 1,
    });
  }

  /** A leaver whose allocations will not carry: their modules need someone new. */
  private async warnLeaverAllocations(profile: Doc<"lecturer_profiles">, source: Doc<"lecturers">, leaves: string) {
    const rows = await this.ctx.db
      .query("module_allocations")
      .withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", source._id))
      .take(LEAVER_ALLOCATIONS_COUNTED + 1);
    if (rows.length === 0) return;
    const codes = new Set<string>();
    for (const row of rows.slice(0, 5)) {
      const iteration = await this.ctx.db.get(row.module_iteration_id);
      if (iteration) codes.add(iteration.code);
    }
    const n = rows.length > LEAVER_ALLOCATIONS_COUNTED ? `more than ${LEAVER_ALLOCATIONS_COUNTED}` : String(rows.length);
    this.tally.warn({
      code: "leaver_allocations",
      message: `${profile.full_name} ${leaves}: ${n} allocation${rows.length === 1 ? "" : "s"} (${[...codes].join(", ")}${rows.length > codes.size ? "…" : ""}) will not carry; those modules need someone new.`,
      entity_type: "lecturer_profiles",
      entity_id: profile._id,
    });
  }

  // --- modules and iterations --------------------------------------------------------

  private targetIterations(moduleId: Id<"modules">) {
    const target = this.target;
    if (!target) return Promise.resolve([]);
    return memo(this.targetIterationsByModule, moduleId, () =>
      this.ctx.db
        .query("module_iterations")
        .withIndex("by_module_id_and_academic_year_id", (q) => q.eq("module_id", moduleId).eq("academic_year_id", target))
        .collect(),
    );
  }

  private async module(module: Doc<"modules">) {
    const sources = await this.ctx.db
      .query("module_iterations")
      .withIndex("by_module_id_and_academic_year_id", (q) => q.eq("module_id", module._id).eq("academic_year_id", this.source))
      .collect();
    if (module.deleted_at !== undefined) {
      if (sources.length) this.tally.skip("iterations", "module_deleted", module.code, sources.length);
      return;
    }
    if (module.status === "withdrawn") {
      if (sources.length) this.tally.skip("iterations", "module_withdrawn", `${module.code} ${module.title}`, sources.length);
      return;
    }
    const targets = await this.targetIterations(module._id);
    if (sources.length === 0) {
      if (targets.length) {
        this.tally.add("iterations", "existing", targets.length);
        return;
      }
      await this.iterationFromModule(module);
      return;
    }
    await this.warnCreditsChanged(module);
    for (const source of sources) {
      const match = targets.find((t) => t.carried_from_id === source._id) ?? targets.find((t) => t.code === source.code);
      if (match) {
        this.tally.add("iterations", "existing");
        continue;
      }
      await this.carryIteration(source);
    }
  }

  /** A module with nothing last year gets one iteration from its defaults. */
  private async iterationFromModule(module: Doc<"modules">) {
    this.tally.add("iterations", "created");
    this.tally.add("iterations", "from_module");
    this.tally.example("iterations", `${module.code} ${module.title}`, "one iteration from the module's defaults (none last year)");
    if (this.dryRun) return;
    await this.ctx.db.insert("module_iterations", {
      ...this.stamp(),
      module_id: module._id,
      code: `${module.code}-A`,
      semester: module.default_semester,
      student_count: 0,
      intakes: 1,
      version: 1,
    });
  }

  private studentCount(n: number) {
    return this.p.options.student_numbers === "forward" ? n : 0;
  }

  private async carryIteration(source: Doc<"module_iterations">) {
    this.tally.add("iterations", "created");
    this.tally.add("iterations", "from_last_year");
    const withParts = this.p.options.carry_groups_and_assessments;
    const groups = withParts
      ? await this.ctx.db.query("module_iteration_groups").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", source._id)).collect()
      : [];
    const assessments = withParts
      ? await this.ctx.db
          .query("module_iteration_assessments")
          .withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", source._id))
          .collect()
      : [];
    this.tally.add("groups", "created", groups.length);
    this.tally.add("assessments", "created", assessments.length);
    if (this.dryRun) return;
    const iterationId = await this.ctx.db.insert("module_iterations", {
      ...this.stamp(),
      module_id: source.module_id,
      site_id: source.site_id,
      code: source.code,
      semester: source.semester,
      semester_split: source.semester_split,
      student_count: this.studentCount(source.student_count),
      max_group_size: source.max_group_size,
      teaching_weeks: source.teaching_weeks,
      contact_hours_override: source.contact_hours_override,
      intakes: source.intakes,
      carried_from_id: source._id,
      version: 1,
    });
    for (const g of groups) {
      await this.ctx.db.insert("module_iteration_groups", {
        ...this.stamp(),
        module_iteration_id: iterationId,
        name: g.name,
        student_count: this.studentCount(g.student_count),
        site_id: g.site_id,
        weekday: g.weekday,
        start_time: g.start_time,
        end_time: g.end_time,
        carried_from_id: g._id,
      });
    }
    for (const a of assessments) {
      await this.ctx.db.insert("module_iteration_assessments", {
        ...this.stamp(),
        module_iteration_id: iterationId,
        assessment_type_id: a.assessment_type_id,
        name: a.name,
        weighting: a.weighting,
        carried_from_id: a._id,
      });
    }
  }

  /** Credits changed while the source year ran: last year's plan was made for other figures. */
  private async warnCreditsChanged(module: Doc<"modules">) {
    const year = await this.ctx.db.get(this.source);
    const since = year ? Date.parse(year.start_date) : 0;
    // Only a module edited since the year began can have changed its credits.
    if (module.updated_at <= module.created_at || module.updated_at < since) return;
    const history = await this.ctx.db
      .query("audit_logs")
      .withIndex("by_entity_type_and_entity_id", (q) => q.eq("entity_type", "modules").eq("entity_id", module._id))
      .order("desc")
      .take(MODULE_HISTORY_READ);
    const change = history.find((h) => h.action === "update" && h.created_at >= since && h.changed_fields.includes("credits"));
    if (!change) return;
    const before = change.old_values ? (JSON.parse(change.old_values) as { credits?: number }).credits : undefined;
    this.tally.warn({
      code: "credits_changed",
      message: `${module.code} ${module.title}: credits changed${before !== undefined ? ` from ${before}` : ""} to ${module.credits} during ${year?.name ?? "the source year"}; carried hours follow the new credits.`,
      entity_type: "modules",
      entity_id: module._id,
    });
  }

  // --- allocations ----------------------------------------------------------------

  /** Why a lecturer of the source year has no instance in the new year, or ok when they (would) have one. */
  private async predictLecturer(source: Doc<"lecturers">): Promise<Resolved<Id<"lecturers">>> {
    const profile = await this.ctx.db.get(source.profile_id);
    if (!profile) return { ok: false, reason: "profile_deleted" };
    const statusCode = (await this.status(source.status_id))?.code;
    if (leaverReason(profile, this.p.targetStart, statusCode)) return { ok: false, reason: "leaver" };
    return this.dryRun ? { ok: true, predicted: true } : { ok: false, reason: "lecturer_not_in_year" };
  }

  private resolveLecturer(id: Id<"lecturers">): Promise<Resolved<Id<"lecturers">>> {
    return memo(this.lecturers, id, async () => {
      const source = await this.ctx.db.get(id);
      if (!source) return { ok: false, reason: "lecturer_deleted" };
      const target = await this.targetInstance(source.profile_id);
      if (target) return { ok: true, id: target._id };
      return await this.predictLecturer(source);
    });
  }

  private resolveIteration(id: Id<"module_iterations">): Promise<Resolved<Id<"module_iterations">>> {
    return memo(this.iterations, id, async () => {
      const source = await this.ctx.db.get(id);
      if (!source) return { ok: false, reason: "iteration_deleted" };
      const targets = await this.targetIterations(source.module_id);
      const match = targets.find((t) => t.carried_from_id === source._id) ?? targets.find((t) => t.code === source.code);
      if (match) return { ok: true, id: match._id };
      const module = await this.ctx.db.get(source.module_id);
      if (!module) return { ok: false, reason: "module_deleted" };
      if (module.status === "withdrawn") return { ok: false, reason: "module_withdrawn" };
      return this.dryRun ? { ok: true, predicted: true } : { ok: false, reason: "iteration_not_in_year" };
    });
  }

  private async resolveGroup(
    id: Id<"module_iteration_groups">,
    iteration: Resolved<Id<"module_iterations">> & { ok: true },
  ): Promise<Resolved<Id<"module_iteration_groups">>> {
    const source = await this.ctx.db.get(id);
    if (!source) return { ok: false, reason: "group_deleted" };
    if (!iteration.id) {
      return this.p.options.carry_groups_and_assessments ? { ok: true, predicted: true } : { ok: false, reason: "group_not_in_year" };
    }
    const iterationId = iteration.id;
    const groups = await memo(this.targetGroups, iterationId, () =>
      this.ctx.db.query("module_iteration_groups").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iterationId)).collect(),
    );
    const match = groups.find((g) => g.carried_from_id === source._id) ?? groups.find((g) => g.name === source.name);
    return match ? { ok: true, id: match._id } : { ok: false, reason: "group_not_in_year" };
  }

  /**
   * The source rows already carried into a target iteration's (or lecturer's)
   * allocations, read once per target: a page's allocations mostly share
   * their iteration, so this costs one read per iteration, not per row.
   */
  private carriedSet(table: "module_allocations" | "admin_allocations", targetId: Id<"module_iterations"> | Id<"lecturers">) {
    return memo(this.carriedInto, `${table}:${targetId}`, async () => {
      const rows =
        table === "module_allocations"
          ? await this.ctx.db
              .query("module_allocations")
              .withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", targetId as Id<"module_iterations">))
              .collect()
          : await this.ctx.db
              .query("admin_allocations")
              .withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", targetId as Id<"lecturers">))
              .collect();
      return new Set(rows.map((r) => r.carried_from_id).filter((id): id is NonNullable<typeof id> => id !== undefined));
    });
  }

  private async allocation(row: Doc<"module_allocations">) {
    const lecturer = await this.resolveLecturer(row.lecturer_id);
    const iteration = await this.resolveIteration(row.module_iteration_id);
    const carried = iteration.ok && iteration.id ? await this.carriedSet("module_allocations", iteration.id) : null;
    if (carried?.has(row._id)) {
      this.tally.add("allocations", "existing");
      return;
    }
    if (!lecturer.ok) return this.tally.skip("allocations", lecturer.reason);
    if (!iteration.ok) return this.tally.skip("allocations", iteration.reason);
    let groupId: Id<"module_iteration_groups"> | undefined;
    if (row.group_id) {
      const group = await this.resolveGroup(row.group_id, iteration);
      if (!group.ok) return this.tally.skip("allocations", group.reason);
      groupId = group.id;
    }
    this.tally.add("allocations", "created");
    if (this.dryRun) return;
    const draft = {
      academic_year_id: this.target!,
      module_iteration_id: iteration.id!,
      allocation_type_id: row.allocation_type_id,
      group_id: groupId,
      share: row.share,
      first_time: false,
      hours_override: row.hours_override,
      override_reason: row.override_reason,
    };
    this.loader ??= new WorkloadLoader(this.ctx.db);
    const result = await this.loader.compute(draft);
    const copy = {
      ...this.stamp(),
      ...draft,
      lecturer_id: lecturer.id!,
      computed_hours: result.computed_hours,
      work_category: result.work_category,
      semester_hours: result.semester_hours,
      response_status: "pending" as const,
      notes: row.notes,
      carried_from_id: row._id,
      created_by: this.ctx.viewer?._id,
      version: 1,
    };
    await this.ctx.db.insert("module_allocations", copy);
    carried!.add(row._id);
    this.tally.carried_hours += effectiveHours(copy);
  }

  private async adminAllocation(row: Doc<"admin_allocations">) {
    if (!row.recurring) {
      this.tally.add("admin_allocations", "one_off");
      return;
    }
    const lecturer = await this.resolveLecturer(row.lecturer_id);
    const carried = lecturer.ok && lecturer.id ? await this.carriedSet("admin_allocations", lecturer.id) : null;
    if (carried?.has(row._id)) {
      this.tally.add("admin_allocations", "existing");
      return;
    }
    if (!lecturer.ok) return this.tally.skip("admin_allocations", lecturer.reason);
    if (!(await this.ctx.db.get(row.category_id))) return this.tally.skip("admin_allocations", "category_deleted");
    this.tally.add("admin_allocations", "created");
    if (this.dryRun) return;
    await this.ctx.db.insert("admin_allocations", {
      ...this.stamp(),
      lecturer_id: lecturer.id!,
      category_id: row.category_id,
      description: row.description,
      hours: row.hours,
      percent_of_contract: row.percent_of_contract,
      semester: row.semester,
      recurring: true,
      carried_from_id: row._id,
      version: 1,
    });
    carried!.add(row._id);
  }

  // --- finishing ------------------------------------------------------------------

  /** The new year now says where it came from (the comparison view defaults to it). */
  private async finish(): Promise<JobBatchResult> {
    if (!this.dryRun && this.target) {
      const year = await this.ctx.db.get(this.target);
      if (year && year.rolled_over_from_id !== this.source) {
        await this.ctx.db.patch(this.target, { rolled_over_from_id: this.source, updated_at: this.ctx.now });
      }
    }
    return { done: 1, cursor: null, result: JSON.stringify({ finished_at: this.ctx.now }) };
  }
}

function memo<K extends string, T>(cache: Map<string, Promise<T>>, key: K, load: () => Promise<T>): Promise<T> {
  let hit = cache.get(key);
  if (!hit) {
    hit = load();
    cache.set(key, hit);
  }
  return hit;
}
