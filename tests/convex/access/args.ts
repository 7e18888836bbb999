/**
 * Valid arguments for every public function, built from its own argument
 * validator and the fixture: ids are the fixture's rows (a leaf row for
 * deletes), numbers are inside their stated range, texts are named by their
 * field. Where that cannot make a call valid (a restore needs a deleted row,
 * a response needs one's own allocation...), `OVERRIDES` says what to use,
 * and `prepare` sets the scene before the call. The expected outcome is never
 * recorded here: it is derived in expectations.ts.
 */
import type { TableNames } from "../../../convex/_generated/dataModel";
import { asSystem, emailOf, type Fixture } from "./fixture";
import type { PublicFunction, ValidatorJson } from "./functions";
import type { Backend } from "../harness";

let counter = 0;
const unique = () => ++counter;

const NUMBERS: Record<string, number> = {
  share: 50,
  fte: 0.5,
  default_fte: 0.5,
  credits: 20,
  level: 4,
  student_count: 30,
  planned_students: 30,
  intake_month: 9,
  duration_years: 3,
  year_of_study: 1,
  weighting: 50,
  marking_hours_per_script: 1,
  sort_order: 5,
  default_hours: 10,
  default_percent_of_contract: 10,
  hours: 10,
  percent_of_contract: 10,
  max_group_size: 25,
  intakes: 1,
  teaching_weeks: 12,
  contact_hours_override: 10,
  priority: 1,
  min_hours: 0,
  max_hours: 100,
  rounding_step: 0.5,
  contract_hours_adjustment: 0,
  standard_fte_hours: 1650,
  default_max_group_size: 25,
  presence_timeout_seconds: 30,
  limit: 10,
  numItems: 10,
};

function stringFor(field: string): string {
  const n = unique();
  if (/email/i.test(field)) return `m${n}@fixture.test`;
  if (field === "code") return `MX${n}`;
  if (field === "colour") return "#123456";
  if (/start_date$/.test(field) || field === "due_date" || field === "contract_start") return "2026-10-01";
  if (/end_date$/.test(field) || field === "contract_end") return "2027-06-30";
  if (field === "start_time") return "09:00";
  if (field === "end_time") return "10:00";
  if (field === "formula") return "credits * share";
  if (field === "key") return "matrix.key";
  if (field === "location") return "editor";
  if (field === "locale") return "en-GB";
  if (field === "timezone") return "Europe/London";
  if (field === "fileName") return "matrix.csv";
  if (field === "contentType") return "text/csv";
  if (field === "text") return "Lee";
  if (field === "entityType") return "modules";
  return `Matrix ${field} ${n}`;
}

/** The fixture row a `v.id(table)` field names. */
function idFor(fx: Fixture, table: string, field: string): string | undefined {
  if (table === "organisations") return fx.org;
  if (table === "academic_years") return field === "id" ? fx.leaf.academic_years : fx.year;
  if (field === "id" || field === "linkId") return (fx.leaf as any)[table] ?? (fx.rows as any)[table];
  return (fx.rows as any)[table];
}

export type Ctx = { fx: Fixture; fn: PublicFunction };

/** A valid value for `v` (omitting optional fields except places). */
export function valueFor(v: ValidatorJson, field: string, c: Ctx): unknown {
  switch (v.type) {
    case "id":
      return idFor(c.fx, v.tableName!, field);
    case "string":
      return stringFor(field);
    case "number":
    case "float64":
      return NUMBERS[field] ?? 1;
    case "int64":
      return 1n;
    case "boolean":
      return field === "is_active" || field === "available" || field === "enabled";
    case "null":
      return null;
    case "literal":
      return v.value;
    case "union": {
      const options = (v.value as ValidatorJson[]).filter((o) => o.type !== "null");
      return valueFor(options[0] ?? v.value[0], field, c);
    }
    case "array":
      return [];
    case "record":
      return {};
    case "object":
      return objectFor(v.value, c);
    case "any":
      return null;
  }
  throw new Error(`no value for validator ${v.type}`);
}

const PLACES = new Set(["department_id", "scope_department_id"]);

export function objectFor(fields: Record<string, { fieldType: ValidatorJson; optional: boolean }>, c: Ctx) {
  const out: Record<string, unknown> = {};
  for (const [name, { fieldType, optional }] of Object.entries(fields)) {
    if (optional && !(PLACES.has(name) && name !== "scope_department_id")) continue;
    if (name === "paginationOpts") {
      out[name] = { numItems: 10, cursor: null };
      continue;
    }
    out[name] = valueFor(fieldType, name, c);
  }
  return out;
}

/** A row's current version, for `expectedVersion`. */
async function versionOf(t: Backend, id: string | undefined) {
  if (!id) return 1;
  return await t.run(async (ctx) => ((await ctx.db.get(id as any)) as any)?.version ?? 0);
}

type Override = {
  /** Arguments merged over the generated ones. */
  args?: (fx: Fixture) => Record<string, unknown>;
  /** Sets the scene (as the system) before the call: e.g. deletes the row a restore brings back. */
  prepare?: (db: any, fx: Fixture) => Promise<void>;
  /** The row whose version `expectedVersion` names. */
  versionOf?: (fx: Fixture, args: Record<string, any>) => string | undefined;
};

const softDelete = (id: string | undefined) => async (db: any) => {
  await db.patch(id, { deleted_at: Date.now() });
};

/** What generic generation from the validators cannot know. */
export const OVERRIDES: Record<string, Override> = {
  "workload/allocations:respond": { args: (fx) => ({ allocationId: fx.ownAllocation, status: "accepted" }) },
  "workload/allocations:restore": { prepare: async (db, fx) => softDelete(fx.rows.module_allocations)(db) },
  "structure/academicYears:restore": {
    // A year goes with its own configuration (structure/academicYears:remove).
    prepare: async (db, fx) => {
      for (const table of ["semester_periods", "workload_calculation_rules"]) {
        for (const r of await db.query(table).withIndex("by_academic_year_id", (q: any) => q.eq("academic_year_id", fx.staging)).collect()) {
          await db.patch(r._id, { deleted_at: Date.now() });
        }
      }
      for (const s of await db.query("organisation_settings").withIndex("by_academic_year_id", (q: any) => q.eq("academic_year_id", fx.staging)).collect()) {
        await db.delete(s._id);
      }
      await db.patch(fx.staging, { deleted_at: Date.now() });
    },
  },
  "jobs/jobs:resume": { prepare: async (db, fx) => db.patch(fx.rows.jobs, { status: "cancelled", finished_at: Date.now() }) },
  "workload/rules:restore": { prepare: async (db, fx) => softDelete(fx.rows.workload_calculation_rules)(db) },
  "workload/rules:create": { args: () => ({ rule: ruleInput() }) },
  "workload/rules:preview": { args: () => ({ rule: ruleInput() }) },
  "workload/settings:update": {
    args: () => ({ patch: {} }),
    versionOf: (fx) => fx.rows.organisation_settings,
  },
  "staff/adminAllocations:create": { args: () => ({ hours: 10 }) },
  "staff/lecturers:addToYear": { args: (fx) => ({ academicYearId: fx.staging }) },
  "structure/academicYears:create": { args: () => ({ name: `Matrix year ${unique()}`, start_date: "2030-09-01", end_date: "2031-08-31" }) },
  // The active year rolled into a new one (the target's union: the generator would pick its first, an existing year, itself).
  "structure/rollover:start": { args: (fx) => ({ sourceYearId: fx.year, target: rolloverTarget() }) },
  "structure/rollover:preview": { args: (fx) => ({ sourceYearId: fx.year, target: rolloverTarget() }) },
  "structure/rollover:saveOptions": { args: (fx) => ({ sourceYearId: fx.year, autoOn: null }) },
  // Only the active year can be locked; only a locked one unlocked.
  "structure/academicYears:lock": { args: (fx) => ({ id: fx.year }) },
  "structure/academicYears:unlock": { args: (fx) => ({ id: fx.year }), prepare: async (db, fx) => db.patch(fx.year, { status: "locked" }) },
  "workload/yearComparison:compare": { args: (fx) => ({ fromYearId: fx.year, toYearId: fx.staging }) },
  "workload/sheet:get": { args: (fx) => ({ academicYearId: fx.year, departmentId: fx.home }) },
  // A failed rollover run that built the staging year: what a discard takes.
  "structure/rollover:discard": {
    args: (fx) => ({ jobId: fx.rows.jobs }),
    prepare: async (db, fx) =>
      db.patch(fx.rows.jobs, {
        kind: "rollover",
        dry_run: false,
        status: "failed",
        finished_at: Date.now(),
        params: JSON.stringify({ sourceYearId: fx.year, targetYearId: fx.staging, createdTarget: true, options: {} }),
      }),
  },
  // One empty cell of the fixture's home iteration filled with a share.
  "workload/cells:preview": { args: (fx) => ({ cells: [newCell(fx)] }) },
  "workload/cells:apply": { args: (fx) => ({ cells: [newCell(fx)] }) },
  // A share or hours is required (both optional in the validator).
  "workload/allocations:create": { args: () => ({ share: 50 }) },
  "tagging/tags:attach": { args: (fx) => ({ tagId: fx.leaf.tags, entityType: "modules", entityId: fx.rows.modules }) },
  "tagging/tags:forEntity": { args: (fx) => ({ entityType: "modules", entityId: fx.rows.modules }) },
  "files/attachments:forEntity": { args: (fx) => ({ entityType: "modules", entityId: fx.rows.modules }) },
  "files/attachments:save": { args: (fx) => ({ storageId: fx.storageId, entityType: "modules", entityId: fx.rows.modules }) },
  "audit/logs:history": { args: (fx) => ({ entityType: "modules", entityId: fx.rows.modules }) },
  // One's own allocation: the Lecturer sees its history without audit.view.
  "audit/logs:historyOf": { args: (fx) => ({ subject: { kind: "allocation", id: fx.ownAllocation } }) },
  "reports/templates:create": { args: () => ({ kind: "workload_summary", formats: ["csv"] }) },
  "reports/templates:update": { args: () => ({ kind: "workload_summary", formats: ["csv"] }) },
  "reports/schedules:create": { args: (fx) => ({ localTime: "08:00", timezone: "Europe/London", weekday: 1, recipients: [{ kind: "user", user_id: fx.users.admin }] }) },
  "reports/schedules:update": { args: (fx) => ({ localTime: "08:00", timezone: "Europe/London", weekday: 1, recipients: [{ kind: "user", user_id: fx.users.admin }] }) },
  "reports/executions:run": { args: (fx) => ({ templateId: fx.rows.report_templates }) },
  "reports/executions:deliveries": { args: (fx) => ({ reportId: fx.rows.workload_reports }) },
  "workload/suggestions:start": { args: () => ({ strategy: "balance", stepPercent: 50, timeLimitSeconds: 5 }) },
  "workload/suggestions:accept": { args: (fx) => ({ lineIds: [fx.rows.allocation_suggestion_lines] }) },
  // A member asks for the record with their own email: the leaf profile carries the Admin's (unlinked) address.
  "imports/feeds:createKey": { args: (fx) => ({ externalSystemId: fx.rows.external_systems, name: "matrix key", kinds: ["staff"] }) },
  "people/links:request": {
    args: (fx) => ({ profileId: fx.leaf.lecturer_profiles }),
    prepare: async (db, fx) => db.patch(fx.leaf.lecturer_profiles, { email: emailOf("admin") }),
  },
  // The spare member has asked to be linked to the leaf profile.
  "people/links:decide": {
    args: (fx) => ({ userId: fx.users.spare, approve: true }),
    prepare: async (db, fx) => db.patch(fx.users.spare, { link_request_profile_id: fx.leaf.lecturer_profiles, link_requested_at: Date.now() }),
  },
  "organisations/membership:create": {
    args: () => ({ code: `M${unique()}`, firstYear: { name: "2026/27", start_date: "2026-09-01", end_date: "2027-08-31" } }),
  },
};

function newCell(fx: Fixture) {
  return { iterationId: fx.leaf.module_iterations, lecturerId: fx.rows.lecturers, allocationTypeId: fx.rows.allocation_types, expectedVersion: null, value: { share: 50 } };
}

function rolloverTarget() {
  return { kind: "new", name: `Rolled ${unique()}`, start_date: "2029-09-01", end_date: "2030-08-31" };
}

function ruleInput() {
  return {
    name: `Matrix rule ${unique()}`,
    formula: "credits * share",
    conditions: {},
    priority: 1,
    rounding: "none",
    rounding_step: 0,
    is_active: false,
  };
}

/** Restores need their row deleted first; the crud ones follow one pattern. */
function crudPrepare(fn: PublicFunction, fx: Fixture): Override["prepare"] | undefined {
  if (fn.exportName !== "restore" || OVERRIDES[fn.name]?.prepare) return undefined;
  return async (db) => {
    const id = fnIdArg(fn, fx);
    if (id) await db.patch(id, { deleted_at: Date.now() });
  };
}

/** The row a crud function's `id` names. */
function fnIdArg(fn: PublicFunction, fx: Fixture): string | undefined {
  const id = fn.args.value?.id?.fieldType;
  return id?.type === "id" ? idFor(fx, id.tableName, "id") : undefined;
}

/** Valid arguments for `fn` against the fixture of backend `t`, after setting its scene. */
export async function validArgs(t: Backend, fx: Fixture, fn: PublicFunction): Promise<Record<string, unknown>> {
  const c = { fx, fn };
  const override = OVERRIDES[fn.name] ?? {};
  const prepare = override.prepare ?? crudPrepare(fn, fx);
  if (prepare) await asSystem(t, (db) => prepare(db, fx));
  const args = { ...objectFor(fn.args.value ?? {}, c), ...(override.args?.(fx) ?? {}) } as Record<string, any>;
  if ("expectedVersion" in args || fn.args.value?.expectedVersion) {
    const target = override.versionOf?.(fx, args) ?? args.id ?? args.allocationId ?? args.ruleId;
    args.expectedVersion = await versionOf(t, target);
  }
  return args;
}

export type { TableNames };
