/**
 * The lecturer list of the chosen year: search by name or email, filter by
 * department, team and band, sort by any column; virtualised for thousands
 * of rows. Planners can add a lecturer (profile and year record at once).
 */
import { useDeferredValue, useMemo, useState } from "react";
import { useNavigate } from "react-router";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { EmptyState } from "@/ui/EmptyState";
import { Input } from "@/ui/Input";
import { PageHeader } from "@/ui/PageHeader";
import { Select } from "@/ui/Select";
import { Spinner } from "@/ui/Spinner";
import { useToast } from "@/ui/useToast";
import { useListStructure } from "@/features/structure/hooks/useListStructure";
import { bandStyles } from "@/features/workload/utils/bandStyles";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useLecturerActions } from "../hooks/useLecturerActions";
import { useListLecturerRows } from "../hooks/useListLecturerRows";
import { sortLecturers, type Sort } from "../utils/sortLecturers";
import { contractFamilies } from "../utils/contractFamilies";
import { LecturerProfileForm } from "./LecturerProfileForm";
import { LecturerTable } from "./LecturerTable";

export function LecturerList() {
  const rows = useListLecturerRows();
  const structure = useListStructure();
  const can = useCan();
  const actions = useLecturerActions();
  const toast = useToast();
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const [department, setDepartment] = useState("");
  const [team, setTeam] = useState("");
  const [band, setBand] = useState("");
  const [family, setFamily] = useState("");
  const [sort, setSort] = useState<Sort>({ key: "name", dir: "asc" });
  const [creating, setCreating] = useState(false);
  const q = useDeferredValue(search.trim().toLowerCase());

  const shown = useMemo(() => {
    if (!rows) return [];
    const filtered = rows.filter(
      (r) =>
        (!q || r.name.toLowerCase().includes(q) || r.email.toLowerCase().includes(q)) &&
        (!department || r.departmentId === department) &&
        (!team || r.teamId === team) &&
        (!band || r.band === band) &&
        (!family || r.family === family),
    );
    return sortLecturers(filtered, sort);
  }, [rows, q, department, team, band, family, sort]);

  return (
    <div className="flex h-[calc(100vh-7.5rem)] flex-col">
      <PageHeader
        title="Lecturers"
        subtitle={rows ? `${shown.length} of ${rows.length} in this year` : undefined}
        actions={
          can("lecturers.edit") && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              New lecturer
            </Button>
          )
        }
      />
      <div className="mb-3 flex flex-wrap items-end gap-2">
        <div className="w-64">
          <Input
            type="search"
            aria-label="Search lecturers"
            placeholder="Search name or email…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        {structure && (
          <>
            <Select
              aria-label="Department"
              className="w-52"
              placeholder="All departments"
              options={structure.departments.map((d) => ({ value: d._id, label: d.name }))}
              value={department}
              onChange={(e) => {
                setDepartment(e.target.value);
                setTeam("");
              }}
            />
            <Select
              aria-label="Team"
              className="w-48"
              placeholder="All teams"
              options={structure.teams
                .filter((t) => !department || t.department_id === department)
                .map((t) => ({ value: t._id, label: t.name }))}
              value={team}
              onChange={(e) => setTeam(e.target.value)}
            />
          </>
        )}
        <Select
          aria-label="Band"
          className="w-40"
          placeholder="All bands"
          options={Object.entries(bandStyles).map(([value, s]) => ({ value, label: s.label }))}
          value={band}
          onChange={(e) => setBand(e.target.value)}
        />
        <Select
          aria-label="Contract family"
          className="w-48"
          placeholder="All contracts"
          options={contractFamilies}
          value={family}
          onChange={(e) => setFamily(e.target.value)}
        />
      </div>
      {!rows ? (
        <Spinner label="Loading lecturers…" />
      ) : rows.length === 0 ? (
        <EmptyState
          title="No lecturers in this year"
          description={can("lecturers.edit") ? "Add the first one with “New lecturer”." : undefined}
        />
      ) : shown.length === 0 ? (
        <EmptyState title="No lecturers match" description="Clear the search or filters to see everyone." />
      ) : (
        <LecturerTable rows={shown} sort={sort} onSort={setSort} />
      )}
      {structure && (
        <Dialog
          open={creating}
          onClose={() => setCreating(false)}
          title="New lecturer"
          description="Creates the profile and adds them to the chosen academic year."
          wide
        >
          <LecturerProfileForm
            structure={structure}
            submitLabel="Create lecturer"
            onCancel={() => setCreating(false)}
            onSubmit={async (v) => {
              const res = await actions.create(v);
              setCreating(false);
              toast.show({ tone: "success", title: "Lecturer created", description: `${v.first_name} ${v.last_name}` });
              navigate(`/lecturers/${res.profileId}`);
            }}
          />
        </Dialog>
      )}
    </div>
  );
}
