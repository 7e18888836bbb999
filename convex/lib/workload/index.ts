/**
 * The workload engine: pure functions over plain data, with no Convex
 * imports, shared by the Convex functions, reports and the React app.
 *
 *   import { computeAllocation, computeLecturerTotals, DEFAULT_SETTINGS } from "@convex/lib/workload";
 */
export * from "./types";
export * from "./defaults";
export * from "./variables";
export * from "./expression";
export * from "./numbers";
export * from "./rules";
export * from "./contract";
export * from "./bands";
export * from "./semesters";
export * from "./allocation";
export * from "./totals";
export * from "./coverage";
export * from "./distribution";
export * from "./suitability";
