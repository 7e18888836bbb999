/**
 * The history panel of a lecturer (their record, profile and allocations),
 * an iteration (itself, its groups and allocations) or one allocation,
 * newest first.
 */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { AuditEntry } from "./useListAuditLogs";

export type HistorySubject = { kind: "lecturer" | "iteration" | "allocation"; id: string };

function subjectArg(s: HistorySubject) {
  if (s.kind === "lecturer") return { kind: s.kind, id: toId<"lecturers">(s.id) };
  if (s.kind === "iteration") return { kind: s.kind, id: toId<"module_iterations">(s.id) };
  return { kind: s.kind, id: toId<"module_allocations">(s.id) };
}

export function useGetHistoryOf(subject: HistorySubject | null): AuditEntry[] | undefined {
  const { organisationId } = useWorkspace();
  return useQuery(api.audit.logs.historyOf, subject ? { organisationId, subject: subjectArg(subject) } : "skip");
}
