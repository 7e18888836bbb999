/**
 * Presence in the allocation editor: sends a heartbeat every few seconds
 * (which iteration is open, which cell is being edited) and lists the others
 * here. Entries whose heartbeat is older than the timeout are dropped on the
 * client too, so someone who closed their laptop fades out.
 */
import { useMutation, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useEffect, useRef, useState } from "react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type PresenceEntry = FunctionReturnType<typeof api.collaboration.presence.list>[number];

const HEARTBEAT_MS = 4000;
const STALE_MS = 30_000;
export const EDITOR_LOCATION = "editor";

export function usePresence(iterationId: string | null, editingCell: string | null): PresenceEntry[] {
  const { organisationId, academicYearId } = useWorkspace();
  const beat = useMutation(api.collaboration.presence.heartbeat);
  const leave = useMutation(api.collaboration.presence.leave);
  const latest = useRef({ iterationId, editingCell });
  latest.current = { iterationId, editingCell };

  useEffect(() => {
    if (!academicYearId) return;
    const send = () => {
      const { iterationId: it, editingCell: cell } = latest.current;
      beat({
        organisationId,
        academicYearId,
        location: EDITOR_LOCATION,
        ...(it ? { moduleIterationId: toId<"module_iterations">(it) } : {}),
        ...(cell ? { editingCell: cell } : {}),
      }).catch(() => {});
    };
    send();
    const t = setInterval(send, HEARTBEAT_MS);
    return () => {
      clearInterval(t);
      leave({ organisationId, academicYearId, location: EDITOR_LOCATION }).catch(() => {});
    };
  }, [organisationId, academicYearId, beat, leave]);

  // Send at once when the iteration or edited cell changes (others see it within a second).
  useEffect(() => {
    if (!academicYearId) return;
    beat({
      organisationId,
      academicYearId,
      location: EDITOR_LOCATION,
      ...(iterationId ? { moduleIterationId: toId<"module_iterations">(iterationId) } : {}),
      ...(editingCell ? { editingCell } : {}),
    }).catch(() => {});
  }, [iterationId, editingCell, organisationId, academicYearId, beat]);

  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, []);

  const others = useQuery(
    api.collaboration.presence.list,
    academicYearId ? { organisationId, academicYearId, location: EDITOR_LOCATION } : "skip",
  );
  return (others ?? []).filter((p) => now - p.lastHeartbeat < STALE_MS);
}
