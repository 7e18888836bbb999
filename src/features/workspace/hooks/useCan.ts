/**
 * `const can = useCan(); can("allocations.edit")` — hides controls the server would refuse.
 * `can("modules.edit", { departmentId })` for a row in a department; `can("rules.edit", "everywhere")`
 * for organisation-level objects, which only an organisation-wide grant changes.
 */
import { useCallback } from "react";
import { hasPermission } from "../utils/hasPermission";
import { useWorkspace } from "./useWorkspace";

export function useCan() {
  const { permissions } = useWorkspace();
  return useCallback(
    (permission: string, target?: { departmentId?: string | null; teamId?: string | null } | "everywhere") =>
      hasPermission(permissions, permission, target),
    [permissions],
  );
}
