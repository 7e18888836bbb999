/** A list of notifications, unread ones marked, each with its time. */
import { formatDateTime } from "@/lib/formatDateTime";
import { cn } from "@/lib/cn";
import type { AppNotification } from "../hooks/useListNotifications";

export function NotificationList({ items, onOpen }: { items: AppNotification[]; onOpen?: (n: AppNotification) => void }) {
  if (items.length === 0) return <p className="py-4 text-center text-sm text-slate-500">No notifications yet.</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {items.map((n) => (
        <li key={n._id}>
          <button
            type="button"
            onClick={() => onOpen?.(n)}
            className={cn("flex w-full flex-col items-start gap-0.5 px-1 py-2 text-left hover:bg-slate-50", !n.read_at && "font-medium")}
          >
            <span className="flex items-center gap-1.5 text-sm text-slate-800">
              {!n.read_at && <span className="h-1.5 w-1.5 rounded-full bg-indigo-600" aria-label="unread" />}
              {n.title}
            </span>
            <span className="text-xs font-normal text-slate-500">{n.body}</span>
            <span className="text-[11px] font-normal text-slate-500">{formatDateTime(n.created_at)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
