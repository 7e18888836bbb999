// The local dev sign-in: seeded people with their roles, filtering, and
// signing in as the one picked (or as any email typed).
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import { DevSignIn } from "@/features/auth/components/DevSignIn";
import { SessionContext } from "@/features/auth/components/SessionContext";
import { api } from "@/lib/api";
import { setQuery, type MockBackend } from "./mockBackend";

const backend = vi.hoisted(() => ({ data: new Map(), mutations: new Map(), calls: [] }) as MockBackend);
vi.mock("convex/react", async () => (await import("./mockBackend")).convexReactMock(backend));
setQuery(backend, api.devSignIn.listUsers, [
  { email: "admin@nbu.ac.uk", name: "Alex Admin", organisationName: "Northbridge University", roles: ["Admin"] },
  { email: "planner@nbu.ac.uk", name: "Priya Planner", organisationName: "Northbridge University", roles: ["Planner"] },
  { email: "ada@nbu.ac.uk", name: "Ada Lovelace", organisationName: "Northbridge University", roles: ["Lecturer"] },
]);

function renderSignIn(signIn = vi.fn().mockResolvedValue(undefined)) {
  render(
    <SessionContext.Provider value={{ mode: "dev", user: null, isLoading: false, signIn, signOut: () => {} }}>
      <DevSignIn />
    </SessionContext.Provider>,
  );
  return signIn;
}

describe("DevSignIn", () => {
  test("lists the demo people with their roles and signs in as the one picked", async () => {
    const signIn = renderSignIn();
    expect(screen.getAllByTestId("dev-user")).toHaveLength(3);
    expect(screen.getByText("Planner")).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole("button", { name: /Priya Planner/ }));
    expect(signIn).toHaveBeenCalledWith(expect.objectContaining({ email: "planner@nbu.ac.uk", name: "Priya Planner" }));
  });

  test("filters by role and explains a bad email", async () => {
    const signIn = renderSignIn();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Filter people"), "lecturer");
    expect(screen.getAllByTestId("dev-user")).toHaveLength(1);
    await user.type(screen.getByLabelText("Or sign in as any email"), "not-an-email");
    await user.click(screen.getByRole("button", { name: "Continue" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Enter a valid email address.");
    expect(signIn).not.toHaveBeenCalled();
  });

  test("a refused sign-in is shown, not swallowed", async () => {
    renderSignIn(vi.fn().mockRejectedValue(new Error("The dev sign-in service refused (500).")));
    await userEvent.setup().click(screen.getByRole("button", { name: /Alex Admin/ }));
    expect(await screen.findByRole("alert")).toHaveTextContent("refused (500)");
  });
});
