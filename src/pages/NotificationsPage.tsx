/** Route: /notifications — all my notifications and my notification settings. */
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { PageHeader } from "@/ui/PageHeader";
import { Spinner } from "@/ui/Spinner";
import { NotificationList } from "@/features/notifications/components/NotificationList";
import { NotificationSettingsForm } from "@/features/notifications/components/NotificationSettingsForm";
import { useListNotifications } from "@/features/notifications/hooks/useListNotifications";
import { useMarkNotificationsRead } from "@/features/notifications/hooks/useMarkNotificationsRead";

export function NotificationsPage() {
  const items = useListNotifications();
  const markRead = useMarkNotificationsRead();
  return (
    <div className="grid grid-cols-12 gap-4">
      <div className="col-span-12">
        <PageHeader
          title="Notifications"
          actions={
            items?.some((n) => !n.read_at) && (
              <Button size="sm" onClick={() => void markRead()}>
                Mark all read
              </Button>
            )
          }
        />
      </div>
      <Card title="Latest" className="col-span-12 lg:col-span-7">
        {!items ? <Spinner /> : <NotificationList items={items} onOpen={(n) => !n.read_at && void markRead(n._id)} />}
      </Card>
      <div className="col-span-12 lg:col-span-5">
        <NotificationSettingsForm />
      </div>
    </div>
  );
}
