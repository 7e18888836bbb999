/** The signed-in frame: header, staging banner, sidebar and the routed page. */
import { Suspense } from "react";
import { Outlet, useLocation } from "react-router";
import { Spinner } from "@/ui/Spinner";
import { StagingBanner } from "@/features/workspace/components/StagingBanner";
import { QueryBoundary } from "@/ui/QueryBoundary";
import { AppHeader } from "./AppHeader";
import { Sidebar } from "./Sidebar";

export function AppLayout() {
  const location = useLocation();
  return (
    <div className="flex h-full flex-col">
      <a href="#main" className="sr-only z-50 rounded bg-white px-3 py-2 text-sm focus:not-sr-only focus:fixed focus:left-2 focus:top-2">
        Skip to content
      </a>
      <AppHeader />
      <StagingBanner />
      <div className="flex min-h-0 flex-1">
        <Sidebar />
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 overflow-auto px-6 py-5 focus:outline-none">
          <QueryBoundary key={location.pathname}>
            <Suspense fallback={<Spinner label="Loading page…" />}>
              <Outlet />
            </Suspense>
          </QueryBoundary>
        </main>
      </div>
    </div>
  );
}
