/** The sidebar's destinations and the permission each needs to be shown. */
export type NavItem = { to: string; label: string; permission: string | string[]; group: "Plan" | "Catalogue" | "Admin" | "Me" };

export const navItems: NavItem[] = [
  { to: "/", label: "Dashboard", permission: "allocations.view", group: "Plan" },
  { to: "/allocations", label: "Allocation editor", permission: "allocations.view", group: "Plan" },
  { to: "/sheet", label: "Department sheet", permission: "allocations.view", group: "Plan" },
  { to: "/queries", label: "Queries", permission: "allocations.edit", group: "Plan" },
  { to: "/lecturers", label: "Lecturers", permission: "lecturers.view", group: "Plan" },
  { to: "/compare", label: "Compare years", permission: "allocations.view", group: "Plan" },
  { to: "/reports", label: "Reports", permission: "reports.view", group: "Plan" },
  { to: "/import", label: "Import", permission: ["lecturers.edit", "modules.edit", "allocations.edit"], group: "Plan" },
  { to: "/my-workload", label: "My workload", permission: "allocations.view_own", group: "Me" },
  { to: "/notifications", label: "Notifications", permission: [], group: "Me" },
  { to: "/modules", label: "Modules", permission: "modules.view", group: "Catalogue" },
  { to: "/iterations", label: "Iterations", permission: "modules.view", group: "Catalogue" },
  { to: "/courses", label: "Courses & cohorts", permission: "modules.view", group: "Catalogue" },
  { to: "/sites", label: "Sites", permission: "structure.view", group: "Catalogue" },
  { to: "/admin/settings", label: "Organisation", permission: "organisation.manage", group: "Admin" },
  { to: "/admin/integrations", label: "Integrations", permission: "organisation.manage", group: "Admin" },
  { to: "/admin/rollover", label: "Year rollover", permission: "years.rollover", group: "Admin" },
  { to: "/admin/rules", label: "Calculation rules", permission: "rules.view", group: "Admin" },
  { to: "/admin/users", label: "Users & invitations", permission: "users.manage", group: "Admin" },
  { to: "/admin/roles", label: "Roles", permission: "roles.manage", group: "Admin" },
  { to: "/admin/reference", label: "Reference data", permission: "structure.view", group: "Admin" },
  { to: "/audit", label: "Audit trail", permission: "audit.view", group: "Admin" },
];
