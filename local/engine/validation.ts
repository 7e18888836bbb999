// Argument and return-value validation worded as Convex words it.
//
// convex-test validates with its own messages ("Validator error: Expected
// `string`, got `1`"); apps and their tests match on Convex's, which come
// from the backend (crates/common/src/schemas/validator.rs):
//
//   ArgumentValidationError: Value does not match validator.
//   Path: .author
//   Value: 1.0
//   Validator: v.string()
//
// This module re-implements that check over the validators' JSON form (what
// `exportArgs()` / `exportReturns()` return) and formats values and
// validators the way the backend displays them (Rust `Display` of
// ConvexValue: floats always with a decimal point, strings quoted, object
// keys sorted). It is pure: no Convex runtime, no convex-test.
import { jsonToConvex, type JSONValue, type Value } from "convex/values";

type FieldJson = { fieldType: ValidatorJson; optional: boolean };
export type ValidatorJson =
  | { type: "null" | "number" | "bigint" | "boolean" | "string" | "bytes" | "any" }
  | { type: "literal"; value: JSONValue }
  | { type: "id"; tableName: string }
  | { type: "array"; value: ValidatorJson }
  | { type: "record"; keys: ValidatorJson; values: FieldJson }
  | { type: "object"; value: Record<string, FieldJson> }
  | { type: "union"; value: ValidatorJson[] };

/** Brand of errors raised here, so the engine prints them as Convex does (no "Uncaught"). */
export const VALIDATION_ERROR = Symbol.for("convex-local.validationError");

/** An ArgumentValidationError / ReturnsValidationError as Convex raises it. */
export class ConvexValidationError extends Error {
  [VALIDATION_ERROR] = true;
}

/**
 * The message for `args` that do not match `validator` (the JSON of
 * `exportArgs()`), or null when they match.
 */
export function argumentsError(validator: ValidatorJson, args: Record<string, Value>): string | null {
  if (validator.type === "any") return null;
  const problem = check(validator, args, "");
  return problem === null ? null : `ArgumentValidationError: ${problem}`;
}

/** The message for a return value that does not match `validator` (null = unvalidated). */
export function returnsError(validator: ValidatorJson | null, value: Value | undefined): string | null {
  if (validator === null) return null;
  const problem = check(validator, value === undefined ? null : value, "");
  return problem === null ? null : `ReturnsValidationError: ${problem}`;
}

/**
 * The problem with a document that does not match its table's validator
 * (the schema's `documentType`), or null. Callers add Convex's prefix.
 */
export function documentError(validator: ValidatorJson, doc: Record<string, Value>): string | null {
  return check(validator, doc, "");
}

/** convex-test ids are "<digits><table>"; anything else is not an id. */
function tableOfId(id: string): string | null {
  const m = /^[0-9]+/.exec(id);
  return m && m[0].length < id.length ? id.slice(m[0].length) : null;
}

function context(path: string): string {
  return path === "" ? "" : `Path: ${path}`;
}

function noMatch(validator: ValidatorJson, value: Value, path: string): string {
  return `Value does not match validator.\n${context(path)}\nValue: ${displayValue(value)}\nValidator: ${displayValidator(validator)}`;
}

function isPlainObject(value: unknown): value is Record<string, Value> {
  if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof ArrayBuffer) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || proto === Object.prototype || proto.constructor?.name === "Object";
}

/** Convex field order is the byte order of the names (a BTreeMap). */
function sortedKeys(o: object): string[] {
  return Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function check(validator: ValidatorJson, value: Value | undefined, path: string): string | null {
  switch (validator.type) {
    case "any":
      return null;
    case "null":
      return value === null ? null : noMatch(validator, value as Value, path);
    case "number":
      return typeof value === "number" ? null : noMatch(validator, value as Value, path);
    case "bigint":
      return typeof value === "bigint" ? null : noMatch(validator, value as Value, path);
    case "boolean":
      return typeof value === "boolean" ? null : noMatch(validator, value as Value, path);
    case "string":
      return typeof value === "string" ? null : noMatch(validator, value as Value, path);
    case "bytes":
      return value instanceof ArrayBuffer ? null : noMatch(validator, value as Value, path);
    case "id": {
      if (typeof value !== "string") return noMatch(validator, value as Value, path);
      const table = tableOfId(value);
      if (table === null) return noMatch(validator, value, path);
      if (table === validator.tableName) return null;
      if (table.startsWith("_")) {
        return `Found ID "${value}" from a system table, which does not match the table name in validator \`v.id("${validator.tableName}")\`.${context(path)}`;
      }
      return `Found ID "${value}" from table \`${table}\`, which does not match the table name in validator \`v.id("${validator.tableName}")\`.${context(path)}`;
    }
    case "literal": {
      const literal = jsonToConvex(validator.value);
      const same = typeof literal === "number" && typeof value === "number" ? Object.is(literal, value) || literal === value : literal === value;
      if (same) return null;
      return `\`${displayValue(value as Value)}\` does not match literal validator \`v.literal(${displayLiteral(literal)})\`.${context(path)}`;
    }
    case "array": {
      if (!Array.isArray(value)) return noMatch(validator, value as Value, path);
      for (let i = 0; i < value.length; i++) {
        const problem = check(validator.value, value[i], `${path}[${i}]`);
        if (problem !== null) return problem;
      }
      return null;
    }
    case "record": {
      if (!isPlainObject(value)) return noMatch(validator, value as Value, path);
      for (const key of sortedKeys(value)) {
        const keyProblem = check(validator.keys, key, `${path}.keys()`);
        if (keyProblem !== null) return keyProblem;
        const valueProblem = check(validator.values.fieldType, value[key], `${path}.values()`);
        if (valueProblem !== null) return valueProblem;
      }
      return null;
    }
    case "object": {
      if (!isPlainObject(value)) return noMatch(validator, value as Value, path);
      for (const field of sortedKeys(validator.value)) {
        const { fieldType, optional } = validator.value[field];
        if (value[field] !== undefined) {
          const problem = check(fieldType, value[field], `${path}.${field}`);
          if (problem !== null) return problem;
        } else if (!optional) {
          return `Object is missing the required field \`${field}\`. Consider wrapping the field validator in \`v.optional(...)\` if this is expected.\n${context(path)}\nObject: ${displayValue(value)}\nValidator: ${displayValidator(validator)}`;
        }
      }
      for (const field of sortedKeys(value)) {
        if (value[field] !== undefined && !(field in validator.value)) {
          return `Object contains extra field \`${field}\` that is not in the validator.\n${context(path)}\nObject: ${displayValue(value)}\nValidator: ${displayValidator(validator)}`;
        }
      }
      return null;
    }
    case "union": {
      if (validator.value.length === 1) return check(validator.value[0], value, path);
      for (const member of validator.value) if (check(member, value, path) === null) return null;
      return noMatch(validator, value as Value, path);
    }
    default:
      // A validator kind this module does not know (e.g. a newer one): no opinion.
      return null;
  }
}

/** A float as Rust's `{:?}` prints it: `1.0`, `0.5`, `1e21`, `NaN`, `inf`. */
function displayFloat(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  if (Object.is(n, -0)) return "-0.0";
  const text = String(n).replace("e+", "e");
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/** A string as Rust's `{:?}` prints it. */
function displayString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code === 0) out += "\\0";
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A Convex value as the backend displays it in error messages. */
export function displayValue(value: Value | undefined): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "number") return displayFloat(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return displayString(value);
  if (value instanceof ArrayBuffer) return `Bytes(${value.byteLength} bytes)`;
  if (Array.isArray(value)) return `[${value.map(displayValue).join(", ")}]`;
  const o = value as Record<string, Value>;
  return `{${sortedKeys(o).filter((k) => o[k] !== undefined).map((k) => `${k}: ${displayValue(o[k])}`).join(", ")}}`;
}

/** A literal as Convex prints it inside `v.literal(...)` (JSON; bigints as `<bigint>`). */
function displayLiteral(literal: Value): string {
  if (typeof literal === "bigint") return "<bigint>";
  if (typeof literal === "number") return Number.isFinite(literal) ? displayFloat(literal) : "<number>";
  return JSON.stringify(literal);
}

/** A validator as Convex prints it: `v.object({author: v.string(), n: v.optional(v.float64())})`. */
export function displayValidator(validator: ValidatorJson): string {
  switch (validator.type) {
    case "null": return "v.null()";
    case "number": return "v.float64()";
    case "bigint": return "v.int64()";
    case "boolean": return "v.boolean()";
    case "string": return "v.string()";
    case "bytes": return "v.bytes()";
    case "any": return "v.any()";
    case "id": return `v.id("${validator.tableName}")`;
    case "literal": return `v.literal(${displayLiteral(jsonToConvex(validator.value))})`;
    case "array": return `v.array(${displayValidator(validator.value)})`;
    case "record": return `v.record(${displayValidator(validator.keys)}, ${displayValidator(validator.values.fieldType)})`;
    case "union": return `v.union(${validator.value.map(displayValidator).join(", ")})`;
    case "object": {
      const fields = sortedKeys(validator.value).map((k) => {
        const { fieldType, optional } = validator.value[k];
        return `${k}: ${optional ? `v.optional(${displayValidator(fieldType)})` : displayValidator(fieldType)}`;
      });
      return `v.object({${fields.join(", ")}})`;
    }
  }
}
