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
import type * as lib_access from "../lib/access.js";
import type * as lib_audit from "../lib/audit.js";
import type * as lib_db from "../lib/db.js";
import type * as lib_errors from "../lib/errors.js";
import type * as lib_functions from "../lib/functions.js";
import type * as lib_permissions from "../lib/permissions.js";
import type * as lib_triggers from "../lib/triggers.js";
import type * as schema_academic_structure from "../schema/academic_structure.js";
import type * as schema_core_organisation from "../schema/core_organisation.js";
import type * as schema_courses_modules from "../schema/courses_modules.js";
import type * as schema_module_delivery from "../schema/module_delivery.js";
import type * as schema_reporting from "../schema/reporting.js";
import type * as schema_staff from "../schema/staff.js";
import type * as schema_system from "../schema/system.js";
import type * as schema_validators from "../schema/validators.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  "lib/access": typeof lib_access;
  "lib/audit": typeof lib_audit;
  "lib/db": typeof lib_db;
  "lib/errors": typeof lib_errors;
  "lib/functions": typeof lib_functions;
  "lib/permissions": typeof lib_permissions;
  "lib/triggers": typeof lib_triggers;
  "schema/academic_structure": typeof schema_academic_structure;
  "schema/core_organisation": typeof schema_core_organisation;
  "schema/courses_modules": typeof schema_courses_modules;
  "schema/module_delivery": typeof schema_module_delivery;
  "schema/reporting": typeof schema_reporting;
  "schema/staff": typeof schema_staff;
  "schema/system": typeof schema_system;
  "schema/validators": typeof schema_validators;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
