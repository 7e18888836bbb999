/**
 * Which academic years an import may write into: staging and active years
 * only. A locked year is published and an archived one is the past; a bulk
 * import into either is refused outright, at the dry run and again at the
 * commit (the year may have been locked in between), with the year's name
 * and state so the person, or the feed's sender, knows what to do. Pure:
 * the server refuses with this message (convex/imports/) and the import
 * wizard says it before anyone uploads a file.
 */

/** Why an import into `year` is refused, or null when it may go ahead. */
export function closedYearMessage(year: { name: string; status: string }): string | null {
  if (year.status === "locked") return `${year.name} is locked (published): imports into it are refused. Unlock the year first, or import into another year.`;
  if (year.status === "archived") return `${year.name} is archived: it is read-only, and imports into it are refused. Import into the current or a staging year.`;
  return null;
}
