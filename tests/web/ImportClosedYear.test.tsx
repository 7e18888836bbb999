// The import wizard in a locked or archived year, by the server's own rule
// (lib/imports/closedYear.ts): an importer without years.edit_locked is told
// a locked year refuses imports, before any file is read, and the read
// button stays disabled; an admin who holds years.edit_locked is told the
// year is locked and that the import changes a published year, and may go
// on; an archived year refuses everyone; an active year imports as usual.
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "@convex/_generated/api";
import { ImportWizard } from "@/features/import/components/ImportWizard";
import { fakeId, resetBackend, setQuery, type MockBackend } from "./mockBackend";
import { grant, renderWithWorkspace, YEARS } from "./renderWithWorkspace";

const backend = vi.hoisted(() => ({ data: new Map(), mutations: new Map(), calls: [] }) as MockBackend);
vi.mock("convex/react", async () => (await import("./mockBackend")).convexReactMock(backend));

beforeEach(() => {
  resetBackend(backend);
  setQuery(backend, api.imports.imports.list, []);
});

const permissions = grant("lecturers.edit");

describe("import wizard and year states", () => {
  test("a locked year: the wizard says imports are refused and does not read files", () => {
    const locked = { ...YEARS[1], _id: fakeId<"academic_years">("y1"), status: "locked" as const };
    renderWithWorkspace(<ImportWizard />, { permissions, years: [locked], year: locked });
    expect(screen.getByTestId("import-year-closed")).toHaveTextContent("2026/27 is locked (published): imports into it are refused. Unlock the year first");
    expect(screen.getByRole("button", { name: "Read the file" })).toBeDisabled();
  });

  test("a locked year and an admin who may change locked years: a warning, not a refusal; the file can be read", async () => {
    const locked = { ...YEARS[1], _id: fakeId<"academic_years">("y1"), status: "locked" as const };
    renderWithWorkspace(<ImportWizard />, { permissions: grant("lecturers.edit", "years.edit_locked"), years: [locked], year: locked });
    expect(screen.queryByTestId("import-year-closed")).toBeNull();
    expect(screen.getByTestId("import-year-locked")).toHaveTextContent(
      "2026/27 is locked (published). You may change a locked year's records, so this import goes ahead: what it writes changes the published year's figures.",
    );
    expect(screen.getByTestId("import-year-locked")).not.toHaveTextContent("refused");
    await userEvent.upload(screen.getByLabelText("CSV or Excel (.xlsx) file"), new File(["email\n"], "staff.csv", { type: "text/csv" }));
    expect(screen.getByRole("button", { name: "Read the file" })).toBeEnabled();
  });

  test("an archived year is read-only, even to an admin who may change locked years", () => {
    const archived = { ...YEARS[1], status: "archived" as const };
    renderWithWorkspace(<ImportWizard />, { permissions: grant("lecturers.edit", "years.edit_locked"), years: [archived], year: archived });
    expect(screen.getByTestId("import-year-closed")).toHaveTextContent("2026/27 is archived: it is read-only, and imports into it are refused.");
    expect(screen.getByRole("button", { name: "Read the file" })).toBeDisabled();
  });

  test("the active year has no notice", () => {
    renderWithWorkspace(<ImportWizard />, { permissions });
    expect(screen.queryByTestId("import-year-closed")).toBeNull();
  });
});
