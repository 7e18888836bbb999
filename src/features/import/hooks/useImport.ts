/** One import, live: its stage, counts and job progress, its rows a page at a time (optionally one status only), and fixing a row. */
import { useMutation, usePaginatedQuery, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type ImportRow = FunctionReturnType<typeof api.imports.imports.rows>["page"][number];
export type RowFilter = "all" | "ok" | "warning" | "error";

const PAGE = 50;

export function useImport(importId: string | null, filter: RowFilter) {
  const { organisationId } = useWorkspace();
  const id = importId ? toId<"data_sync_logs">(importId) : null;
  const view = useQuery(api.imports.imports.get, id ? { organisationId, importId: id } : "skip");
  const fixRowMutation = useMutation(api.imports.imports.fixRow);
  const rows = usePaginatedQuery(
    api.imports.imports.rows,
    id ? { organisationId, importId: id, status: filter === "all" ? undefined : filter } : "skip",
    { initialNumItems: PAGE },
  );
  return {
    view,
    rows: rows.results,
    status: rows.status,
    loadMore: () => rows.loadMore(PAGE),
    /** Replaces a row's cells and checks it again (before the commit). */
    fixRow: (rowId: string, cells: Record<string, string>) =>
      fixRowMutation({ organisationId, importId: id!, rowId: toId<"import_rows">(rowId), cells }),
  };
}
