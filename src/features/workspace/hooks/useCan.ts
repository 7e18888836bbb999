/** `const can = useCan(); can("allocations.edit")` — hides controls the server would refuse. */
import { useCallback } from "react";
import { hasPermission } from "../utils/hasPermission";
import { useWorkspace } from "./useWorkspace";

export function useCan() {
  const { permissions } = useWorkspace();
  return useCallback(
    (permission: string, target?: { departmentId?: string | null; teamId?: string | null }) =>
      hasPermission(permissions, permission, target),
    [permissions],
  );
}
