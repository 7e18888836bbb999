/** Field lists of the catalogue forms; their ranges are the server's (`@convex/lib/inputRanges`). */
import { RANGES } from "@convex/lib/inputRanges";
import type { Semester } from "@convex/lib/workload/types";
import { WORK_CATEGORIES as WORK_CATEGORY_LIST } from "@convex/lib/workload/types";
import type { FieldDef } from "@/features/records/utils/fieldTypes";

export const SEMESTERS: { value: Semester; label: string }[] = [
  { value: "S1", label: "Semester 1" },
  { value: "S2", label: "Semester 2" },
  { value: "S3", label: "Semester 3 (summer)" },
  { value: "year", label: "Year-long" },
];

export const WORK_CATEGORIES = WORK_CATEGORY_LIST.map((v) => ({
  value: v,
  label: v[0].toUpperCase() + v.slice(1),
}));

type Opt = { value: string; label: string }[];

export const moduleFields = (departments: Opt): FieldDef[] => [
  { name: "code", label: "Code", type: "text", required: true },
  { name: "title", label: "Title", type: "text", required: true },
  { name: "credits", label: "Credits", type: "number", required: true, range: RANGES.credits },
  { name: "level", label: "Level", type: "number", required: true, range: RANGES.moduleLevel },
  { name: "default_semester", label: "Default semester", type: "select", options: SEMESTERS, required: true },
  { name: "department_id", label: "Department", type: "select", options: departments },
  { name: "subject_area", label: "Subject area", type: "text" },
  { name: "description", label: "Description", type: "textarea" },
  {
    name: "status",
    label: "Status",
    type: "select",
    options: [
      { value: "active", label: "Active" },
      { value: "withdrawn", label: "Withdrawn (no iteration in years rolled over)" },
    ],
    hint: "Empty counts as active",
  },
];

export const iterationFields = (modules: Opt, sites: Opt): FieldDef[] => [
  { name: "module_id", label: "Module", type: "select", options: modules, required: true },
  { name: "code", label: "Iteration code", type: "text", required: true, hint: "e.g. CS101-A" },
  { name: "semester", label: "Semester", type: "select", options: SEMESTERS, required: true },
  { name: "site_id", label: "Site", type: "select", options: sites },
  { name: "student_count", label: "Students", type: "number", required: true, range: RANGES.iterationStudents },
  { name: "intakes", label: "Intakes", type: "number", required: true, range: RANGES.intakes },
  { name: "max_group_size", label: "Max group size", type: "number", range: RANGES.maxGroupSize, hint: "Empty: the organisation's default" },
  { name: "teaching_weeks", label: "Teaching weeks", type: "number", range: RANGES.iterationTeachingWeeks },
  { name: "contact_hours_override", label: "Contact hours per group (override)", type: "number", range: RANGES.contactHoursOverride },
  { name: "notes", label: "Notes", type: "textarea" },
];

export const groupFields = (sites: Opt): FieldDef[] => [
  { name: "name", label: "Name", type: "text", required: true },
  { name: "student_count", label: "Students", type: "number", required: true, range: RANGES.groupStudents },
  { name: "site_id", label: "Site", type: "select", options: sites },
  {
    name: "weekday",
    label: "Weekday",
    type: "select",
    options: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => ({ value: d, label: d })),
  },
  { name: "start_time", label: "Starts (HH:MM)", type: "text" },
  { name: "end_time", label: "Ends (HH:MM)", type: "text" },
];

export const assessmentFields = (types: Opt): FieldDef[] => [
  { name: "name", label: "Name", type: "text", required: true },
  { name: "assessment_type_id", label: "Type", type: "select", options: types, required: true },
  { name: "weighting", label: "Weighting (%)", type: "number", required: true, range: RANGES.weighting },
  { name: "due_date", label: "Due date", type: "date" },
];

export const courseFields = (departments: Opt): FieldDef[] => [
  { name: "code", label: "Code", type: "text", required: true },
  { name: "name", label: "Name", type: "text", required: true },
  {
    name: "level",
    label: "Level",
    type: "select",
    required: true,
    options: [
      { value: "foundation", label: "Foundation" },
      { value: "undergraduate", label: "Undergraduate" },
      { value: "postgraduate_taught", label: "Postgraduate taught" },
      { value: "postgraduate_research", label: "Postgraduate research" },
    ],
  },
  { name: "duration_years", label: "Duration (years)", type: "number", required: true, range: RANGES.durationYears },
  { name: "department_id", label: "Department", type: "select", options: departments },
];

export const cohortFields: FieldDef[] = [
  { name: "name", label: "Name", type: "text", required: true, hint: "e.g. 2026 September intake" },
  { name: "intake_month", label: "Intake month (1-12)", type: "number", required: true, range: RANGES.intakeMonth },
  { name: "student_count", label: "Students", type: "number", required: true, range: RANGES.cohortStudents },
];

export const courseModuleFields = (modules: Opt): FieldDef[] => [
  { name: "module_id", label: "Module", type: "select", options: modules, required: true },
  { name: "year_of_study", label: "Year of study", type: "number", required: true, range: RANGES.yearOfStudy },
  { name: "is_core", label: "Core module", type: "checkbox" },
];

export const siteFields: FieldDef[] = [
  { name: "name", label: "Name", type: "text", required: true },
  { name: "code", label: "Code", type: "text", required: true },
  { name: "address", label: "Address", type: "textarea" },
];

export const cohortPlanFields = (modules: Opt, iterations: Opt): FieldDef[] => [
  { name: "module_id", label: "Module", type: "select", options: modules, required: true },
  { name: "module_iteration_id", label: "Iteration (this year)", type: "select", options: iterations },
  { name: "semester", label: "Semester", type: "select", options: SEMESTERS, required: true },
  { name: "planned_students", label: "Planned students", type: "number", required: true, range: RANGES.plannedStudents },
];
