/**
 * The route table and the signed-in / signed-out switch. Every page sits in
 * AppLayout (header with organisation and year, sidebar) inside the
 * WorkspaceProvider, which resolves the organisation, year and permissions.
 */
import { useConvexAuth } from "convex/react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { useSession } from "@/features/auth/hooks/useSession";
import { AppLayout } from "@/features/shell/components/AppLayout";
import { WorkspaceProvider } from "@/features/workspace/components/WorkspaceProvider";
import { useCan } from "@/features/workspace/hooks/useCan";
import { QueryBoundary } from "@/ui/QueryBoundary";
import { Spinner } from "@/ui/Spinner";
import { AllocationEditorPage } from "@/pages/AllocationEditorPage";
import { AuditPage } from "@/pages/AuditPage";
import { CourseDetailPage } from "@/pages/CourseDetailPage";
import { CoursesPage } from "@/pages/CoursesPage";
import { DashboardPage } from "@/pages/DashboardPage";
import { IterationDetailPage } from "@/pages/IterationDetailPage";
import { IterationsPage } from "@/pages/IterationsPage";
import { LecturerDetailPage } from "@/pages/LecturerDetailPage";
import { LecturersPage } from "@/pages/LecturersPage";
import { ModuleDetailPage } from "@/pages/ModuleDetailPage";
import { ModulesPage } from "@/pages/ModulesPage";
import { MyWorkloadPage } from "@/pages/MyWorkloadPage";
import { NotFoundPage } from "@/pages/NotFoundPage";
import { NotificationsPage } from "@/pages/NotificationsPage";
import { OrganisationSettingsPage } from "@/pages/OrganisationSettingsPage";
import { ReferenceDataPage } from "@/pages/ReferenceDataPage";
import { RolesPage } from "@/pages/RolesPage";
import { RulesPage } from "@/pages/RulesPage";
import { SignInPage } from "@/pages/SignInPage";
import { SitesPage } from "@/pages/SitesPage";
import { UsersPage } from "@/pages/UsersPage";

function HomePage() {
  const can = useCan();
  return can("allocations.view") ? <DashboardPage /> : <Navigate to="/my-workload" replace />;
}

function SignedInApp() {
  return (
    <QueryBoundary title="Could not load your workspace">
      <WorkspaceProvider>
        <Routes>
          <Route element={<AppLayout />}>
            <Route index element={<HomePage />} />
            <Route path="allocations" element={<AllocationEditorPage />} />
            <Route path="allocations/:iterationId" element={<AllocationEditorPage />} />
            <Route path="lecturers" element={<LecturersPage />} />
            <Route path="lecturers/:profileId" element={<LecturerDetailPage />} />
            <Route path="modules" element={<ModulesPage />} />
            <Route path="modules/:moduleId" element={<ModuleDetailPage />} />
            <Route path="iterations" element={<IterationsPage />} />
            <Route path="iterations/:iterationId" element={<IterationDetailPage />} />
            <Route path="courses" element={<CoursesPage />} />
            <Route path="courses/:courseId" element={<CourseDetailPage />} />
            <Route path="sites" element={<SitesPage />} />
            <Route path="admin/settings" element={<OrganisationSettingsPage />} />
            <Route path="admin/rules" element={<RulesPage />} />
            <Route path="admin/users" element={<UsersPage />} />
            <Route path="admin/roles" element={<RolesPage />} />
            <Route path="admin/reference" element={<ReferenceDataPage />} />
            <Route path="audit" element={<AuditPage />} />
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
