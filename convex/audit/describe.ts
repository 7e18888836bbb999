/**
 * The audit trail in words: each row names the entity ("Allocation: Gareth
 * Rossi · CS401-A · Preparation") and its change ("share 50% → 40%, hours
 * 25 → 20"), with ids turned into the names they point at and values in
 * their units. The audit trigger (lib/audit.ts) stores raw field values;
 * this is the one place that reads them back for people.
 */
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc, Id, TableNames } from "../_generated/dataModel";

type Reader = GenericDatabaseReader<DataModel>;

/** What people call each kind of row. */
export const ENTITY_KINDS: Partial<Record<TableNames, string>> = {
  module_allocations: "Allocation",
  admin_allocations: "Admin allocation",
  lecturers: "Lecturer",
  lecturer_profiles: "Lecturer profile",
  module_iterations: "Iteration",
  module_iteration_groups: "Group",
  module_iteration_assessments: "Assessment",
  modules: "Module",
  courses: "Course",
  cohorts: "Cohort",
  workload_calculation_rules: "Calculation rule",
  organisation_settings: "Workload settings",
  academic_years: "Academic year",
  users: "Member",
  roles: "Role",
  user_role_assignments: "Role assignment",
  sites: "Site",
  departments: "Department",
  teams: "Team",
  faculties: "Faculty",
  allocation_types: "Allocation type",
  assessment_types: "Assessment type",
  lecturer_statuses: "Lecturer status",
  admin_allocation_categories: "Admin category",
  lecturer_availability: "Availability",
  lecturer_specialisations: "Specialisation",
  notification_settings: "Notification settings",
};

/** Field names as people say them; fields not listed are shown with underscores as spaces. */
const FIELD_LABELS: Record<string, string> = {
  share: "share",
  computed_hours: "hours",
  hours_override: "hours override",
  override_reason: "override reason",
  lecturer_id: "lecturer",
  allocation_type_id: "component",
  group_id: "group",
  module_iteration_id: "iteration",
  module_id: "module",
  department_id: "department",
  team_id: "team",
  faculty_id: "faculty",
  profile_id: "lecturer",
  status_id: "status",
  category_id: "category",
  role_id: "role",
  user_id: "member",
  lecturer_profile_id: "lecturer record",
  scope_department_id: "scoped to department",
  scope_team_id: "scoped to team",
  response_status: "answer",
  response_comment: "lecturer's comment",
  reply: "planner's answer",
  first_time: "first delivery",
  fte: "FTE",
  student_count: "students",
  semester_hours: "hours by semester",
  contract_hours_adjustment: "contract adjustment",
  adjustment_reason: "adjustment reason",
  full_name: "name",
  is_active: "active",
  expires_at: "expires",
  deleted_at: "deleted",
};

/** Kept on the row for the system's own use; a reader of the trail learns nothing from them. */
const HIDDEN_FIELDS = new Set([
  "organisation_id",
  "academic_year_id",
  "created_at",
  "updated_at",
  "created_by",
  "updated_by",
  "version",
  "responded_at",
  "replied_at",
  "replied_by",
  "work_category",
  "token_identifier",
  "last_seen_at",
  "link_requested_at",
  "deleted_at",
]);

/** Fields that name the entity: its label says them already, so a "created" line leaves them out. */
const IDENTITY_FIELDS: Partial<Record<TableNames, Set<string>>> = {
  module_allocations: new Set(["lecturer_id", "module_iteration_id", "allocation_type_id", "group_id"]),
  admin_allocations: new Set(["lecturer_id", "category_id"]),
  lecturers: new Set(["profile_id"]),
  module_iteration_groups: new Set(["module_iteration_id", "name"]),
  user_role_assignments: new Set(["user_id", "role_id"]),
};

/** What a reader looks for first; the rest follow by name. */
const FIRST_FIELDS = ["share", "computed_hours", "hours_override", "override_reason", "lecturer_id", "fte", "student_count"];

const PERCENT_FIELDS = new Set(["share", "percent_of_contract", "default_percent_of_contract"]);
const HOURS_FIELDS = new Set(["computed_hours", "hours_override", "hours", "contract_hours_adjustment", "default_hours", "min_hours", "max_hours"]);

export type ChangeLine = { label: string; before: string; after: string };

/** Resolves ids to names once per call. */
export class AuditDescriber {
  private cache = new Map<string, Promise<string>>();

  constructor(private readonly db: Reader) {}

  /** "Allocation: Gareth Rossi · CS401-A · Preparation"; falls back on the values the audit row kept. */
  async entityLabel(table: string, id: string, values: Record<string, unknown>): Promise<string> {
    const kind = ENTITY_KINDS[table as TableNames] ?? table.replace(/_/g, " ");
    const doc = (await this.getAny(id)) ?? (values as Record<string, unknown>);
    return `${kind}: ${await this.nameOf(table, doc, true)}`;
  }

  /** The changed fields in words, old → new. */
  async changes(table: string, fields: string[], before: Record<string, unknown>, after: Record<string, unknown>): Promise<ChangeLine[]> {
    const lines: ChangeLine[] = [];
    const creating = Object.keys(before).length === 0;
    const identity = IDENTITY_FIELDS[table as TableNames];
    const rank = (f: string) => (FIRST_FIELDS.includes(f) ? FIRST_FIELDS.indexOf(f) : FIRST_FIELDS.length);
    const shown = fields
      .filter((f) => !HIDDEN_FIELDS.has(f) && !(creating && identity?.has(f)))
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    // Hours by semester follow the hours; repeating them says nothing new.
    const skipSemesters = shown.includes("computed_hours") || shown.includes("hours_override");
    for (const field of shown) {
      if (field === "semester_hours" && skipSemesters) continue;
      lines.push({
        label: FIELD_LABELS[field] ?? field.replace(/_id$/, "").replace(/_/g, " "),
        before: await this.value(field, before[field]),
        after: await this.value(field, after[field]),
      });
    }
    return lines;
  }

  /** "share 50% → 40%, hours 25 → 20" */
  static summary(action: Doc<"audit_logs">["action"], lines: ChangeLine[]): string {
    if (action === "soft_delete") return "removed";
    if (action === "delete") return "deleted";
    if (action === "restore") return "restored";
    if (action === "create") {
      const set = lines.filter((l) => l.after !== "—").map((l) => `${l.label} ${l.after}`);
      return set.length ? `created: ${set.join(", ")}` : "created";
    }
    return lines.map((l) => `${l.label} ${l.before} → ${l.after}`).join(", ") || "changed";
  }

  private async value(field: string, v: unknown): Promise<string> {
    if (v === undefined || v === null || v === "") return "—";
    if (typeof v === "boolean") return v ? "yes" : "no";
    if (typeof v === "number") {
      if (field.endsWith("_at")) return new Date(v).toISOString().slice(0, 10);
      const n = Number(v.toFixed(2)).toLocaleString("en-GB");
      if (PERCENT_FIELDS.has(field)) return `${n}%`;
      if (HOURS_FIELDS.has(field)) return `${n} h`;
      return n;
    }
    if (typeof v === "string") {
      if (field.endsWith("_id") && (await this.getAny(v))) return await this.nameOfId(v);
      // Enumerations ("teaching_focused") read as words; free text as it was typed.
      return /^[a-z0-9]+(_[a-z0-9]+)+$/.test(v) ? v.replace(/_/g, " ") : v;
    }
    if (field === "semester_hours" && typeof v === "object") {
      const parts = Object.entries(v as Record<string, number>)
        .filter(([, h]) => h > 0)
        .map(([s, h]) => `${s} ${Number(h.toFixed(2)).toLocaleString("en-GB")} h`);
      return parts.length ? parts.join(", ") : "0 h";
    }
    if (Array.isArray(v)) return v.length ? v.map(String).join(", ") : "none";
    if (typeof v === "object") {
      const parts = Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => `${k.replace(/_/g, " ")} ${Array.isArray(x) ? x.join("/") : String(x)}`);
      return parts.length ? parts.join("; ") : "—";
    }
    return String(v);
  }

  private async getAny(id: string): Promise<Record<string, unknown> | null> {
    try {
      const table = tableOf(this.db, id);
      if (!table) return null;
      return (await this.db.get(id as Id<typeof table>)) as Record<string, unknown> | null;
    } catch {
      return null;
    }
  }

  private nameOfId(id: string): Promise<string> {
    let hit = this.cache.get(id);
    if (!hit) {
      hit = (async () => {
        const table = tableOf(this.db, id);
        const doc = await this.getAny(id);
        return table && doc ? await this.nameOf(table, doc) : "(deleted)";
      })();
      this.cache.set(id, hit);
    }
    return hit;
  }

  /** A row's name: for rows named by what they link, the names of what they link. */
  private async nameOf(table: string, doc: Record<string, unknown>, asEntity = false): Promise<string> {
    const ref = async (field: string) => (typeof doc[field] === "string" ? await this.nameOfId(doc[field] as string) : "?");
    switch (table) {
      case "module_allocations": {
        const group = doc.group_id ? ` (${await ref("group_id")})` : "";
        return `${await ref("lecturer_id")} · ${await ref("module_iteration_id")} · ${await ref("allocation_type_id")}${group}`;
      }
      case "admin_allocations":
        return `${await ref("lecturer_id")} · ${await ref("category_id")}`;
      case "lecturers": {
        // A lecturer's year record is named with its year; a reference to it by the name alone.
        const year = asEntity && typeof doc.academic_year_id === "string" ? ` (${await this.nameOfId(doc.academic_year_id)})` : "";
        return `${await ref("profile_id")}${year}`;
      }
      case "module_iteration_groups":
        return `${await ref("module_iteration_id")} ${String(doc.name ?? "")}`.trim();
      case "module_iteration_assessments":
        return `${await ref("module_iteration_id")} ${String(doc.name ?? "")}`.trim();
      case "modules":
        return `${String(doc.code ?? "")} ${String(doc.title ?? "")}`.trim();
      case "user_role_assignments":
        return `${await ref("role_id")} for ${await ref("user_id")}`;
      case "organisation_settings":
      case "notification_settings":
        return typeof doc.academic_year_id === "string" ? await this.nameOfId(doc.academic_year_id) : typeof doc.user_id === "string" ? await ref("user_id") : "";
      case "lecturer_availability":
      case "lecturer_specialisations":
        return `${await ref("lecturer_profile_id")}${doc.subject ? ` · ${String(doc.subject)}` : doc.reason ? ` · ${String(doc.reason)}` : ""}`;
      default:
        return String(doc.full_name ?? doc.name ?? doc.code ?? doc.title ?? doc.email ?? doc._id ?? "");
    }
  }
}

/** The table an id belongs to, or null when the string is not an id of this deployment. */
function tableOf(db: Reader, id: string): TableNames | null {
  for (const table of ID_TABLES) if (db.normalizeId(table, id)) return table;
  return null;
}

/** Tables whose ids appear in audited rows (foreign keys). */
const ID_TABLES: TableNames[] = [
  "lecturers",
  "lecturer_profiles",
  "module_iterations",
  "module_iteration_groups",
  "modules",
  "allocation_types",
  "academic_years",
  "departments",
  "teams",
  "faculties",
  "sites",
  "users",
  "roles",
  "lecturer_statuses",
  "admin_allocation_categories",
  "assessment_types",
  "courses",
  "cohorts",
  "module_allocations",
  "admin_allocations",
  "workload_calculation_rules",
];
