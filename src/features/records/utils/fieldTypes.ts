/**
 * Field definitions for the generic record form and table: what each field
 * is, how it is edited and validated (see validateRecord.ts).
 */
import type { NumberRange } from "@convex/lib/inputRanges";

export type FieldDef = {
  name: string;
  label: string;
  type: "text" | "number" | "select" | "checkbox" | "textarea" | "date";
  options?: { value: string; label: string }[];
  required?: boolean;
  /** A number's range, from `@convex/lib/inputRanges` (the server checks the same). */
  range?: NumberRange;
  step?: number;
  hint?: string;
  /** A number field left empty is omitted on create; emptied on edit it is sent as null (cleared, see recordPatch.ts). */
  optional?: boolean;
};

export type RecordValues = Record<string, unknown>;
