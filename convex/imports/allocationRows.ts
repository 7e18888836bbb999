/**
 * An allocation row: a lecturer's share of one component (allocation type)
 * of an iteration, or of one of its groups, matched by those natural keys
 * (iteration code, type, group, lecturer by email or staff number). It sets
 * the share, first time, an override with its reason, and notes; the hours
 * are the engine's. Writes go through the editor's own create and update
 * (workload/allocations.ts), so an import is audited, moves the totals and
 * tells the lecturer like any edit.
 */
import type { Doc } from "../_generated/dataModel";
import { createAllocation, updateAllocation, type AllocationWriteCtx } from "../workload/allocations";
import type { WorkloadLoader } from "../workload/loader";
import { booleanCell, claimKey, diff, mapped, numberCell, orKept, stampOf, textCell, type Cells, type RowCtx, type RowReport } from "./rowContext";

const ALLOCATION_FIELDS = ["share", "first_time", "hours_override", "override_reason", "notes"] as const;

async function findLecturer(ctx: RowCtx, email: string | undefined, staffNumber: string | undefined) {
  const profile =
    (email
      ? await ctx.people.query("lecturer_profiles").withIndex("by_organisation_id_and_email", (q) => q.eq("organisation_id", ctx.organisationId).eq("email", email)).first()
      : null) ??
    (staffNumber
      ? await ctx.people.query("lecturer_profiles").withIndex("by_organisation_id_and_staff_number", (q) => q.eq("organisation_id", ctx.organisationId).eq("staff_number", staffNumber)).first()
      : null);
  if (!profile) return { profile: null, lecturer: null };
  const lecturer = await ctx.people.query("lecturers").withIndex("by_profile_id_and_academic_year_id", (q) => q.eq("profile_id", profile._id).eq("academic_year_id", ctx.yearId)).first();
  return { profile, lecturer };
}

export async function processAllocationRow(ctx: RowCtx, cells: Cells, position: number, report: RowReport, loader: WorkloadLoader): Promise<void> {
  const yearName = textCell(cells, "academic_year");
  if (yearName && yearName !== ctx.refs.year.name) report.warn("academic_year", `The row says ${yearName}; it is imported into ${ctx.refs.year.name}.`);

  // The iteration, and the module it belongs to.
  const iterationCode = textCell(cells, "iteration_code");
  let iteration: Doc<"module_iterations"> | null = null;
  if (!iterationCode) report.error("iteration_code", "A row needs the iteration's code.");
  else {
    iteration = await ctx.db.query("module_iterations").withIndex("by_academic_year_id_and_code", (q) => q.eq("academic_year_id", ctx.yearId).eq("code", iterationCode)).first();
    if (!iteration) report.error("iteration_code", `Unknown iteration code "${iterationCode}" in ${ctx.refs.year.name}.`);
  }
  const moduleCode = textCell(cells, "module_code");
  const module = iteration ? await ctx.db.get(iteration.module_id) : null;
  if (moduleCode && iteration) {
    if (!module || module.code.toLowerCase() !== moduleCode.toLowerCase()) {
      report.error("module_code", `Unknown module code "${moduleCode}" for ${iterationCode} (its module is ${module?.code ?? "missing"}).`);
    }
  } else if (moduleCode && !iteration && iterationCode) {
    const known = await ctx.db.query("modules").withIndex("by_organisation_id_and_code", (q) => q.eq("organisation_id", ctx.organisationId).eq("code", moduleCode)).first();
    if (!known) report.error("module_code", `Unknown module code "${moduleCode}".`);
  }

  // The component and the group.
  const typeText = textCell(cells, "allocation_type");
  const type = typeText ? ctx.refs.allocationTypes.get(typeText.toLowerCase()) : undefined;
  if (!typeText) report.error("allocation_type", "A row needs the allocation type (contact, marking, ...).");
  else if (!type) report.error("allocation_type", `Unknown allocation type "${typeText}".`);
  const groupName = textCell(cells, "group");
  let group: Doc<"module_iteration_groups"> | null = null;
  if (groupName && iteration) {
    const groups = await ctx.db.query("module_iteration_groups").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iteration._id)).collect();
    group = groups.find((g) => g.name === groupName) ?? groups.find((g) => g.name.toLowerCase() === groupName.toLowerCase()) ?? null;
    if (!group) report.error("group", `${iterationCode} has no group "${groupName}" (${groups.map((g) => g.name).join(", ") || "no groups"}).`);
  }
  if (group && type?.basis === "iteration") report.error("group", `${type.name} is shared per iteration, not per group; leave the group empty.`);

  // The lecturer.
  const email = textCell(cells, "lecturer_email")?.toLowerCase();
  const staffNumber = textCell(cells, "staff_number");
  const { profile, lecturer } = await findLecturer(ctx, email, staffNumber);
  if (!email && !staffNumber) report.error("lecturer_email", "A row needs the lecturer's email or staff number.");
  else if (!profile) report.error("lecturer_email", `Unknown lecturer ${email ?? staffNumber}.`);
  else if (!lecturer) report.error("lecturer_email", `${profile.full_name} has no record in ${ctx.refs.year.name}: import them with the staff file first.`);
  // An allocation is changed by its module's department (decisions.md): the iteration's stored place decides.
  if (iteration && !ctx.access.has("allocations.edit", { department_id: iteration.department_id ?? module?.department_id })) {
    report.error("iteration_code", `${iterationCode} is taught outside your scope: you may not allocate on it.`);
  }

  // Values.
  const share = numberCell(cells, "share");
  if (share === undefined) report.error("share", "A row needs the lecturer's share (a percentage above 0, at most 100).");
  else if (!Number.isFinite(share)) report.error("share", `"${cells.share}" is not a percentage.`);
  else if (share > 100) report.error("share", `Share over 100%: ${share}%.`);
  else if (share <= 0) report.error("share", `A share is a percentage above 0 (got ${share}).`);
  const firstTime = booleanCell(cells, "first_time");
  if (firstTime === null) report.error("first_time", `"${cells.first_time}" is not yes or no.`);
  const override = numberCell(cells, "hours_override");
  if (override !== undefined && !Number.isFinite(override)) report.error("hours_override", `"${cells.hours_override}" is not a number of hours.`);
  else if (override !== undefined && override < 0) report.error("hours_override", `Negative hours: an override is 0 or more (got ${override}).`);
  const reason = textCell(cells, "override_reason");
  if (override !== undefined && !reason) report.error("override_reason", "An override of the computed hours needs a reason.");
  if (report.failed || !iteration || !type || !lecturer || !profile) return;

  // Duplicates within the file, and the component's shares so far.
  const natural = `allocation:${iteration.code}:${type.code}:${group?.name ?? ""}:${profile.email}`;
  const dup = await claimKey(ctx, natural, position);
  if (dup.position !== position) return report.error("lecturer_email", `Duplicate row: row ${dup.position} already allocates ${profile.full_name} to ${type.name} on ${iteration.code}${group ? ` ${group.name}` : ""}.`);

  const siblings = await ctx.db.query("module_allocations").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iteration._id)).collect();
  const component = siblings.filter((s) => s.allocation_type_id === type._id && s.group_id === group?._id);
  const existing = component.find((s) => s.lecturer_id === lecturer._id) ?? null;
  const others = component.filter((s) => s !== existing).reduce((sum, s) => sum + s.share, 0);
  if (others + share! > 100 + 1e-9) {
    report.warn("share", `Shares of ${type.name} on ${iteration.code}${group ? ` ${group.name}` : ""} would add up to ${Math.round((others + share!) * 100) / 100}% with this row.`);
  }

  const wanted = {
    share: share!,
    first_time: firstTime ?? (mapped(ctx, "first_time") ? false : (existing?.first_time ?? false)),
    hours_override: orKept(ctx, "hours_override", override, existing?.hours_override),
    override_reason: override === undefined && !mapped(ctx, "hours_override") ? existing?.override_reason : reason,
    notes: orKept(ctx, "notes", textCell(cells, "notes"), existing?.notes),
  };
  const key = `module_allocations:${natural.slice("allocation:".length)}`;
  if (!existing) {
    report.creates += 1;
    report.target(key, null);
    report.changes.push(`new allocation: ${profile.full_name}, ${share}% of ${type.name} on ${iteration.code}${group ? ` ${group.name}` : ""}${override !== undefined ? `, ${override} h (${reason})` : ""}`);
    if (ctx.write) {
      await createAllocation(writeCtx(ctx), {
        iterationId: iteration._id,
        lecturerId: lecturer._id,
        allocationTypeId: type._id,
        groupId: group?._id,
        share: wanted.share,
        firstTime: wanted.first_time,
        hoursOverride: wanted.hours_override,
        overrideReason: wanted.override_reason,
        notes: wanted.notes,
      }, loader);
    }
    return;
  }
  report.target(key, stampOf(existing));
  const d = diff(existing as Doc<"module_allocations">, wanted, [...ALLOCATION_FIELDS], "allocation");
  if (!d.changed) return;
  report.updates += 1;
  report.changes.push(...d.lines);
  if (ctx.write) {
    await updateAllocation(writeCtx(ctx), existing, {
      share: wanted.share,
      firstTime: wanted.first_time,
      hoursOverride: wanted.hours_override ?? null,
      overrideReason: wanted.override_reason ?? "",
      notes: wanted.notes ?? "",
    }, loader);
  }
}

/** The one allocation write path's context: the job's actor (a person, or a feed's API key with its scope). */
function writeCtx(ctx: RowCtx): AllocationWriteCtx {
  return {
    db: ctx.db,
    dbWithDeleted: ctx.dbWithDeleted,
    scheduler: ctx.scheduler,
    viewer: ctx.viewer,
    access: ctx.access,
    organisationId: ctx.organisationId,
    now: ctx.now,
    directory: ctx.directory,
  };
}
