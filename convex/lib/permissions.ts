/**
 * Permission codenames and the default roles seeded into every organisation.
 * Roles are rows (`roles.permissions` holds codenames), so an organisation can
 * edit them; these are only the starting point. Every public function names
 * the one codename it needs (see lib/functions.ts).
 */

export const PERMISSIONS = {
  "organisation.manage": "Edit organisation settings and academic years",
  "users.manage": "Invite users and assign roles",
  "roles.manage": "Create and edit roles",
  "structure.view": "See faculties, departments, teams, sites and years",
  "structure.edit": "Edit faculties, departments, teams, sites and semester periods",
  "reference.edit": "Edit reference data (allocation types, statuses, categories...)",
  "lecturers.view": "See lecturers and their workload",
  "lecturers.edit": "Create and edit lecturers and their year instances",
  "modules.view": "See courses, cohorts, modules and iterations",
  "modules.edit": "Create and edit courses, cohorts, modules, iterations, groups, assessments",
  "allocations.view": "See everyone's allocations and dashboards",
  "allocations.edit": "Create, edit and delete allocations",
  "allocations.view_own": "See one's own allocations",
  "allocations.respond": "Accept or query one's own allocations",
  "rules.view": "See calculation rules",
  "rules.edit": "Edit calculation rules",
  "reports.view": "See and run reports",
  "reports.manage": "Schedule reports",
  "audit.view": "See the audit trail",
  "years.rollover": "Roll over an academic year",
  "years.edit_locked": "Change the records of a locked (published) academic year",
  "files.upload": "Attach files",
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(code: string): code is Permission {
  return code in PERMISSIONS;
}

const VIEW: Permission[] = [
  "structure.view",
  "lecturers.view",
  "modules.view",
  "allocations.view",
  "allocations.view_own",
  "rules.view",
  "reports.view",
];

/** The default roles of a new organisation. */
export const DEFAULT_ROLES: { name: string; description: string; permissions: Permission[] }[] = [
  { name: "Admin", description: "Everything, including settings, users and roles", permissions: ALL_PERMISSIONS },
  {
    name: "Head of Department",
    description: "Plans and approves the department's workload",
    permissions: [
      ...VIEW,
      "lecturers.edit",
      "modules.edit",
      "allocations.edit",
      "allocations.respond",
      "rules.edit",
      "reports.manage",
      "audit.view",
      "years.rollover",
      "files.upload",
      "structure.edit",
    ],
  },
  {
    name: "Planner",
    description: "Allocates teaching and maintains modules and lecturers",
    permissions: [...VIEW, "lecturers.edit", "modules.edit", "allocations.edit", "audit.view", "files.upload"],
  },
  {
    name: "Lecturer",
    description: "Sees and responds to their own workload",
    permissions: ["structure.view", "modules.view", "allocations.view_own", "allocations.respond", "files.upload"],
  },
  { name: "Viewer", description: "Read-only access to plans and dashboards", permissions: VIEW },
];
