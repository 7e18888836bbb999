/**
 * The route table and the signed-in / signed-out switch. Every page sits in
 * AppLayout (header with organisation and year, sidebar) inside the
 * WorkspaceProvider, which resolves the organisation, year and permissions.
 */
import { useConvexAuth } from "convex/react";
import { lazy } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { useSession } from "@/features/auth/hooks/useSession";
import { AppLayout } from "@/features/shell/components/AppLayout";
import { WorkspaceProvider } from "@/features/workspace/components/WorkspaceProvider";
import { useCan } from "@/features/workspace/hooks/useCan";
import { RequirePermission } from "@/features/workspace/components/RequirePermission";
import { Button } from "@/ui/Button";
import { QueryBoundary } from "@/ui/QueryBoundary";
import { Spinner } from "@/ui/Spinner";
import { AllocationEditorPage } from "@/pages/AllocationEditorPage";
import { LecturerDetailPage } from "@/pages/LecturerDetailPage";
import { LecturersPage } from "@/pages/LecturersPage";
import { MyWorkloadPage } from "@/pages/MyWorkloadPage";
import { NotFoundPage } from "@/pages/NotFoundPage";
import { SignInPage } from "@/pages/SignInPage";

// Pages load on demand, keeping the first load small (charts, admin screens).
const DashboardPage = lazy(() => import("@/pages/DashboardPage").then((m) => ({ default: m.DashboardPage })));
const AuditPage = lazy(() => import("@/pages/AuditPage").then((m) => ({ default: m.AuditPage })));
const CourseDetailPage = lazy(() => import("@/pages/CourseDetailPage").then((m) => ({ default: m.CourseDetailPage })));
const CohortDetailPage = lazy(() => import("@/pages/CohortDetailPage").then((m) => ({ default: m.CohortDetailPage })));
const CoursesPage = lazy(() => import("@/pages/CoursesPage").then((m) => ({ default: m.CoursesPage })));
const IterationDetailPage = lazy(() => import("@/pages/IterationDetailPage").then((m) => ({ default: m.IterationDetailPage })));
const IterationsPage = lazy(() => import("@/pages/IterationsPage").then((m) => ({ default: m.IterationsPage })));
const ModuleDetailPage = lazy(() => import("@/pages/ModuleDetailPage").then((m) => ({ default: m.ModuleDetailPage })));
const ModulesPage = lazy(() => import("@/pages/ModulesPage").then((m) => ({ default: m.ModulesPage })));
const NotificationsPage = lazy(() => import("@/pages/NotificationsPage").then((m) => ({ default: m.NotificationsPage })));
const OrganisationSettingsPage = lazy(() =>
  import("@/pages/OrganisationSettingsPage").then((m) => ({ default: m.OrganisationSettingsPage })),
);
const ReferenceDataPage = lazy(() => import("@/pages/ReferenceDataPage").then((m) => ({ default: m.ReferenceDataPage })));
const RolesPage = lazy(() => import("@/pages/RolesPage").then((m) => ({ default: m.RolesPage })));
const RulesPage = lazy(() => import("@/pages/RulesPage").then((m) => ({ default: m.RulesPage })));
const SheetPage = lazy(() => import("@/pages/SheetPage").then((m) => ({ default: m.SheetPage })));
const QueriesPage = lazy(() => import("@/pages/QueriesPage").then((m) => ({ default: m.QueriesPage })));
const SitesPage = lazy(() => import("@/pages/SitesPage").then((m) => ({ default: m.SitesPage })));
const ReportsPage = lazy(() => import("@/pages/ReportsPage").then((m) => ({ default: m.ReportsPage })));
const IntegrationsPage = lazy(() => import("@/pages/IntegrationsPage").then((m) => ({ default: m.IntegrationsPage })));
const ImportPage = lazy(() => import("@/pages/ImportPage").then((m) => ({ default: m.ImportPage })));
const UsersPage = lazy(() => import("@/pages/UsersPage").then((m) => ({ default: m.UsersPage })));
const RolloverPage = lazy(() => import("@/pages/RolloverPage").then((m) => ({ default: m.RolloverPage })));
const YearComparisonPage = lazy(() => import("@/pages/YearComparisonPage").then((m) => ({ default: m.YearComparisonPage })));

function HomePage() {
  const can = useCan();
  return can("allocations.view") ? <DashboardPage /> : <Navigate to="/my-workload" replace />;
}

function SignedInApp() {
  const session = useSession();
  return (
    <QueryBoundary
      title="Could not load your workspace"
      extraAction={
        <Button size="sm" variant="ghost" onClick={session.signOut}>
          Sign out
        </Button>
      }
    >
      <WorkspaceProvider>
        <Routes>
          <Route element={<AppLayout />}>
            <Route index element={<HomePage />} />
            <Route
              path="allocations"
              element={
                <RequirePermission permission="allocations.view">
                  <AllocationEditorPage />
                </RequirePermission>
              }
            />
            <Route
              path="reports"
              element={
                <RequirePermission permission="reports.view">
                  <ReportsPage />
                </RequirePermission>
              }
            />
            <Route path="import" element={<ImportPage />} />
            <Route
              path="allocations/:iterationId"
              element={
                <RequirePermission permission="allocations.view">
                  <AllocationEditorPage />
                </RequirePermission>
              }
            />
            <Route
              path="sheet"
              element={
                <RequirePermission permission="allocations.view">
                  <SheetPage />
                </RequirePermission>
              }
            />
            <Route
              path="queries"
              element={
                <RequirePermission permission="allocations.edit">
                  <QueriesPage />
                </RequirePermission>
              }
            />
            <Route
              path="lecturers"
              element={
                <RequirePermission permission="lecturers.view">
                  <LecturersPage />
                </RequirePermission>
              }
            />
            <Route
              path="lecturers/:profileId"
              element={
                <RequirePermission permission="lecturers.view">
                  <LecturerDetailPage />
                </RequirePermission>
              }
            />
            <Route
              path="modules"
              element={
                <RequirePermission permission="modules.view">
                  <ModulesPage />
                </RequirePermission>
              }
            />
            <Route
              path="modules/:moduleId"
              element={
                <RequirePermission permission="modules.view">
                  <ModuleDetailPage />
                </RequirePermission>
              }
            />
            <Route
              path="iterations"
              element={
                <RequirePermission permission="modules.view">
                  <IterationsPage />
                </RequirePermission>
              }
            />
            <Route
              path="iterations/:iterationId"
              element={
                <RequirePermission permission="modules.view">
                  <IterationDetailPage />
                </RequirePermission>
              }
            />
            <Route
              path="courses"
              element={
                <RequirePermission permission="modules.view">
                  <CoursesPage />
                </RequirePermission>
              }
            />
            <Route
              path="courses/:courseId"
              element={
                <RequirePermission permission="modules.view">
                  <CourseDetailPage />
                </RequirePermission>
              }
            />
            <Route
              path="cohorts/:cohortId"
              element={
                <RequirePermission permission="modules.view">
                  <CohortDetailPage />
                </RequirePermission>
              }
            />
            <Route
              path="sites"
              element={
                <RequirePermission permission="structure.view">
                  <SitesPage />
                </RequirePermission>
              }
            />
            <Route
              path="admin/settings"
              element={
                <RequirePermission permission="organisation.manage">
                  <OrganisationSettingsPage />
                </RequirePermission>
              }
            />
            <Route
              path="admin/integrations"
              element={
                <RequirePermission permission="organisation.manage">
                  <IntegrationsPage />
                </RequirePermission>
              }
            />
            <Route
              path="admin/rollover"
              element={
                <RequirePermission permission="years.rollover">
                  <RolloverPage />
                </RequirePermission>
              }
            />
            <Route
              path="compare"
              element={
                <RequirePermission permission="allocations.view">
                  <YearComparisonPage />
                </RequirePermission>
              }
            />
            <Route
              path="admin/rules"
              element={
                <RequirePermission permission="rules.view">
                  <RulesPage />
                </RequirePermission>
              }
            />
            <Route
              path="admin/users"
              element={
                <RequirePermission permission="users.manage">
                  <UsersPage />
                </RequirePermission>
              }
            />
            <Route
              path="admin/roles"
              element={
                <RequirePermission permission="roles.manage">
                  <RolesPage />
                </RequirePermission>
              }
            />
            <Route
              path="admin/reference"
              element={
                <RequirePermission permission="structure.view">
                  <ReferenceDataPage />
                </RequirePermission>
              }
            />
            <Route
              path="audit"
              element={
                <RequirePermission permission="audit.view">
                  <AuditPage />
                </RequirePermission>
              }
            />
            <Route path="my-workload" element={<MyWorkloadPage />} />
            <Route path="notifications" element={<NotificationsPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </WorkspaceProvider>
    </QueryBoundary>
  );
}

export function App() {
  const session = useSession();
  const { isLoading, isAuthenticated } = useConvexAuth();
  return (
    <BrowserRouter>
      {session.isLoading || (isLoading && session.user) ? (
        <Spinner label="Signing in…" />
      ) : isAuthenticated ? (
        <SignedInApp key={session.user?.email} />
      ) : (
        <SignInPage />
      )}
    </BrowserRouter>
  );
}
