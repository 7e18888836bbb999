// The rules hook against a mocked backend: creating a rule resolves to the
// new rule's id (the editor selects it), and writes name the chosen year.
import { renderHook } from "@testing-library/react";
import { getFunctionName } from "convex/server";
import type { ReactNode } from "react";
import { describe, expect, test, vi } from "vitest";
import { WorkspaceContext } from "@/features/workspace/components/WorkspaceContext";
import { useRules } from "@/features/rules/hooks/useRules";
import { makeWorkspace } from "./renderWithWorkspace";

const backend = vi.hoisted(() => ({ mutations: {} as Record<string, (...args: unknown[]) => Promise<unknown>> }));

vi.mock("convex/react", () => ({
  useQuery: () => undefined,
  useMutation: (ref: unknown) => {
    const name = getFunctionName(ref as never);
    return (...a: unknown[]) => (backend.mutations[name] ?? (async () => null))(...a);
  },
}));

const wrapper = ({ children }: { children: ReactNode }) => (
  <WorkspaceContext.Provider value={makeWorkspace()}>{children}</WorkspaceContext.Provider>
);

describe("useRules", () => {
  test("create resolves to the new rule's id", async () => {
    const create = vi.fn().mockResolvedValue({ id: "r9", version: 1, sample_result: 40, recompute_job_id: "j1" });
    backend.mutations["workload/rules:create"] = create;
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
