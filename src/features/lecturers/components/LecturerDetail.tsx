/**
 * One lecturer: profile, this year's record, the year's breakdown (explain),
 * module and admin allocations, and the history of their records from the
 * audit trail. Editing is offered only to those who may edit.
 */
import { useState } from "react";
import { Link } from "react-router";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { EmptyState } from "@/ui/EmptyState";
import { PageHeader } from "@/ui/PageHeader";
import { QueryBoundary } from "@/ui/QueryBoundary";
import { Spinner } from "@/ui/Spinner";
import { Tabs } from "@/ui/Tabs";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { HistoryPanel } from "@/features/audit/components/HistoryPanel";
import { LecturerAllocationTable } from "@/features/allocations/components/LecturerAllocationTable";
import { useListLecturerAllocations } from "@/features/allocations/hooks/useListLecturerAllocations";
import { useListStructure } from "@/features/structure/hooks/useListStructure";
import { LecturerBreakdown } from "@/features/workload/components/LecturerBreakdown";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useGetLecturerProfile } from "../hooks/useGetLecturerProfile";
import { useLecturerActions } from "../hooks/useLecturerActions";
import { useListYearLecturers } from "../hooks/useListYearLecturers";
import { familyLabel } from "../utils/familyLabel";
import { AdminAllocationPanel } from "./AdminAllocationPanel";
import { LecturerProfileForm } from "./LecturerProfileForm";
import { YearInstanceForm } from "./YearInstanceForm";

function AllocationsTab({ lecturerId }: { lecturerId: string }) {
  const rows = useListLecturerAllocations(lecturerId);
  if (!rows) return <Spinner />;
  return <LecturerAllocationTable rows={rows} linkToEditor />;
}

export function LecturerDetail({ profileId }: { profileId: string }) {
  const profile = useGetLecturerProfile(profileId);
  const lecturers = useListYearLecturers();
  const structure = useListStructure();
  const { year } = useWorkspace();
  const can = useCan();
  const actions = useLecturerActions();
  const toast = useToast();
  const [editing, setEditing] = useState<"profile" | "year" | null>(null);
  if (!profile || !lecturers || !structure) return <Spinner label="Loading lecturer…" />;
  const instance = lecturers.find((l) => l.profile_id === profileId) ?? null;
  const canEdit = can("lecturers.edit", { departmentId: profile.department_id, teamId: profile.team_id });

  return (
    <div>
      <p className="mb-1 text-xs text-slate-500">
        <Link to="/lecturers" className="hover:underline">
          Lecturers
        </Link>{" "}
        /
      </p>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {profile.title ? `${profile.title} ` : ""}
            {profile.full_name}
            {instance && <Badge tone="indigo">{instance.fte} FTE</Badge>}
          </span>
        }
        subtitle={
          <>
            {profile.email} · {structure.name(instance?.department_id ?? profile.department_id) || "No department"}
            {(instance?.team_id ?? profile.team_id) ? ` · ${structure.name(instance?.team_id ?? profile.team_id)}` : ""} ·{" "}
            {familyLabel(instance?.contract_family ?? profile.default_contract_family)}
          </>
        }
        actions={
          canEdit && (
            <>
              <Button onClick={() => setEditing("profile")}>Edit profile</Button>
              {instance ? (
                <Button onClick={() => setEditing("year")}>Edit {year?.name} record</Button>
              ) : (
                <Button
                  variant="primary"
                  onClick={() =>
                    actions
                      .addToYear(profileId)
                      .then(() => toast.show({ tone: "success", title: `Added to ${year?.name}` }))
                      .catch((e) => toast.show({ tone: "error", title: "Not added", description: getErrorInfo(e).message }))
                  }
                >
                  Add to {year?.name}
                </Button>
              )}
            </>
          )
        }
      />
      {!instance ? (
        <EmptyState title={`Not in ${year?.name ?? "this year"}`} description="This lecturer has no record in the chosen academic year." />
      ) : (
        <Tabs
          tabs={[
            {
              id: "breakdown",
              label: "Year breakdown",
              content: (
                <QueryBoundary>
                  <LecturerBreakdown lecturerId={instance._id} />
                </QueryBoundary>
              ),
            },
            {
              id: "allocations",
              label: "Allocations",
              content: (
                <QueryBoundary>
                  <AllocationsTab lecturerId={instance._id} />
                </QueryBoundary>
              ),
            },
            {
              id: "admin",
              label: "Admin allocations",
              content: (
                <QueryBoundary>
                  <AdminAllocationPanel lecturerId={instance._id} place={{ departmentId: instance.department_id, teamId: instance.team_id }} />
                </QueryBoundary>
              ),
            },
            ...(can("audit.view")
              ? [
                  {
                    id: "history",
                    label: "History",
                    content: (
                      <QueryBoundary>
                        <HistoryPanel subject={{ kind: "lecturer", id: instance._id }} />
                      </QueryBoundary>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <Dialog open={editing === "profile"} onClose={() => setEditing(null)} title="Edit profile" wide>
        <LecturerProfileForm
          initial={profile}
          structure={structure}
          submitLabel="Save profile"
          onCancel={() => setEditing(null)}
          onSubmit={async (v) => {
            await actions.updateProfile(profileId, v);
            setEditing(null);
            toast.show({ tone: "success", title: "Profile saved" });
          }}
        />
      </Dialog>
      {instance && (
        <Dialog
          open={editing === "year"}
          onClose={() => setEditing(null)}
          title={`Edit ${year?.name} record`}
          description="FTE, contract and placement for this academic year only."
          wide
        >
          <YearInstanceForm
            lecturer={instance}
            structure={structure}
            onCancel={() => setEditing(null)}
            onSubmit={async (p) => {
              await actions.updateYear(instance._id, instance.version, p);
              setEditing(null);
              toast.show({ tone: "success", title: "Year record saved" });
            }}
          />
        </Dialog>
      )}
    </div>
  );
}
