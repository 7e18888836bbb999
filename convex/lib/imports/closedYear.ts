/**
 * Which academic years an import may write into, and what to tell the
 * importer: the one rule the server applies (convex/imports/, at the dry run,
 * at the commit and for feeds) and the import wizard shows before anyone
 * reads a file. It follows the function layer's year rule (yearStateRefusal
 * in lib/scopedDb.ts, tested to agree): an archived year is the past and
 * takes no import from anyone; a locked (published) year takes one only from
 * a holder of `years.edit_locked` organisation-wide (an import writes across
 * the organisation), and never from a feed's key, which cannot hold it.
 * Pure, so the wizard and the server say the same words.
 */

/** The importer's verdict on a year: refused (with why), allowed with a warning, or null (an open year). */
export type ImportYearVerdict = { refused: boolean; message: string } | null;

/**
 * `editLocked`: the importer holds years.edit_locked organisation-wide (an
 * admin may; a key never does; the system is not refused a locked year).
 */
export function importYearVerdict(year: { name: string; status: string }, editLocked: boolean): ImportYearVerdict {
  if (year.status === "archived") {
    return { refused: true, message: `${year.name} is archived: it is read-only, and imports into it are refused. Import into the current or a staging year.` };
  }
  if (year.status === "locked" && !editLocked) {
    return { refused: true, message: `${year.name} is locked (published): imports into it are refused. Unlock the year first, or import into another year.` };
  }
  if (year.status === "locked") {
    return {
      refused: false,
      message: `${year.name} is locked (published). You may change a locked year's records, so this import goes ahead: what it writes changes the published year's figures.`,
    };
  }
  return null;
}
