/**
 * Creating an organisation and its academic years with everything they need
 * to be usable at once: reference data, default roles, settings and starter
 * calculation rules. Plain functions over a (trigger-wrapped) writer, shared by
 * the public mutations, the seed and the tests.
 */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Id } from "../_generated/dataModel";
import { DEFAULT_ROLES } from "../lib/permissions";
import {
  DEFAULT_ADMIN_CATEGORIES,
  DEFAULT_ASSESSMENT_TYPES,
  DEFAULT_LECTURER_STATUSES,
  DEFAULT_ORGANISATION_SETTINGS,
  DEFAULT_USER_ROLES,
} from "../lib/referenceDefaults";
import { DEFAULT_ALLOCATION_TYPES, DEFAULT_RULES, DEFAULT_SETTINGS } from "../lib/workload/defaults";

type Writer = GenericDatabaseWriter<DataModel>;

export type YearInput = { name: string; start_date: string; end_date: string };

/** Reference data and default roles of a new organisation; returns the Admin role. */
export async function seedOrganisationDefaults(db: Writer, organisationId: Id<"organisations">, now: number) {
  const base = { organisation_id: organisationId, created_at: now, updated_at: now };
  for (const r of DEFAULT_USER_ROLES) await db.insert("user_roles", { ...base, ...r });
  for (const s of DEFAULT_LECTURER_STATUSES) await db.insert("lecturer_statuses", { ...base, ...s });
  for (const c of DEFAULT_ADMIN_CATEGORIES) await db.insert("admin_allocation_categories", { ...base, ...c });
  for (const a of DEFAULT_ASSESSMENT_TYPES) await db.insert("assessment_types", { ...base, ...a });
  for (const a of DEFAULT_ALLOCATION_TYPES) await db.insert("allocation_types", { ...base, ...a });
  let adminRoleId: Id<"roles"> | null = null;
  for (const role of DEFAULT_ROLES) {
    const id = await db.insert("roles", { ...base, ...role, permissions: [...role.permissions], is_system: true });
    if (role.name === "Admin") adminRoleId = id;
  }
  return { adminRoleId: adminRoleId! };
}

/** Splits a year's dates into two semesters at the midpoint (editable afterwards). */
function defaultSemesters(year: YearInput) {
  const start = Date.parse(year.start_date);
  const end = Date.parse(year.end_date);
  const mid = new Date(start + (end - start) / 2).toISOString().slice(0, 10);
  return [
    { code: "S1" as const, name: "Semester 1", start_date: year.start_date, end_date: mid },
    { code: "S2" as const, name: "Semester 2", start_date: mid, end_date: year.end_date },
  ];
}

/**
 * A new academic year with its semesters, settings and rules. Settings and
 * rules are copied from `copyFrom` (so a staging year starts as the active one
 * stands) or taken from the defaults; either way they belong to this year only.
 */
export async function createAcademicYear(
  db: Writer,
  organisationId: Id<"organisations">,
  year: YearInput & { status: "active" | "staging" },
  now: number,
  copyFrom?: Id<"academic_years">,
  createdBy?: Id<"users">,
) {
  const base = { organisation_id: organisationId, created_at: now, updated_at: now };
  const yearId = await db.insert("academic_years", { ...base, ...year, rolled_over_from_id: copyFrom });
  const teachingWeeksEach = DEFAULT_SETTINGS.teaching_weeks / 2;
  for (const s of defaultSemesters(year)) {
    await db.insert("semester_periods", { ...base, academic_year_id: yearId, ...s, teaching_weeks: teachingWeeksEach });
  }
  const source = copyFrom
    ? await db
        .query("organisation_settings")
        .withIndex("by_organisation_id_and_academic_year_id", (q) =>
          q.eq("organisation_id", organisationId).eq("academic_year_id", copyFrom),
        )
        .unique()
    : null;
  // The source's automatic rollover date is its own; the saved rollover options carry on.
  const { _id, _creationTime, rollover_auto_on: _auto, ...copied } = source ?? ({} as any);
  await db.insert("organisation_settings", {
    ...DEFAULT_SETTINGS,
    ...DEFAULT_ORGANISATION_SETTINGS,
    ...copied,
    ...base,
    academic_year_id: yearId,
    version: 1,
  });
  const sourceRules = copyFrom
    ? await db.query("workload_calculation_rules").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", copyFrom)).collect()
    : null;
  const rules = sourceRules
    ? sourceRules.filter((r) => r.deleted_at === undefined).map(({ _id, _creationTime, ...r }) => r)
    : DEFAULT_RULES.map((r) => ({ ...r, is_active: true }));
  for (const rule of rules) {
    await db.insert("workload_calculation_rules", {
      ...rule,
      ...base,
      academic_year_id: yearId,
      version: 1,
      created_by: createdBy,
    });
  }
  return yearId;
}
