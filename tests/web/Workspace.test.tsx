// The header's year switch (staging marked unmistakably), the sidebar hiding
// what a role may not open, and the rules behind them.
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import { Sidebar } from "@/features/shell/components/Sidebar";
import { StagingBanner } from "@/features/workspace/components/StagingBanner";
import { YearSwitcher } from "@/features/workspace/components/YearSwitcher";
import { hasPermission } from "@/features/workspace/utils/hasPermission";
import { pickAcademicYear } from "@/features/workspace/utils/pickAcademicYear";
import { grant, renderWithWorkspace, YEARS } from "./renderWithWorkspace";

describe("YearSwitcher", () => {
  test("lists the years with their status and saves the choice", async () => {
    const setAcademicYearId = vi.fn();
    renderWithWorkspace(<YearSwitcher />, { setAcademicYearId });
    const select = screen.getByLabelText("Academic year");
    expect(select).toHaveValue("y1");
    expect(screen.getByRole("option", { name: "2027/28 (staging)" })).toBeInTheDocument();
    expect(screen.queryByText("Staging")).toBeNull();
    await userEvent.setup().selectOptions(select, "y2");
    expect(setAcademicYearId).toHaveBeenCalledWith("y2");
  });

  test("a staging year is marked in the header and by a banner", () => {
    renderWithWorkspace(
      <>
        <YearSwitcher />
        <StagingBanner />
      </>,
      { year: YEARS[0], academicYearId: "y2" },
    );
    expect(screen.getByText("Staging")).toBeInTheDocument();
    expect(screen.getByRole("note")).toHaveTextContent("STAGING year 2027/28");
  });
});

describe("Sidebar", () => {
  test("a lecturer sees only their own pages and the catalogue", () => {
    renderWithWorkspace(<Sidebar />, { permissions: grant("allocations.view_own", "modules.view", "structure.view") });
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(nav).toHaveTextContent("My workload");
    expect(nav).toHaveTextContent("Modules");
    expect(nav).not.toHaveTextContent("Dashboard");
    expect(nav).not.toHaveTextContent("Allocation editor");
    expect(nav).not.toHaveTextContent("Users & invitations");
    expect(nav).not.toHaveTextContent("Audit trail");
  });

  test("an administrator sees the administration pages", () => {
    renderWithWorkspace(<Sidebar />, {
      permissions: grant(
        "allocations.view",
        "organisation.manage",
        "users.manage",
        "roles.manage",
        "rules.view",
        "audit.view",
        "structure.view",
      ),
    });
    for (const name of [
      "Dashboard",
      "Organisation",
      "Users & invitations",
      "Roles",
      "Calculation rules",
      "Audit trail",
      "Reference data",
    ]) {
      expect(screen.getByRole("link", { name })).toBeInTheDocument();
    }
  });
});

describe("permissions and year choice", () => {
  test("a department-scoped grant applies only in that department", () => {
    const grants = [{ permission: "allocations.edit", all: false, departments: ["d1"], teams: [] }];
    expect(hasPermission(grants, "allocations.edit")).toBe(true);
    expect(hasPermission(grants, "allocations.edit", { departmentId: "d1" })).toBe(true);
    expect(hasPermission(grants, "allocations.edit", { departmentId: "d2" })).toBe(false);
    expect(hasPermission(grants, "rules.edit")).toBe(false);
  });

  test("the chosen year wins, then the saved preference, then the active year", () => {
    expect(pickAcademicYear(YEARS, null, null)?._id).toBe("y1");
    expect(pickAcademicYear(YEARS, null, "y2")?._id).toBe("y2");
    expect(pickAcademicYear(YEARS, "y1", "y2")?._id).toBe("y1");
    expect(pickAcademicYear(YEARS, null, "gone")?._id).toBe("y1");
    expect(pickAcademicYear([], null, null)).toBeNull();
  });
});
