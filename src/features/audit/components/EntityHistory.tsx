/** The change history of one or more entities (any audited table), merged and newest first. */
import { Spinner } from "@/ui/Spinner";
import { useGetEntityHistory } from "../hooks/useGetEntityHistory";
import { HistoryList } from "./HistoryList";

export function EntityHistory({ entities }: { entities: { type: string; id: string | null }[] }) {
  const a = useGetEntityHistory(entities[0]?.type ?? "", entities[0]?.id ?? null);
  const b = useGetEntityHistory(entities[1]?.type ?? "", entities[1]?.id ?? null);
  if ((entities[0]?.id && !a) || (entities[1]?.id && !b)) return <Spinner label="Loading history…" />;
  const rows = [...(a ?? []), ...(b ?? [])].sort((x, y) => y.created_at - x.created_at);
  return <HistoryList rows={rows} />;
}
