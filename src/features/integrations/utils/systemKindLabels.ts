/** What each kind of external system is called on the page (the wizard's uploads and the mail relay included). */
export const SYSTEM_KIND_LABELS: Record<string, string> = {
  hr_feed: "HR system",
  student_records: "Student records",
  timetabling: "Timetabling",
  spreadsheet: "Uploads in the app",
  smtp: "Mail relay",
};
