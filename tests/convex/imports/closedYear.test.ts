/**
 * The import's year rule (lib/imports/closedYear.ts), which the server and
 * the import wizard both use, against the function layer's own year rule
 * (lib/scopedDb.ts yearStateRefusal, the one every write goes through): for
 * each year state, an importer with or without years.edit_locked is refused
 * by one exactly when refused by the other, and the words say what to do.
 */
import { describe, expect, test } from "vitest";
import { Access } from "../../../convex/lib/access";
import { importYearVerdict } from "../../../convex/lib/imports/closedYear";
import { yearStateRefusal } from "../../../convex/lib/scopedDb";

const year = (status: string) => ({ _id: "y1", name: "2026/27", status });

describe("the import's year rule", () => {
  test("agrees with the layer: archived refused to all, locked refused without years.edit_locked, staging and active open", () => {
    for (const status of ["staging", "active", "locked", "archived"]) {
      for (const editLocked of [false, true]) {
        const access = Access.scoped(editLocked ? ["lecturers.edit", "years.edit_locked"] : ["lecturers.edit"], {});
        const layer = yearStateRefusal(year(status), access) !== null;
        expect([status, editLocked, importYearVerdict(year(status), editLocked)?.refused ?? false]).toEqual([status, editLocked, layer]);
      }
    }
  });

  test("the words: refused, or a warning to an admin who may change a locked year", () => {
    expect(importYearVerdict(year("active"), false)).toBeNull();
    expect(importYearVerdict(year("staging"), true)).toBeNull();
    expect(importYearVerdict(year("locked"), false)).toEqual({
      refused: true,
      message: "2026/27 is locked (published): imports into it are refused. Unlock the year first, or import into another year.",
    });
    expect(importYearVerdict(year("locked"), true)).toEqual({
      refused: false,
      message: "2026/27 is locked (published). You may change a locked year's records, so this import goes ahead: what it writes changes the published year's figures.",
    });
    expect(importYearVerdict(year("archived"), true)).toEqual({
      refused: true,
      message: "2026/27 is archived: it is read-only, and imports into it are refused. Import into the current or a staging year.",
    });
  });

  test("a department-scoped years.edit_locked is not enough for an import (it writes across the organisation)", () => {
    const scoped = Access.scoped(["lecturers.edit", "years.edit_locked"], { department_id: "d1" as never });
    expect(importYearVerdict(year("locked"), scoped.hasEverywhere("years.edit_locked"))?.refused).toBe(true);
  });
});
