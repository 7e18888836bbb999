// The import wizard in a locked or archived year: it says why imports are
// refused (the server's own message) before any file is read, and the read
// button stays disabled; an active year imports as usual.
import { screen } from "@testing-library/react";
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

  test("an archived year is read-only", () => {
    const archived = { ...YEARS[1], status: "archived" as const };
    renderWithWorkspace(<ImportWizard />, { permissions, years: [archived], year: archived });
    expect(screen.getByTestId("import-year-closed")).toHaveTextContent("2026/27 is archived: it is read-only");
  });

  test("the active year has no notice", () => {
    renderWithWorkspace(<ImportWizard />, { permissions });
    expect(screen.queryByTestId("import-year-closed")).toBeNull();
  });
});
