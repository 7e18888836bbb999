/** One external system's sync log, live, newest first, a page at a time (older pages on demand). */
import { usePaginatedQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type SyncLogEntry = FunctionReturnType<typeof api.imports.feeds.syncLog>["page"][number];

/** Entries shown at first and added by each "Show older". */
const SYNC_LOG_PAGE = 10;

export function useSyncLog(systemId: string) {
  const { organisationId } = useWorkspace();
  const { results, status, loadMore } = usePaginatedQuery(
    api.imports.feeds.syncLog,
    { organisationId, externalSystemId: toId<"external_systems">(systemId) },
    { initialNumItems: SYNC_LOG_PAGE },
  );
  return {
    entries: status === "LoadingFirstPage" ? undefined : results,
    /** More (older) entries exist than are shown. */
    hasMore: status === "CanLoadMore" || status === "LoadingMore",
    loadingMore: status === "LoadingMore",
    loadMore: () => loadMore(SYNC_LOG_PAGE),
  };
}
