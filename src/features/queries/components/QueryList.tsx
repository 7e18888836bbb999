/**
 * Lecturers' open queries for the planner: who queried what, their comment,
 * the allocation as it stands (with a link to change it in the editor), and
 * an answer box; the lecturer is told the answer. Changing the allocation
 * itself sends it back to them to accept again.
 */
import { useState } from "react";
import { Link } from "react-router";
import { Button } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { Spinner } from "@/ui/Spinner";
import { useToast } from "@/ui/useToast";
import { formatDateTime } from "@/lib/formatDateTime";
import { formatHours } from "@/lib/formatHours";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useListQueries, type OpenQuery } from "../hooks/useListQueries";
import { useReplyToQuery } from "../hooks/useReplyToQuery";

function QueryItem({ q }: { q: OpenQuery }) {
  const reply = useReplyToQuery();
  const toast = useToast();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    try {
      await reply(q.id, q.version, text);
      setText("");
      toast.show({ tone: "success", title: "Answer sent", description: `${q.lecturer_name} is told.` });
    } catch (e) {
      toast.show({ tone: "error", title: "Not sent", description: getErrorInfo(e).message });
    } finally {
      setBusy(false);
    }
  };
  const id = `reply-${q.id}`;
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4" data-testid="open-query">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-sm">
          <span className="font-semibold text-slate-900">{q.lecturer_name}</span> queried{" "}
          <Link to={`/allocations/${q.module_iteration_id}`} className="font-medium text-indigo-700 hover:underline">
            {q.iteration_code}
          </Link>{" "}
          {q.module_title} · {q.allocation_type_name}
          {q.group_name ? ` (${q.group_name})` : ""}: {q.share}%, {formatHours(q.hours)}
        </p>
        {q.responded_at && <span className="text-xs text-slate-600">{formatDateTime(q.responded_at)}</span>}
      </div>
      <blockquote className="mt-1 border-l-2 border-amber-300 pl-2 text-sm text-slate-700">“{q.response_comment}”</blockquote>
      {q.reply && (
        <p className="mt-1 text-xs text-slate-600">
          Answered by {q.replied_by_name}: “{q.reply}”
        </p>
      )}
      <form
        className="mt-2 flex flex-col gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) void send();
        }}
      >
        <label htmlFor={id} className="text-xs font-medium text-slate-700">
          Answer for {q.lecturer_name}
        </label>
        <textarea id={id} rows={2} value={text} onChange={(e) => setText(e.target.value)} className="w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm" />
        <div className="flex justify-end">
          <Button size="sm" type="submit" variant="primary" loading={busy} disabled={!text.trim()}>
            Send answer
          </Button>
        </div>
      </form>
    </li>
  );
}

export function QueryList() {
  const queries = useListQueries();
  if (!queries) return <Spinner label="Loading queries…" />;
  if (queries.length === 0) return <EmptyState title="No open queries" description="When a lecturer queries an allocation you plan, it appears here and in your notifications." />;
  return (
    <ul className="space-y-3" aria-label="Open queries">
      {queries.map((q) => (
        <QueryItem key={q.id} q={q} />
      ))}
    </ul>
  );
}
