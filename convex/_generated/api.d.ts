/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as account_notifications from "../account/notifications.js";
import type * as account_preferences from "../account/preferences.js";
import type * as account_profile from "../account/profile.js";
import type * as account_settings from "../account/settings.js";
import type * as audit_describe from "../audit/describe.js";
import type * as audit_logs from "../audit/logs.js";
import type * as collaboration_presence from "../collaboration/presence.js";
import type * as crons from "../crons.js";
import type * as curriculum_cohortModulePlans from "../curriculum/cohortModulePlans.js";
import type * as curriculum_cohorts from "../curriculum/cohorts.js";
import type * as curriculum_courseModules from "../curriculum/courseModules.js";
import type * as curriculum_courses from "../curriculum/courses.js";
import type * as curriculum_modules from "../curriculum/modules.js";
import type * as delivery_assessments from "../delivery/assessments.js";
import type * as delivery_groups from "../delivery/groups.js";
import type * as delivery_iterations from "../delivery/iterations.js";
import type * as devSignIn from "../devSignIn.js";
import type * as files_attachments from "../files/attachments.js";
import type * as http from "../http.js";
import type * as jobs_jobs from "../jobs/jobs.js";
import type * as jobs_runner from "../jobs/runner.js";
import type * as lib_access from "../lib/access.js";
import type * as lib_audit from "../lib/audit.js";
import type * as lib_columns from "../lib/columns.js";
import type * as lib_crud from "../lib/crud.js";
import type * as lib_db from "../lib/db.js";
import type * as lib_errors from "../lib/errors.js";
import type * as lib_functions from "../lib/functions.js";
import type * as lib_jobs from "../lib/jobs.js";
import type * as lib_ownRows from "../lib/ownRows.js";
import type * as lib_permissions from "../lib/permissions.js";
import type * as lib_referenceDefaults from "../lib/referenceDefaults.js";
import type * as lib_triggers from "../lib/triggers.js";
import type * as lib_validation from "../lib/validation.js";
import type * as lib_workload_allocation from "../lib/workload/allocation.js";
import type * as lib_workload_bands from "../lib/workload/bands.js";
import type * as lib_workload_contract from "../lib/workload/contract.js";
import type * as lib_workload_coverage from "../lib/workload/coverage.js";
import type * as lib_workload_defaults from "../lib/workload/defaults.js";
import type * as lib_workload_distribution from "../lib/workload/distribution.js";
import type * as lib_workload_expression from "../lib/workload/expression.js";
import type * as lib_workload_index from "../lib/workload/index.js";
import type * as lib_workload_numbers from "../lib/workload/numbers.js";
import type * as lib_workload_rules from "../lib/workload/rules.js";
import type * as lib_workload_semesters from "../lib/workload/semesters.js";
import type * as lib_workload_totals from "../lib/workload/totals.js";
import type * as lib_workload_types from "../lib/workload/types.js";
import type * as lib_workload_variables from "../lib/workload/variables.js";
import type * as organisations_bootstrap from "../organisations/bootstrap.js";
import type * as organisations_membership from "../organisations/membership.js";
import type * as people_assignments from "../people/assignments.js";
import type * as people_links from "../people/links.js";
import type * as people_roles from "../people/roles.js";
import type * as people_users from "../people/users.js";
import type * as reference_adminCategories from "../reference/adminCategories.js";
import type * as reference_allocationTypes from "../reference/allocationTypes.js";
import type * as reference_assessmentTypes from "../reference/assessmentTypes.js";
import type * as reference_lecturerStatuses from "../reference/lecturerStatuses.js";
import type * as reference_userRoles from "../reference/userRoles.js";
import type * as schema_academic_structure from "../schema/academic_structure.js";
import type * as schema_core_organisation from "../schema/core_organisation.js";
import type * as schema_courses_modules from "../schema/courses_modules.js";
import type * as schema_module_delivery from "../schema/module_delivery.js";
import type * as schema_reporting from "../schema/reporting.js";
import type * as schema_staff from "../schema/staff.js";
import type * as schema_system from "../schema/system.js";
import type * as schema_validators from "../schema/validators.js";
import type * as seed from "../seed.js";
import type * as staff_adminAllocations from "../staff/adminAllocations.js";
import type * as staff_availability from "../staff/availability.js";
import type * as staff_lecturerProfiles from "../staff/lecturerProfiles.js";
import type * as staff_lecturers from "../staff/lecturers.js";
import type * as staff_specialisations from "../staff/specialisations.js";
import type * as structure_academicYears from "../structure/academicYears.js";
import type * as structure_departments from "../structure/departments.js";
import type * as structure_faculties from "../structure/faculties.js";
import type * as structure_rollover from "../structure/rollover.js";
import type * as structure_semesterPeriods from "../structure/semesterPeriods.js";
import type * as structure_sites from "../structure/sites.js";
import type * as structure_teams from "../structure/teams.js";
import type * as tagging_tags from "../tagging/tags.js";
import type * as workload_allocationRows from "../workload/allocationRows.js";
import type * as workload_allocationScope from "../workload/allocationScope.js";
import type * as workload_allocations from "../workload/allocations.js";
import type * as workload_cells from "../workload/cells.js";
import type * as workload_compare from "../workload/compare.js";
import type * as workload_dashboard from "../workload/dashboard.js";
import type * as workload_duplicates from "../workload/duplicates.js";
import type * as workload_explain from "../workload/explain.js";
import type * as workload_jobs from "../workload/jobs.js";
import type * as workload_liveTotals from "../workload/liveTotals.js";
import type * as workload_loader from "../workload/loader.js";
import type * as workload_notices from "../workload/notices.js";
import type * as workload_placement from "../workload/placement.js";
import type * as workload_recompute from "../workload/recompute.js";
import type * as workload_rules from "../workload/rules.js";
import type * as workload_settings from "../workload/settings.js";
import type * as workload_sheet from "../workload/sheet.js";
import type * as workload_triggers from "../workload/triggers.js";
import type * as workload_validators from "../workload/validators.js";
import type * as workload_verify from "../workload/verify.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  "account/notifications": typeof account_notifications;
  "account/preferences": typeof account_preferences;
  "account/profile": typeof account_profile;
  "account/settings": typeof account_settings;
  "audit/describe": typeof audit_describe;
  "audit/logs": typeof audit_logs;
  "collaboration/presence": typeof collaboration_presence;
  crons: typeof crons;
  "curriculum/cohortModulePlans": typeof curriculum_cohortModulePlans;
  "curriculum/cohorts": typeof curriculum_cohorts;
  "curriculum/courseModules": typeof curriculum_courseModules;
  "curriculum/courses": typeof curriculum_courses;
  "curriculum/modules": typeof curriculum_modules;
  "delivery/assessments": typeof delivery_assessments;
  "delivery/groups": typeof delivery_groups;
  "delivery/iterations": typeof delivery_iterations;
  devSignIn: typeof devSignIn;
  "files/attachments": typeof files_attachments;
  http: typeof http;
  "jobs/jobs": typeof jobs_jobs;
  "jobs/runner": typeof jobs_runner;
  "lib/access": typeof lib_access;
  "lib/audit": typeof lib_audit;
  "lib/columns": typeof lib_columns;
  "lib/crud": typeof lib_crud;
  "lib/db": typeof lib_db;
  "lib/errors": typeof lib_errors;
  "lib/functions": typeof lib_functions;
  "lib/jobs": typeof lib_jobs;
  "lib/ownRows": typeof lib_ownRows;
  "lib/permissions": typeof lib_permissions;
  "lib/referenceDefaults": typeof lib_referenceDefaults;
  "lib/triggers": typeof lib_triggers;
  "lib/validation": typeof lib_validation;
  "lib/workload/allocation": typeof lib_workload_allocation;
  "lib/workload/bands": typeof lib_workload_bands;
  "lib/workload/contract": typeof lib_workload_contract;
  "lib/workload/coverage": typeof lib_workload_coverage;
  "lib/workload/defaults": typeof lib_workload_defaults;
  "lib/workload/distribution": typeof lib_workload_distribution;
  "lib/workload/expression": typeof lib_workload_expression;
  "lib/workload/index": typeof lib_workload_index;
  "lib/workload/numbers": typeof lib_workload_numbers;
  "lib/workload/rules": typeof lib_workload_rules;
  "lib/workload/semesters": typeof lib_workload_semesters;
  "lib/workload/totals": typeof lib_workload_totals;
  "lib/workload/types": typeof lib_workload_types;
  "lib/workload/variables": typeof lib_workload_variables;
  "organisations/bootstrap": typeof organisations_bootstrap;
  "organisations/membership": typeof organisations_membership;
  "people/assignments": typeof people_assignments;
  "people/links": typeof people_links;
  "people/roles": typeof people_roles;
  "people/users": typeof people_users;
  "reference/adminCategories": typeof reference_adminCategories;
  "reference/allocationTypes": typeof reference_allocationTypes;
  "reference/assessmentTypes": typeof reference_assessmentTypes;
  "reference/lecturerStatuses": typeof reference_lecturerStatuses;
  "reference/userRoles": typeof reference_userRoles;
  "schema/academic_structure": typeof schema_academic_structure;
  "schema/core_organisation": typeof schema_core_organisation;
  "schema/courses_modules": typeof schema_courses_modules;
  "schema/module_delivery": typeof schema_module_delivery;
  "schema/reporting": typeof schema_reporting;
  "schema/staff": typeof schema_staff;
  "schema/system": typeof schema_system;
  "schema/validators": typeof schema_validators;
  seed: typeof seed;
  "staff/adminAllocations": typeof staff_adminAllocations;
  "staff/availability": typeof staff_availability;
  "staff/lecturerProfiles": typeof staff_lecturerProfiles;
  "staff/lecturers": typeof staff_lecturers;
  "staff/specialisations": typeof staff_specialisations;
  "structure/academicYears": typeof structure_academicYears;
  "structure/departments": typeof structure_departments;
  "structure/faculties": typeof structure_faculties;
  "structure/rollover": typeof structure_rollover;
  "structure/semesterPeriods": typeof structure_semesterPeriods;
  "structure/sites": typeof structure_sites;
  "structure/teams": typeof structure_teams;
  "tagging/tags": typeof tagging_tags;
  "workload/allocationRows": typeof workload_allocationRows;
  "workload/allocationScope": typeof workload_allocationScope;
  "workload/allocations": typeof workload_allocations;
  "workload/cells": typeof workload_cells;
  "workload/compare": typeof workload_compare;
  "workload/dashboard": typeof workload_dashboard;
  "workload/duplicates": typeof workload_duplicates;
  "workload/explain": typeof workload_explain;
  "workload/jobs": typeof workload_jobs;
  "workload/liveTotals": typeof workload_liveTotals;
  "workload/loader": typeof workload_loader;
  "workload/notices": typeof workload_notices;
  "workload/placement": typeof workload_placement;
  "workload/recompute": typeof workload_recompute;
  "workload/rules": typeof workload_rules;
  "workload/settings": typeof workload_settings;
  "workload/sheet": typeof workload_sheet;
  "workload/triggers": typeof workload_triggers;
  "workload/validators": typeof workload_validators;
  "workload/verify": typeof workload_verify;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
