/**
 * Resolves the organisation (remembered on this browser) and the academic
 * year (saved in user_preferences as "academic_year_id"; the active year by
 * default) for the signed-in person, and renders loading, error and
 * "no organisation yet" states until both are known.
 */
import { useCallback, useMemo, useState, type ReactNode } from "react";
import { Spinner } from "@/ui/Spinner";
import { ErrorState } from "@/ui/ErrorState";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useGetMe } from "../hooks/useGetMe";
import { useGetPreference } from "../hooks/useGetPreference";
import { useListAcademicYears } from "../hooks/useListAcademicYears";
import { useListMemberships } from "../hooks/useListMemberships";
import { useSetPreference } from "../hooks/useSetPreference";
import { organisationStorage } from "../utils/organisationStorage";
import { pickAcademicYear } from "../utils/pickAcademicYear";
import { WorkspaceContext, type Workspace } from "./WorkspaceContext";
import { CreateOrganisationForm } from "./CreateOrganisationForm";

export const YEAR_PREFERENCE_KEY = "academic_year_id";

export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const { memberships, error } = useListMemberships();
  const [chosenOrg, setChosenOrg] = useState<string | null>(() => organisationStorage.load());
  const organisationId =
    memberships?.find((m) => m.organisationId === chosenOrg)?.organisationId ?? memberships?.[0]?.organisationId ?? null;
  const me = useGetMe(organisationId);
  const years = useListAcademicYears(organisationId);
  const preferred = useGetPreference(organisationId, YEAR_PREFERENCE_KEY);
  const setPreference = useSetPreference(organisationId);
  const [chosenYear, setChosenYear] = useState<{ org: string; id: string } | null>(null);
  const toast = useToast();

  const setOrganisationId = useCallback((id: string) => {
    organisationStorage.save(id);
    setChosenOrg(id);
    setChosenYear(null);
  }, []);

  const setAcademicYearId = useCallback(
    (id: string) => {
      if (!organisationId) return;
      setChosenYear({ org: organisationId, id });
      setPreference(YEAR_PREFERENCE_KEY, id).catch((e) =>
        toast.show({ tone: "error", title: "Could not save your year choice", description: getErrorInfo(e).message }),
      );
    },
    [organisationId, setPreference, toast],
  );

  const year = useMemo(
    () => (years ? pickAcademicYear(years, chosenYear?.org === organisationId ? chosenYear.id : null, preferred ?? null) : null),
    [years, chosenYear, organisationId, preferred],
  );

  const value = useMemo<Workspace | null>(() => {
    if (!organisationId || !me || !years || !memberships) return null;
    return {
      organisationId,
      organisationName: me.organisation?.name ?? memberships.find((m) => m.organisationId === organisationId)?.organisationName ?? "",
      memberships,
      setOrganisationId,
      userId: me.user._id,
      userName: me.user.name,
      lecturerProfileId: me.lecturerProfileId ?? null,
      permissions: me.permissions ?? [],
      years,
      year,
      academicYearId: year?._id ?? null,
      setAcademicYearId,
    };
  }, [organisationId, me, years, memberships, year, setOrganisationId, setAcademicYearId]);

  if (error && getErrorInfo(error).code !== "UNKNOWN")
    return (
      <Centered>
        <ErrorState error={error} />
      </Centered>
    );
  if (memberships === undefined)
    return (
      <Centered>
        <Spinner label="Loading your organisations…" />
      </Centered>
    );
  if (memberships.length === 0) {
    return (
      <Centered>
        <CreateOrganisationForm />
      </Centered>
    );
  }
  if (!value)
    return (
      <Centered>
        <Spinner label="Loading workspace…" />
      </Centered>
    );
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

function Centered({ children }: { children: ReactNode }) {
  return <div className="flex min-h-full items-center justify-center p-8">{children}</div>;
}
