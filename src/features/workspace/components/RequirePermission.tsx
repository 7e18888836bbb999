/** Guards a route: without the permission, explain instead of showing the server's refusal. */
import type { ReactNode } from "react";
import { Link } from "react-router";
import { EmptyState } from "@/ui/EmptyState";
import { useCan } from "../hooks/useCan";

export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const can = useCan();
  if (can(permission)) return <>{children}</>;
  return (
    <EmptyState
      title="This page is not available to you"
      description="Your role does not include it. Ask an administrator if you need access."
      action={
        <Link to="/" className="text-sm text-indigo-600 hover:underline">
          Go to the start page
        </Link>
      }
    />
  );
}
