/**
 * Deleting a year: an empty year is deleted at once; a year that still holds
 * rows says what they are, and can go only as an explicit cascade, previewed
 * first (a dry run counting what would be removed), then run as a job.
 */
import { useState } from "react";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { Spinner } from "@/ui/Spinner";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { JobProgress } from "@/features/jobs/components/JobProgress";
import { useJob } from "@/features/jobs/hooks/useJob";
import { useAcademicYearActions } from "../hooks/useAcademicYearActions";
import { useDeletionCheck } from "../hooks/useDeletionCheck";

const TABLE_WORDS: Record<string, string> = {
  module_allocations: "teaching allocations",
  admin_allocations: "admin allocations",
  module_iteration_assessments: "assessments",
  module_iteration_groups: "groups",
  cohort_module_plans: "cohort module plans",
  module_iterations: "module iterations",
  lecturer_availability: "availability entries",
  lecturers: "lecturer records",
  lecturer_year_totals: "lecturer totals",
  team_summaries: "team summaries",
  workload_reports: "generated reports",
  presence: "editor presence",
  workload_calculation_rules: "calculation rules",
  organisation_settings: "settings",
  semester_periods: "semester periods",
  academic_years: "the year itself",
};

export function DeleteYearDialog({ year, onClose }: { year: { _id: string; name: string }; onClose: () => void }) {
  const check = useDeletionCheck(year._id);
  const actions = useAcademicYearActions();
  const toast = useToast();
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [deleteId, setDeleteId] = useState<string | null>(null);
  const preview = useJob(previewId);
  const deletion = useJob(deleteId);
  const run = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      toast.show({ tone: "error", title: `Could not ${what}`, description: getErrorInfo(e).message });
    }
  };
  const counts = preview?.status === "completed" ? (JSON.parse(preview.result ?? "{}").counts as Record<string, number>) : null;
  return (
    <Dialog open wide onClose={onClose} title={`Delete ${year.name}?`}>
      {!check ? (
        <Spinner />
      ) : check.current ? (
        <p role="alert" className="text-sm text-red-700">
          {year.name} is the current year and cannot be deleted; promote another year first.
        </p>
      ) : check.contents.length === 0 ? (
        <div className="space-y-3 text-sm">
          <p>{year.name} is empty. Deleting it removes it from the year picker (it can be restored).</p>
          <Button variant="danger" onClick={() => void run("delete the year", () => actions.remove(year._id).then(onClose))}>
            Delete {year.name}
          </Button>
        </div>
      ) : (
        <div className="space-y-3 text-sm">
          <p role="alert">
            {year.name} still has {check.contents.join(", ")}. It can be deleted only with everything in it; preview first to see what goes.
          </p>
          {!previewId && <Button onClick={() => void run("preview the deletion", () => actions.previewDelete(year._id).then(setPreviewId))}>Preview deleting everything</Button>}
          {preview && <JobProgress job={preview} />}
          {counts && (
            <ul className="list-disc pl-5 text-slate-700" aria-label="What would be removed">
              {Object.entries(counts)
                .filter(([, n]) => n > 0)
                .map(([table, n]) => (
                  <li key={table}>
                    {n.toLocaleString("en-GB")} {TABLE_WORDS[table] ?? table}
                  </li>
                ))}
            </ul>
          )}
          {counts && !deleteId && (
            <Button variant="danger" onClick={() => void run("delete the year", () => actions.deleteWithContents(year._id).then(setDeleteId))}>
              Delete {year.name} and everything in it
            </Button>
          )}
          {deletion && <JobProgress job={deletion} />}
          {deletion?.status === "completed" && (
            <Button variant="primary" onClick={onClose}>
              Done
            </Button>
          )}
        </div>
      )}
    </Dialog>
  );
}
