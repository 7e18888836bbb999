/** The Reports page's data and actions: kinds, templates, executions, schedules, running and sending. */
import { useMutation, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type ReportKindInfo = FunctionReturnType<typeof api.reports.templates.kinds>[number];
export type ReportTemplate = FunctionReturnType<typeof api.reports.templates.list>[number];
export type ReportExecution = FunctionReturnType<typeof api.reports.executions.list>[number];
export type ReportSchedule = FunctionReturnType<typeof api.reports.schedules.list>[number];
export type ReportFormat = "csv" | "xlsx" | "pdf";
export type ReportFilters = {
  department_id?: string;
  team_id?: string;
  faculty_id?: string;
  lecturer_id?: string;
  academic_year_id?: string;
  /** Year comparison: the year set beside the report's (unset: the current year, or the planning year after it). */
  compare_year_id?: string;
};
export type Recipient =
  | { kind: "user"; user_id: string }
  | { kind: "role"; role_id: string }
  | { kind: "lecturers" }
  | { kind: "email"; address: string };
export type ScheduleInput = {
  templateId: string;
  name?: string;
  frequency: "daily" | "weekly" | "monthly";
  localTime: string;
  timezone: string;
  weekday?: number;
  dayOfMonth?: number;
  recipients: Recipient[];
  enabled: boolean;
};

function filtersOf(f: ReportFilters) {
  return {
    department_id: f.department_id ? toId<"departments">(f.department_id) : undefined,
    team_id: f.team_id ? toId<"teams">(f.team_id) : undefined,
    faculty_id: f.faculty_id ? toId<"faculties">(f.faculty_id) : undefined,
    lecturer_id: f.lecturer_id ? toId<"lecturers">(f.lecturer_id) : undefined,
    academic_year_id: f.academic_year_id ? toId<"academic_years">(f.academic_year_id) : undefined,
    compare_year_id: f.compare_year_id ? toId<"academic_years">(f.compare_year_id) : undefined,
  };
}

function recipientOf(r: Recipient) {
  if (r.kind === "user") return { kind: "user" as const, user_id: toId<"users">(r.user_id) };
  if (r.kind === "role") return { kind: "role" as const, role_id: toId<"roles">(r.role_id) };
  return r;
}

export function useReports({ manage }: { manage: boolean }) {
  const { organisationId } = useWorkspace();
  const kinds = useQuery(api.reports.templates.kinds, { organisationId });
  const templates = useQuery(api.reports.templates.list, { organisationId });
  const executions = useQuery(api.reports.executions.list, { organisationId, limit: 20 });
  const schedules = useQuery(api.reports.schedules.list, { organisationId });
  const choices = useQuery(api.reports.schedules.recipientChoices, manage ? { organisationId } : "skip");
  const runMutation = useMutation(api.reports.executions.run);
  const createTemplateMutation = useMutation(api.reports.templates.create);
  const removeTemplateMutation = useMutation(api.reports.templates.remove);
  const createScheduleMutation = useMutation(api.reports.schedules.create);
  const sendNowMutation = useMutation(api.reports.schedules.sendNow);
  const setEnabledMutation = useMutation(api.reports.schedules.setEnabled);
  const removeScheduleMutation = useMutation(api.reports.schedules.remove);
  return {
    kinds,
    templates,
    executions,
    schedules,
    choices,
    runTemplate: (templateId: string) => runMutation({ organisationId, templateId: toId<"report_templates">(templateId) }),
    runReport: (report: { name?: string; kind: ReportKindInfo["kind"]; formats: ReportFormat[]; filters: ReportFilters }) =>
      runMutation({ organisationId, report: { ...report, filters: filtersOf(report.filters) } }),
    createTemplate: (t: { name: string; kind: ReportKindInfo["kind"]; formats: ReportFormat[]; filters: ReportFilters }) =>
      createTemplateMutation({ organisationId, ...t, filters: filtersOf(t.filters) }),
    removeTemplate: (id: string) => removeTemplateMutation({ organisationId, id: toId<"report_templates">(id) }),
    createSchedule: (s: ScheduleInput) =>
      createScheduleMutation({ organisationId, ...s, templateId: toId<"report_templates">(s.templateId), recipients: s.recipients.map(recipientOf) }),
    sendNow: (id: string) => sendNowMutation({ organisationId, id: toId<"scheduled_reports">(id) }),
    setEnabled: (id: string, enabled: boolean) => setEnabledMutation({ organisationId, id: toId<"scheduled_reports">(id), enabled }),
    removeSchedule: (id: string) => removeScheduleMutation({ organisationId, id: toId<"scheduled_reports">(id) }),
  };
}
