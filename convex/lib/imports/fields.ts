/**
 * The fields an import reads, per kind, and how a file's columns are mapped
 * to them. Pure TypeScript, shared by the server (convex/imports/) and the
 * import wizard (src/features/import/), so both name columns alike.
 *
 * The field names are the export's own headers (convex/reports/model.ts:
 * allocation, staff and modules exports), so an export's file maps itself;
 * other files are matched by normalised header ("Staff No." -> staff_number)
 * and by synonyms, and an organisation's remembered mapping comes first.
 */

export type ImportKindName = "staff" | "modules" | "allocations";

export type FieldSpec = {
  field: string;
  label: string;
  /** Needed to create what the row describes (an update may leave it empty). */
  required?: boolean;
  /** Other headers people use for it. */
  synonyms?: string[];
};

const f = (field: string, label: string, extra: Omit<FieldSpec, "field" | "label"> = {}): FieldSpec => ({ field, label, ...extra });

export const IMPORT_FIELDS: Record<ImportKindName, FieldSpec[]> = {
  staff: [
    f("email", "Email", { required: true, synonyms: ["email address", "e-mail", "work email", "lecturer email"] }),
    f("staff_number", "Staff number", { synonyms: ["staff no", "staff id", "employee number", "employee id", "payroll number"] }),
    f("title", "Title", { synonyms: ["salutation"] }),
    f("first_name", "First name", { required: true, synonyms: ["forename", "given name", "first"] }),
    f("last_name", "Last name", { required: true, synonyms: ["surname", "family name", "last"] }),
    f("department", "Department code", { synonyms: ["dept", "department code", "school"] }),
    f("team", "Team", { synonyms: ["team name", "group", "subject group"] }),
    f("status", "Status code", { synonyms: ["staff status", "employment status"] }),
    f("fte", "FTE", { required: true, synonyms: ["full time equivalent", "fte %"] }),
    f("contract_family", "Contract family", { required: true, synonyms: ["contract", "contract type", "family"] }),
    f("contract_start", "Contract start", { synonyms: ["start date", "start"] }),
    f("contract_end", "Contract end", { synonyms: ["end date", "end"] }),
    f("contract_hours_adjustment", "Contract hours adjustment", { synonyms: ["adjustment", "hours adjustment"] }),
    f("adjustment_reason", "Adjustment reason"),
    f("notes", "Notes", { synonyms: ["comments"] }),
  ],
  modules: [
    f("module_code", "Module code", { required: true, synonyms: ["module", "code"] }),
    f("title", "Module title", { required: true, synonyms: ["module title", "module name", "name"] }),
    f("credits", "Credits", { required: true, synonyms: ["credit", "cats"] }),
    f("level", "Level", { required: true, synonyms: ["fheq level"] }),
    f("department", "Department code", { synonyms: ["dept", "department code"] }),
    f("subject_area", "Subject area", { synonyms: ["subject"] }),
    f("default_semester", "Default semester"),
    f("iteration_code", "Iteration code", { synonyms: ["iteration", "occurrence", "instance"] }),
    f("semester", "Semester", { synonyms: ["term", "teaching period"] }),
    f("student_count", "Students", { synonyms: ["students", "enrolment", "enrolments", "student numbers"] }),
    f("max_group_size", "Maximum group size", { synonyms: ["group size"] }),
    f("teaching_weeks", "Teaching weeks", { synonyms: ["weeks"] }),
    f("contact_hours_override", "Contact hours override", { synonyms: ["contact hours"] }),
    f("intakes", "Intakes"),
    f("groups", "Groups (A=30; B=30)", { synonyms: ["group sizes"] }),
  ],
  allocations: [
    f("iteration_code", "Iteration code", { required: true, synonyms: ["iteration", "occurrence"] }),
    f("module_code", "Module code", { synonyms: ["module"] }),
    f("allocation_type", "Allocation type code", { required: true, synonyms: ["type", "component", "activity"] }),
    f("group", "Group", { synonyms: ["group name"] }),
    f("lecturer_email", "Lecturer email", { required: true, synonyms: ["email", "lecturer", "staff email"] }),
    f("staff_number", "Staff number", { synonyms: ["staff no", "staff id", "employee number"] }),
    f("share", "Share %", { required: true, synonyms: ["share %", "percent", "percentage", "%"] }),
    f("first_time", "First time", { synonyms: ["first delivery", "new"] }),
    f("hours_override", "Hours override", { synonyms: ["override", "override hours"] }),
    f("override_reason", "Override reason", { synonyms: ["reason"] }),
    f("notes", "Notes", { synonyms: ["comments"] }),
    f("academic_year", "Academic year", { synonyms: ["year"] }),
  ],
};

/** Columns the exports write that an import reads past: ids of the exporting deployment and figures the engine computes. */
export const IGNORED_EXPORT_COLUMNS: Record<ImportKindName, string[]> = {
  staff: ["lecturer_id"],
  modules: ["module_id", "iteration_id"],
  allocations: [
    "allocation_id", "module_title", "module_department", "semester", "lecturer_name", "lecturer_department",
    "computed_hours", "hours", "work_category", "hours_s1", "hours_s2", "hours_s3", "rule", "students", "groups", "response_status",
  ],
};

export const IMPORT_KIND_LABELS: Record<ImportKindName, string> = {
  staff: "Lecturers (profiles and year records)",
  modules: "Modules, iterations and groups",
  allocations: "Allocations",
};

/** The permission each kind of import needs, at every row's department or team. */
export const IMPORT_KIND_PERMISSION = {
  staff: "lecturers.edit",
  modules: "modules.edit",
  allocations: "allocations.edit",
} as const;

export type MappingEntry = { header: string; field: string };

/** "Staff No." -> "staff no": case, punctuation and spacing do not matter. */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/[_\-./]+/g, " ")
    .replace(/[^\p{L}\p{N}% ]+/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * A mapping for `headers`: the remembered one's entries whose header is in
 * the file, then each unmapped field by its own name, its label or a synonym.
 * A header maps to one field at most and a field from one header at most.
 */
export function suggestMapping(kind: ImportKindName, headers: string[], remembered: MappingEntry[] = []): MappingEntry[] {
  const fields = IMPORT_FIELDS[kind];
  const known = new Set(fields.map((x) => x.field));
  const out: MappingEntry[] = [];
  const usedHeaders = new Set<string>();
  const usedFields = new Set<string>();
  const take = (header: string, field: string) => {
    if (usedHeaders.has(header) || usedFields.has(field) || !known.has(field)) return;
    out.push({ header, field });
    usedHeaders.add(header);
    usedFields.add(field);
  };
  const present = new Set(headers);
  for (const m of remembered) if (present.has(m.header)) take(m.header, m.field);
  const byNorm = new Map<string, string>();
  for (const h of headers) if (!byNorm.has(normaliseHeader(h))) byNorm.set(normaliseHeader(h), h);
  // Exact field names first (an export maps itself), then labels, then synonyms.
  for (const spec of fields) {
    const h = byNorm.get(normaliseHeader(spec.field));
    if (h !== undefined) take(h, spec.field);
  }
  for (const spec of fields) {
    for (const name of [spec.label, ...(spec.synonyms ?? [])]) {
      const h = byNorm.get(normaliseHeader(name));
      if (h !== undefined) take(h, spec.field);
    }
  }
  return headers.flatMap((h) => out.filter((m) => m.header === h));
}

/** The kind whose fields the headers name most (ties go to the more specific kind), or null. */
export function detectKind(headers: string[]): ImportKindName | null {
  const norm = new Set(headers.map(normaliseHeader));
  const score = (kind: ImportKindName) => IMPORT_FIELDS[kind].filter((s) => norm.has(normaliseHeader(s.field))).length;
  if (norm.has("allocation type") || norm.has("allocation id") || (norm.has("lecturer email") && norm.has("share"))) return "allocations";
  const ranked = (["modules", "staff", "allocations"] as const).map((k) => [k, score(k)] as const).sort((a, b) => b[1] - a[1]);
  return ranked[0][1] >= 2 ? ranked[0][0] : null;
}

/** Required fields the mapping leaves without a column. */
export function missingRequired(kind: ImportKindName, mapping: MappingEntry[]): string[] {
  const mapped = new Set(mapping.map((m) => m.field));
  return IMPORT_FIELDS[kind].filter((s) => s.required && !mapped.has(s.field)).map((s) => s.field);
}

/** A file's row as fields: each mapped column's text, trimmed; empty cells are left out. */
export function applyMapping(headers: string[], row: string[], mapping: MappingEntry[]): Record<string, string> {
  const index = new Map(headers.map((h, i) => [h, i]));
  const out: Record<string, string> = {};
  for (const m of mapping) {
    const i = index.get(m.header);
    if (i === undefined) continue;
    const text = (row[i] ?? "").trim();
    if (text !== "") out[m.field] = text;
  }
  return out;
}

/** "G1=30; G2=30" (the modules export's groups cell) -> groups, or the reason it cannot be read. */
export function parseGroupsCell(text: string): { groups: { name: string; student_count: number }[] } | { error: string } {
  const groups: { name: string; student_count: number }[] = [];
  const seen = new Set<string>();
  for (const part of text.split(/[;\n]/)) {
    const item = part.trim();
    if (!item) continue;
    const m = /^(.+?)\s*[=:]\s*(-?[\d.]+)$/.exec(item);
    if (!m) return { error: `"${item}" is not a group: write name=students, e.g. G1=30.` };
    const name = m[1].trim();
    const count = Number(m[2]);
    if (!Number.isInteger(count) || count < 0) return { error: `Group ${name} has ${m[2]} students: a group has 0 or more whole students.` };
    if (seen.has(name)) return { error: `Group ${name} is listed twice.` };
    seen.add(name);
    groups.push({ name, student_count: count });
  }
  return { groups };
}
