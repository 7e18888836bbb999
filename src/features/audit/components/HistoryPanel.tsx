/** The history panel of a lecturer, an iteration or an allocation (with the rows that belong to it). */
import { Spinner } from "@/ui/Spinner";
import { useGetHistoryOf, type HistorySubject } from "../hooks/useGetHistoryOf";
import { HistoryList } from "./HistoryList";

export function HistoryPanel({ subject }: { subject: HistorySubject }) {
  const rows = useGetHistoryOf(subject);
  if (!rows) return <Spinner label="Loading history…" />;
  return <HistoryList rows={rows} />;
}
