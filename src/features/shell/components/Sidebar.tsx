/** The left navigation, grouped, showing only what the person may open. */
import { NavLink } from "react-router";
import { cn } from "@/lib/cn";
import { useCan } from "@/features/workspace/hooks/useCan";
import { navItems } from "./navItems";

const GROUPS = ["Plan", "Me", "Catalogue", "Admin"] as const;

export function Sidebar() {
  const can = useCan();
  const visible = navItems.filter((i) =>
    Array.isArray(i.permission) ? i.permission.length === 0 || i.permission.some((p) => can(p)) : can(i.permission),
  );
  return (
    <nav aria-label="Main" className="flex w-48 shrink-0 flex-col gap-4 overflow-y-auto border-r border-slate-200 bg-white px-2 py-3">
      {GROUPS.map((g) => {
        const items = visible.filter((i) => i.group === g);
        if (items.length === 0) return null;
        return (
          <div key={g}>
            <p className="px-2 pb-1 text-[11px] font-semibold uppercase tracking-wider text-slate-500">{g}</p>
            <ul className="flex flex-col gap-0.5">
              {items.map((i) => (
                <li key={i.to}>
                  <NavLink
                    to={i.to}
                    end={i.to === "/"}
                    className={({ isActive }) =>
                      cn(
                        "block rounded-md px-2 py-1.5 text-sm",
                        isActive ? "bg-indigo-50 font-medium text-indigo-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
                      )
                    }
                  >
                    {i.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
