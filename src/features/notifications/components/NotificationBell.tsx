/**
 * The header's bell: unread count, and the latest notifications in a
 * popover. Failing to load them never breaks the header.
 */
import { Link, useNavigate } from "react-router";
import { Popover } from "@/ui/Popover";
import { QueryBoundaryQuiet } from "@/ui/QueryBoundaryQuiet";
import { useListNotifications } from "../hooks/useListNotifications";
import { useMarkNotificationsRead } from "../hooks/useMarkNotificationsRead";
import { NotificationList } from "./NotificationList";

function Bell() {
  const items = useListNotifications();
  const markRead = useMarkNotificationsRead();
  const navigate = useNavigate();
  const unread = items?.filter((n) => !n.read_at).length ?? 0;
  return (
    <Popover
      align="right"
      className="w-80"
      trigger={(p) => (
        <button
          type="button"
          {...p}
          aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
          className="relative grid h-8 w-8 place-items-center rounded-md text-slate-600 hover:bg-slate-100"
        >
          <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
            <path d="M18 8a6 6 0 10-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 01-3.4 0" />
          </svg>
          {unread > 0 && (
            <span className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-red-600 px-1 text-[10px] font-semibold leading-4 text-white">
              {unread}
            </span>
          )}
        </button>
      )}
    >
      <div className="mb-1 flex items-center justify-between">
        <p className="text-sm font-semibold">Notifications</p>
        {unread > 0 && (
          <button type="button" className="text-xs text-indigo-600 hover:underline" onClick={() => void markRead()}>
            Mark all read
          </button>
        )}
      </div>
      <div className="max-h-80 overflow-auto">
        <NotificationList
          items={(items ?? []).slice(0, 8)}
          onOpen={(n) => {
            if (!n.read_at) void markRead(n._id);
            if (n.entity_type === "module_allocations") navigate("/my-workload");
          }}
        />
      </div>
      <Link to="/notifications" className="mt-2 block text-center text-xs text-indigo-600 hover:underline">
        All notifications and settings
      </Link>
    </Popover>
  );
}

export function NotificationBell() {
  return (
    <QueryBoundaryQuiet>
      <Bell />
    </QueryBoundaryQuiet>
  );
}
