// The rules hook against a mocked backend: creating a rule resolves to the
// new rule's id (the editor selects it), and writes name the chosen year.
import { renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, test, vi } from "vitest";
import { WorkspaceContext } from "@/features/workspace/components/WorkspaceContext";
import { useRules } from "@/features/rules/hooks/useRules";
import { api } from "@/lib/api";
import { fakeId, onMutation, type MockBackend, type MutationMock } from "./mockBackend";
import { makeWorkspace } from "./renderWithWorkspace";

const backend = vi.hoisted(() => ({ data: new Map(), mutations: new Map(), calls: [] }) as MockBackend);
vi.mock("convex/react", async () => (await import("./mockBackend")).convexReactMock(backend));

const wrapper = ({ children }: { children: ReactNode }) => (
  <WorkspaceContext.Provider value={makeWorkspace()}>{children}</WorkspaceContext.Provider>
);

describe("useRules", () => {
  test("create resolves to the new rule's id", async () => {
    const create = vi.fn<MutationMock<typeof api.workload.rules.create>>().mockResolvedValue({ id: fakeId("r9"), version: 1, sample_result: 40, recompute_job_id: fakeId("j1") });
    onMutation(backend, api.workload.rules.create, create);
    const { result } = renderHook(() => useRules(), { wrapper });
    const rule = {
      name: "Contact",
      formula: "credits * 2",
      conditions: {},
      priority: 10,
      rounding: "none" as const,
      rounding_step: 0.5,
      is_active: true,
    };
    await expect(result.current.create(rule)).resolves.toBe("r9");
    expect(create).toHaveBeenCalledWith({ organisationId: "org1", academicYearId: "y1", rule });
  });
});
