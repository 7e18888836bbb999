/**
 * How a report cell becomes text, shared by the writers and by the import
 * (issue #14), which reverses it. Text that a spreadsheet would run as a
 * formula (a leading `=`, `+`, `-`, `@`, tab or carriage return: OWASP's CSV
 * injection advice) is prefixed with an apostrophe; numbers stay numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text made inert for CSV: a leading formula character gets an apostrophe before it. */
export function inertText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** What the import does to a CSV text cell: removes the apostrophe `inertText` added. */
export function stripInert(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
