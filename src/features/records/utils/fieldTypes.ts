/**
 * Field definitions for the generic record form and table: what each field
 * is, how it is edited and validated (see validateRecord.ts).
 */
export type FieldDef = {
  name: string;
  label: string;
  type: "text" | "number" | "select" | "checkbox" | "textarea" | "date";
  options?: { value: string; label: string }[];
  required?: boolean;
  min?: number;
  max?: number;
  step?: number;
  hint?: string;
  /** A number field left empty is omitted on create; emptied on edit it is sent as null (cleared, see recordPatch.ts). */
  optional?: boolean;
};

export type RecordValues = Record<string, unknown>;
