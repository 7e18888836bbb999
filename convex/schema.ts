/**
 * The database schema: the WorkloadWizard reference, table by table, composed
 * from one file per reference category under ./schema/.
 */
import { defineSchema } from "convex/server";
import { coreOrganisationTables } from "./schema/core_organisation";
import { academicStructureTables } from "./schema/academic_structure";
import { staffTables } from "./schema/staff";
import { coursesModulesTables } from "./schema/courses_modules";
import { moduleDeliveryTables } from "./schema/module_delivery";
import { reportingTables } from "./schema/reporting";
import { systemTables } from "./schema/system";

export default defineSchema({
  ...coreOrganisationTables,
  ...academicStructureTables,
  ...staffTables,
  ...coursesModulesTables,
  ...moduleDeliveryTables,
  ...reportingTables,
  ...systemTables,
});
