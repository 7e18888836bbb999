/** The signed-in frame: header, staging banner, sidebar and the routed page. */
import { Outlet, useLocation } from "react-router";
import { StagingBanner } from "@/features/workspace/components/StagingBanner";
import { QueryBoundary } from "@/ui/QueryBoundary";
import { AppHeader } from "./AppHeader";
import { Sidebar } from "./Sidebar";

export function AppLayout() {
  const location = useLocation();
  return (
    <div className="flex h-full flex-col">
      <AppHeader />
      <StagingBanner />
      <div className="flex min-h-0 flex-1">
        <Sidebar />
        <main className="min-w-0 flex-1 overflow-auto px-6 py-5">
          <QueryBoundary key={location.pathname}>
            <Outlet />
          </QueryBoundary>
        </main>
      </div>
    </div>
  );
}
