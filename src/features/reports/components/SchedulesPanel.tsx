/**
 * Schedules: a template sent at a local time in a timezone to people (a
 * member, every holder of a role in their own scope, every lecturer their own
 * statement, addresses in the organisation's domains). The next run is shown
 * in the schedule's local time; "Send now" runs it at once.
 */
import { useState } from "react";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import type { Recipient, ReportSchedule, ReportTemplate, ScheduleInput } from "../hooks/useReports";
import { DeliveriesList } from "./DeliveriesList";

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

type Choices = { roles: { id: string; name: string }[]; members: { id: string; name: string; email: string }[]; domains: string[]; timezone: string };

export function SchedulesPanel({
  schedules,
  templates,
  choices,
  canManage,
  onCreate,
  onSendNow,
  onSetEnabled,
  onRemove,
}: {
  schedules: ReportSchedule[];
  templates: ReportTemplate[];
  choices: Choices | undefined;
  canManage: boolean;
  onCreate: (s: ScheduleInput) => Promise<unknown>;
  onSendNow: (id: string) => Promise<unknown>;
  onSetEnabled: (id: string, enabled: boolean) => Promise<unknown>;
  onRemove: (id: string) => Promise<unknown>;
}) {
  const toast = useToast();
  const fail = (title: string) => (e: unknown) => toast.show({ tone: "error", title, description: getErrorInfo(e).message });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Card title="Schedules">
      {schedules.length === 0 && <p className="text-sm text-slate-500">No schedules yet.</p>}
      <ul className="divide-y divide-slate-100">
        {schedules.map((s) => (
          <li key={s.id} className="py-3" data-testid="schedule">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <div>
                <p className="font-medium text-slate-800">
                  {s.name} <span className="text-xs font-normal text-slate-500">({s.kind_label})</span>
                </p>
                <p className="text-xs text-slate-600">{s.description}</p>
                <p className="text-xs text-slate-600" data-testid="next-run">
                  {s.enabled ? `Next: ${s.next_run_local}` : "Paused"}
                  {s.last_status && (
                    <>
                      {" · last run "}
                      <Badge tone={s.last_status === "sent" ? "green" : s.last_status === "running" ? "blue" : "red"}>{s.last_status}</Badge>
                    </>
                  )}
                </p>
                {s.last_error && <p className="text-xs text-red-700">{s.last_error}</p>}
                <p className="text-xs text-slate-500">To: {s.recipients.map((r) => r.label).join("; ")}</p>
              </div>
              <div className="flex gap-1">
                {canManage && (
                  <>
                    <Button size="sm" variant="primary" onClick={() => void onSendNow(s.id).then(() => toast.show({ tone: "success", title: "Sending now" }), fail("Not sent"))}>
                      Send now
                    </Button>
                    <Button size="sm" onClick={() => void onSetEnabled(s.id, !s.enabled).catch(fail("Not changed"))}>
                      {s.enabled ? "Pause" : "Resume"}
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => void onRemove(s.id).catch(fail("Not deleted"))}>
                      Delete
                    </Button>
                  </>
                )}
                <Button size="sm" variant="ghost" onClick={() => setOpen(open === s.id ? null : s.id)}>
                  {open === s.id ? "Hide emails" : "Emails"}
                </Button>
              </div>
            </div>
            {open === s.id && (
              <div className="mt-2 rounded bg-slate-50 p-2">
                <DeliveriesList scheduleId={s.id} canRetry={canManage} />
              </div>
            )}
          </li>
        ))}
      </ul>
      {canManage && templates.length > 0 && choices && <NewSchedule templates={templates} choices={choices} onCreate={onCreate} />}
    </Card>
  );
}

function NewSchedule({ templates, choices, onCreate }: { templates: ReportTemplate[]; choices: Choices; onCreate: (s: ScheduleInput) => Promise<unknown> }) {
  const toast = useToast();
  const hod = choices.roles.find((r) => r.name === "Head of Department");
  const [templateId, setTemplateId] = useState<string>(templates[0].id);
  const [frequency, setFrequency] = useState<ScheduleInput["frequency"]>("weekly");
  const [weekday, setWeekday] = useState(1);
  const [dayOfMonth, setDayOfMonth] = useState(1);
  const [localTime, setLocalTime] = useState("08:00");
  const [timezone, setTimezone] = useState(choices.timezone);
  const [memberId, setMemberId] = useState("");
  const [toHeads, setToHeads] = useState(false);
  const [toLecturers, setToLecturers] = useState(false);
  const [addresses, setAddresses] = useState("");
  return (
    <form
      className="mt-4 grid grid-cols-1 gap-3 border-t border-slate-100 pt-3 md:grid-cols-4"
      aria-label="New schedule"
      onSubmit={(e) => {
        e.preventDefault();
        const recipients: Recipient[] = [];
        if (memberId) recipients.push({ kind: "user", user_id: memberId });
        if (toHeads && hod) recipients.push({ kind: "role", role_id: hod.id });
        if (toLecturers) recipients.push({ kind: "lecturers" });
        for (const a of addresses.split(/[,;\s]+/).filter(Boolean)) recipients.push({ kind: "email", address: a });
        void onCreate({ templateId, frequency, localTime, timezone, weekday, dayOfMonth, recipients, enabled: true }).then(
          () => toast.show({ tone: "success", title: "Schedule saved" }),
          (err) => toast.show({ tone: "error", title: "Schedule not saved", description: getErrorInfo(err).message }),
        );
      }}
    >
      <Select label="Template" value={templateId} onChange={(e) => setTemplateId(e.target.value)} options={templates.map((t) => ({ value: t.id, label: t.name }))} />
      <Select
        label="How often"
        value={frequency}
        onChange={(e) => setFrequency(e.target.value as ScheduleInput["frequency"])}
        options={[
          { value: "daily", label: "Daily" },
          { value: "weekly", label: "Weekly" },
          { value: "monthly", label: "Monthly" },
        ]}
      />
      {frequency === "weekly" && (
        <Select label="On" value={String(weekday)} onChange={(e) => setWeekday(Number(e.target.value))} options={WEEKDAYS.map((d, i) => ({ value: String(i + 1), label: d }))} />
      )}
      {frequency === "monthly" && <Input label="Day of the month" type="number" min={1} max={31} value={dayOfMonth} onChange={(e) => setDayOfMonth(Number(e.target.value))} />}
      <Input label="Local time" type="time" value={localTime} onChange={(e) => setLocalTime(e.target.value)} />
      <Input label="Timezone (IANA)" value={timezone} onChange={(e) => setTimezone(e.target.value)} />
      <Select
        label="Send to a member"
        value={memberId}
        onChange={(e) => setMemberId(e.target.value)}
        options={[{ value: "", label: "Nobody" }, ...choices.members.map((m) => ({ value: m.id, label: `${m.name} (${m.email})` }))]}
      />
      <div className="flex flex-col justify-end gap-1 text-sm text-slate-700">
        {hod && (
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={toHeads} onChange={(e) => setToHeads(e.target.checked)} /> Every head of department (their own department)
          </label>
        )}
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={toLecturers} onChange={(e) => setToLecturers(e.target.checked)} /> Every lecturer (their own statement)
        </label>
      </div>
      <Input
        label="Addresses"
        placeholder={choices.domains.length ? `name@${choices.domains[0]}` : "No domains allowed"}
        hint={choices.domains.length ? `They receive what you may see. Allowed: ${choices.domains.join(", ")}` : undefined}
        value={addresses}
        onChange={(e) => setAddresses(e.target.value)}
      />
      <div className="flex items-end">
        <Button type="submit" variant="primary">
          Add schedule
        </Button>
      </div>
    </form>
  );
}
