/**
 * The catalogue and reference tables the generic record screens edit, by
 * name: each maps to its backend CRUD namespace (and whether rows belong to
 * the chosen academic year).
 */
import { api } from "@/lib/api";
import { useCrudResource } from "@/features/records/hooks/useCrudResource";

const RESOURCES = {
  modules: { ns: () => api.curriculum.modules, yearScoped: false },
  courses: { ns: () => api.curriculum.courses, yearScoped: false },
  cohorts: { ns: () => api.curriculum.cohorts, yearScoped: false },
  courseModules: { ns: () => api.curriculum.courseModules, yearScoped: false },
  cohortModulePlans: { ns: () => api.curriculum.cohortModulePlans, yearScoped: true },
  iterations: { ns: () => api.delivery.iterations, yearScoped: true },
  groups: { ns: () => api.delivery.groups, yearScoped: true },
  assessments: { ns: () => api.delivery.assessments, yearScoped: true },
  sites: { ns: () => api.structure.sites, yearScoped: false },
  allocationTypes: { ns: () => api.reference.allocationTypes, yearScoped: false },
  adminCategories: { ns: () => api.reference.adminCategories, yearScoped: false },
  lecturerStatuses: { ns: () => api.reference.lecturerStatuses, yearScoped: false },
  assessmentTypes: { ns: () => api.reference.assessmentTypes, yearScoped: false },
  userRoles: { ns: () => api.reference.userRoles, yearScoped: false },
  faculties: { ns: () => api.structure.faculties, yearScoped: false },
  departments: { ns: () => api.structure.departments, yearScoped: false },
  teams: { ns: () => api.structure.teams, yearScoped: false },
} as const;

export type CatalogueResource = keyof typeof RESOURCES;

/** Rows typed from the resource's own `all` query. */
export function useCatalogueResource<N extends CatalogueResource>(name: N) {
  const r = RESOURCES[name];
  return useCrudResource(r.ns() as ReturnType<(typeof RESOURCES)[N]["ns"]>, { yearScoped: r.yearScoped });
}
