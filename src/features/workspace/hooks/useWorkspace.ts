/** The current organisation, year and permissions; throws outside a WorkspaceProvider. */
import { useContext } from "react";
import { WorkspaceContext } from "../components/WorkspaceContext";

export function useWorkspace() {
  const ws = useContext(WorkspaceContext);
  if (!ws) throw new Error("useWorkspace must be used inside WorkspaceProvider");
  return ws;
}
