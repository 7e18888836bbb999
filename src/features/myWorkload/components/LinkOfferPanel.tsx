/**
 * "Not linked to a lecturer record" made actionable: when a record with the
 * person's email exists and nobody holds it, they can ask to be linked; an
 * administrator confirms. Otherwise it says whom to ask.
 */
import { useState } from "react";
import { Button } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { Spinner } from "@/ui/Spinner";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useLinkOffer } from "../hooks/useLinkOffer";

export function LinkOfferPanel({ yearName }: { yearName: string }) {
  const { offer, request } = useLinkOffer();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  if (!offer) return <Spinner />;
  if (offer.requested) {
    return (
      <EmptyState
        title="Waiting for an administrator"
        description={`You asked to be linked to the lecturer record of ${offer.requested.full_name}${offer.requested.department_name ? ` (${offer.requested.department_name})` : ""}. You will be told when it is confirmed.`}
      />
    );
  }
  if (offer.offer) {
    const profile = offer.offer;
    return (
      <EmptyState
        title="Is this your lecturer record?"
        description={`${profile.full_name}${profile.department_name ? `, ${profile.department_name}` : ""}, has your email (${profile.email}). Ask to be linked, and an administrator confirms it.`}
        action={
          <Button
            variant="primary"
            loading={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await request(profile.profileId);
                toast.show({ tone: "success", title: "Request sent", description: "An administrator will confirm it." });
              } catch (e) {
                toast.show({ tone: "error", title: "Not sent", description: getErrorInfo(e).message });
              } finally {
                setBusy(false);
              }
            }}
          >
            Ask to be linked
          </Button>
        }
      />
    );
  }
  return (
    <EmptyState
      title="No workload in this year"
      description={
        offer.linked
          ? `Your lecturer record has no entry in ${yearName}; ask your planner to add you to this year.`
          : "You are not linked to a lecturer record, and none has your email. Ask an administrator to link you (Administration → Users)."
      }
    />
  );
}
