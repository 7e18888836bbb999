/**
 * The caller's organisations. Pending invitations for their email are
 * accepted first (once per sign-in), so a newly invited person lands in their
 * organisation straight away.
 */
import { useConvexAuth, useMutation, useQuery } from "convex/react";
import { useEffect, useState } from "react";
import { api } from "@/lib/api";
import type { Membership } from "../components/WorkspaceContext";

export function useListMemberships(): { memberships: Membership[] | undefined; error: unknown } {
  const { isAuthenticated } = useConvexAuth();
  const accept = useMutation(api.organisations.membership.acceptInvitations);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!isAuthenticated) return;
    let cancelled = false;
    accept({})
      .catch((e: unknown) => !cancelled && setError(e))
      .finally(() => !cancelled && setReady(true));
    return () => {
      cancelled = true;
    };
  }, [isAuthenticated, accept]);
  const memberships = useQuery(api.organisations.membership.mine, isAuthenticated && ready ? {} : "skip");
  return { memberships, error };
}
