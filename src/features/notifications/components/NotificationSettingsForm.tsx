/** The caller's notification settings: in-app notices, allocation emails (immediate, daily digest or off), scheduled reports. */
import { Card } from "@/ui/Card";
import { Select } from "@/ui/Select";
import { Spinner } from "@/ui/Spinner";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useNotificationSettings, type NotificationSettings } from "../hooks/useNotificationSettings";

export function NotificationSettingsForm() {
  const { settings, save } = useNotificationSettings();
  const toast = useToast();
  if (!settings) return <Spinner />;
  const change = (patch: Partial<NotificationSettings>) =>
    save({ ...settings, ...patch }).then(
      () => toast.show({ tone: "success", title: "Notification settings saved" }),
      (e) => toast.show({ tone: "error", title: "Not saved", description: getErrorInfo(e).message }),
    );
  const toggle = (key: keyof NotificationSettings, label: string) => (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      <input
        type="checkbox"
        className="h-4 w-4 rounded border-slate-300"
        checked={settings[key] === true}
        onChange={(e) => void change({ [key]: e.target.checked })}
      />
      {label}
    </label>
  );
  return (
    <Card title="Notification settings">
      <div className="space-y-2">
        {toggle("in_app_allocation_changes", "Tell me in the app when my allocations change")}
        {toggle("email_reports", "Email me scheduled reports")}
        <Select
          label="Email me about changes to my allocations"
          className="w-72"
          options={[
            { value: "immediate", label: "Soon after (several changes in one email)" },
            { value: "daily", label: "In a daily digest" },
            { value: "off", label: "Never" },
          ]}
          value={settings.digest}
          onChange={(e) => void change({ digest: e.target.value as NotificationSettings["digest"] })}
        />
      </div>
    </Card>
  );
}
