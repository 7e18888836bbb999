/**
 * A staff row: a lecturer's profile (who they are, matched by email, then by
 * staff number) and their record in the import's year (FTE, contract, where
 * they work that year). The row's department and team are the year record's;
 * a new profile starts from them, an existing profile's home stays as it is
 * (so an export read back changes nothing).
 */
import type { Doc, Id } from "../_generated/dataModel";
import { appError } from "../lib/errors";
import { claimKey, dateCell, diff, mapped, numberCell, orKept, stampOf, textCell, type Cells, type RowCtx, type RowReport } from "./rowContext";

const FAMILIES = ["teaching_focused", "research_focused", "teaching_and_research", "practitioner"] as const;
type Family = (typeof FAMILIES)[number];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const PROFILE_FIELDS = ["first_name", "last_name", "full_name", "email", "staff_number", "title"] as const;
const LECTURER_FIELDS = [
  "department_id", "team_id", "status_id", "fte", "contract_family", "contract_start", "contract_end",
  "contract_hours_adjustment", "adjustment_reason", "notes",
] as const;

export async function processStaffRow(ctx: RowCtx, cells: Cells, position: number, report: RowReport): Promise<void> {
  const email = textCell(cells, "email")?.toLowerCase();
  const staffNumber = textCell(cells, "staff_number");
  if (!email && !staffNumber) report.error("email", "A lecturer needs an email or a staff number to be matched.");
  if (email && !EMAIL.test(email)) report.error("email", `"${email}" is not an email address.`);

  // Duplicates within the file, by either key.
  for (const [key, column] of [[email && `staff:email:${email}`, "email"], [staffNumber && `staff:number:${staffNumber}`, "staff_number"]] as const) {
    if (!key) continue;
    const owner = await claimKey(ctx, key, position);
    if (owner.position !== position) report.error(column, `Duplicate ${column === "email" ? "email" : "staff number"}: row ${owner.position} already has ${column === "email" ? email : staffNumber}.`);
  }

  // The profile, by email then staff number; both must agree.
  const byEmail = email
    ? await ctx.db.query("lecturer_profiles").withIndex("by_organisation_id_and_email", (q) => q.eq("organisation_id", ctx.organisationId).eq("email", email)).first()
    : null;
  const byNumber = staffNumber
    ? await ctx.db.query("lecturer_profiles").withIndex("by_organisation_id_and_staff_number", (q) => q.eq("organisation_id", ctx.organisationId).eq("staff_number", staffNumber)).first()
    : null;
  if (byEmail && byNumber && byEmail._id !== byNumber._id) {
    report.error("staff_number", `Staff number ${staffNumber} belongs to ${byNumber.full_name}, but ${email} is ${byEmail.full_name}.`);
  }
  const profile = byEmail ?? byNumber;
  const lecturer = profile
    ? await ctx.db.query("lecturers").withIndex("by_profile_id_and_academic_year_id", (q) => q.eq("profile_id", profile._id).eq("academic_year_id", ctx.yearId)).first()
    : null;

  // Values.
  const firstName = textCell(cells, "first_name") ?? profile?.first_name;
  const lastName = textCell(cells, "last_name") ?? profile?.last_name;
  if (!firstName) report.error("first_name", "A new lecturer needs a first name.");
  if (!lastName) report.error("last_name", "A new lecturer needs a last name.");

  let departmentId: Id<"departments"> | undefined = lecturer?.department_id ?? profile?.department_id;
  const departmentCode = textCell(cells, "department");
  if (departmentCode !== undefined) {
    const department = ctx.refs.departments.get(departmentCode.toLowerCase());
    if (!department) report.error("department", `Unknown department code "${departmentCode}".`);
    departmentId = department?._id;
  } else if (mapped(ctx, "department")) {
    // The column is there and empty: the lecturer belongs to no department.
    departmentId = undefined;
  }
  let teamId: Id<"teams"> | undefined = departmentCode === undefined ? (lecturer?.team_id ?? profile?.team_id) : undefined;
  const teamName = textCell(cells, "team");
  if (teamName !== undefined) {
    const team = ctx.refs.team(departmentId, teamName);
    if (!team) report.error("team", `No team "${teamName}" in ${departmentId ? (ctx.refs.departmentById.get(departmentId)?.name ?? "that department") : "the organisation"}.`);
    teamId = team?._id;
    if (team && !departmentId) departmentId = team.department_id;
  } else if (mapped(ctx, "team")) {
    teamId = undefined;
  }

  let statusId: Id<"lecturer_statuses"> | undefined = lecturer?.status_id;
  const statusCode = textCell(cells, "status");
  if (statusCode !== undefined) {
    const status = ctx.refs.statuses.get(statusCode.toLowerCase());
    if (!status) report.error("status", `Unknown lecturer status "${statusCode}" (${[...ctx.refs.statusById.values()].map((s) => s.code).join(", ")}).`);
    statusId = status?._id;
  } else if (mapped(ctx, "status")) {
    statusId = undefined;
  }

  const fte = numberCell(cells, "fte") ?? lecturer?.fte;
  if (fte === undefined) report.error("fte", "A new lecturer needs an FTE between 0 and 1.");
  else if (!Number.isFinite(fte) || fte < 0 || fte > 1) report.error("fte", `FTE must be between 0 and 1 (got ${cells.fte}).`);

  const familyText = textCell(cells, "contract_family")?.toLowerCase().replace(/[\s-]+/g, "_").replace(/_?&_?/g, "_and_");
  const family = (familyText ?? lecturer?.contract_family ?? profile?.default_contract_family) as Family | undefined;
  if (!family) report.error("contract_family", `A new lecturer needs a contract family (${FAMILIES.join(", ")}).`);
  else if (!FAMILIES.includes(family)) report.error("contract_family", `Unknown contract family "${cells.contract_family}" (${FAMILIES.join(", ")}).`);

  const contractStart = dateCell(cells, "contract_start");
  const contractEnd = dateCell(cells, "contract_end");
  if (contractStart === null) report.error("contract_start", `"${cells.contract_start}" is not a date (yyyy-mm-dd).`);
  if (contractEnd === null) report.error("contract_end", `"${cells.contract_end}" is not a date (yyyy-mm-dd).`);
  if (contractStart && contractEnd && contractStart >= contractEnd) report.error("contract_end", "The contract must end after it starts.");
  const adjustment = numberCell(cells, "contract_hours_adjustment");
  if (adjustment !== undefined && !Number.isFinite(adjustment)) report.error("contract_hours_adjustment", `"${cells.contract_hours_adjustment}" is not a number of hours.`);
  const adjustmentReason = textCell(cells, "adjustment_reason");
  if (adjustment && !adjustmentReason) report.error("adjustment_reason", "A contract hours adjustment needs a reason (e.g. new-staff reduction).");

  // Scope: where the lecturer is now and where the row puts them.
  const where = { department_id: departmentId, team_id: teamId };
  if (!ctx.access.has("lecturers.edit", where)) report.error("department", "This lecturer is outside your scope: you may not edit lecturers there.");
  else if (lecturer && !ctx.access.has("lecturers.edit", lecturer)) report.error("department", "This lecturer is outside your scope: you may not edit their record.");
  else if (!lecturer && profile && !ctx.access.has("lecturers.edit", profile)) report.error("department", "This lecturer is outside your scope.");

  if (report.failed) return;

  // The plan.
  const wantedProfile = {
    first_name: firstName!,
    last_name: lastName!,
    full_name: `${firstName} ${lastName}`,
    email: email ?? profile!.email,
    staff_number: staffNumber ?? profile?.staff_number,
    title: orKept(ctx, "title", textCell(cells, "title"), profile?.title),
  };
  if (email && profile && profile.email !== email) {
    const clash = await ctx.db.query("lecturer_profiles").withIndex("by_organisation_id_and_email", (q) => q.eq("organisation_id", ctx.organisationId).eq("email", email)).first();
    if (clash && clash._id !== profile._id) return report.error("email", `${email} already belongs to ${clash.full_name}.`);
  }
  const wantedLecturer = {
    department_id: departmentId,
    team_id: teamId,
    status_id: statusId,
    fte: fte!,
    contract_family: family!,
    contract_start: orKept(ctx, "contract_start", contractStart ?? undefined, lecturer?.contract_start),
    contract_end: orKept(ctx, "contract_end", contractEnd ?? undefined, lecturer?.contract_end),
    contract_hours_adjustment: orKept(ctx, "contract_hours_adjustment", adjustment, lecturer?.contract_hours_adjustment),
    adjustment_reason: orKept(ctx, "adjustment_reason", adjustmentReason, lecturer?.adjustment_reason),
    notes: orKept(ctx, "notes", textCell(cells, "notes"), lecturer?.notes),
  };

  const profileKey = `lecturer_profiles:${wantedProfile.email}`;
  const lecturerKey = `lecturers:${wantedProfile.email}`;
  let profileId = profile?._id;
  if (!profile) {
    report.creates += 1;
    report.target(profileKey, null);
    report.changes.push(`new lecturer ${wantedProfile.full_name} <${wantedProfile.email}>`);
    if (ctx.write) {
      profileId = await ctx.db.insert("lecturer_profiles", {
        organisation_id: ctx.organisationId,
        ...wantedProfile,
        default_contract_family: family!,
        default_fte: fte!,
        department_id: departmentId,
        team_id: teamId,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
    }
  } else {
    report.target(profileKey, stampOf(profile));
    const d = diff(profile as Doc<"lecturer_profiles">, wantedProfile, [...PROFILE_FIELDS], "profile");
    if (d.changed) {
      report.updates += 1;
      report.changes.push(...d.lines);
      if (ctx.write) await ctx.db.patch(profile._id, { ...d.patch, updated_at: ctx.now });
    }
  }

  if (!lecturer) {
    report.creates += 1;
    report.target(lecturerKey, null);
    report.changes.push(`new ${ctx.refs.year.name} record: FTE ${fte}, ${family}`);
    if (ctx.write) {
      await ctx.db.insert("lecturers", {
        organisation_id: ctx.organisationId,
        academic_year_id: ctx.yearId,
        profile_id: profileId!,
        ...wantedLecturer,
        version: 1,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
    }
  } else {
    report.target(lecturerKey, stampOf(lecturer));
    const d = diff(lecturer as Doc<"lecturers">, wantedLecturer, [...LECTURER_FIELDS], ctx.refs.year.name);
    if (d.changed) {
      report.updates += 1;
      report.changes.push(...d.lines);
      if (ctx.write) await ctx.db.patch(lecturer._id, { ...d.patch, version: lecturer.version + 1, updated_at: ctx.now });
    }
  }
  if (ctx.write && !profileId) throw appError("NOT_FOUND", "The lecturer's profile disappeared while importing.");
}
