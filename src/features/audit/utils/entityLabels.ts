/** Human names for the audited tables, for filters and history headings. */
export const entityLabels: Record<string, string> = {
  module_allocations: "Allocation",
  admin_allocations: "Admin allocation",
  lecturers: "Lecturer (year)",
  lecturer_profiles: "Lecturer profile",
  module_iterations: "Iteration",
  module_iteration_groups: "Group",
  module_iteration_assessments: "Assessment",
  modules: "Module",
  courses: "Course",
  cohorts: "Cohort",
  workload_calculation_rules: "Calculation rule",
  organisation_settings: "Organisation settings",
  academic_years: "Academic year",
  users: "User",
  roles: "Role",
  user_role_assignments: "Role assignment",
  sites: "Site",
  departments: "Department",
  teams: "Team",
  faculties: "Faculty",
  allocation_types: "Allocation type",
};

export function entityLabel(table: string): string {
  return entityLabels[table] ?? table.replace(/_/g, " ");
}
