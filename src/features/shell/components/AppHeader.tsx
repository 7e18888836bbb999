/** The top bar: product name, organisation and year pickers, notifications, the person. */
import { Link } from "react-router";
import { OrganisationSwitcher } from "@/features/workspace/components/OrganisationSwitcher";
import { YearSwitcher } from "@/features/workspace/components/YearSwitcher";
import { NotificationBell } from "@/features/notifications/components/NotificationBell";
import { RecomputeIndicator } from "@/features/workload/components/RecomputeIndicator";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { UserMenu } from "./UserMenu";

export function AppHeader() {
  const { year } = useWorkspace();
  const staging = year?.status === "staging";
  return (
    <header
      className={
        "flex h-12 shrink-0 items-center gap-4 border-b bg-white px-4 " + (staging ? "border-t-4 border-t-amber-400 border-b-amber-300" : "border-slate-200")
      }
    >
      <Link to="/" className="flex items-center gap-2 text-sm font-semibold text-slate-900">
        <span className="grid h-6 w-6 place-items-center rounded bg-indigo-600 text-xs font-bold text-white" aria-hidden>
          W
        </span>
        WorkloadWizard
      </Link>
      <span className="h-5 w-px bg-slate-200" aria-hidden />
      <OrganisationSwitcher />
      <YearSwitcher />
      <div className="ml-auto flex items-center gap-2">
        <RecomputeIndicator />
        <NotificationBell />
        <UserMenu />
      </div>
    </header>
  );
}
