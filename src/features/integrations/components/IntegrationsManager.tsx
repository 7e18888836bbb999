/**
 * The integrations page: the organisation's external systems (HR, student
 * records, timetabling) that send files over HTTP, each with its API keys
 * and its sync log, and the wizard's own uploads; adding a system, enabling
 * or disabling one, creating a key (shown once, optionally scoped to a
 * department or team) and revoking one.
 */
import { useState } from "react";
import { Card } from "@/ui/Card";
import { EmptyState } from "@/ui/EmptyState";
import { PageHeader } from "@/ui/PageHeader";
import { Spinner } from "@/ui/Spinner";
import { useToast } from "@/ui/useToast";
import { useIntegrations, type ApiKeyView, type ExternalSystem } from "../hooks/useIntegrations";
import { CreateKeyDialog } from "./CreateKeyDialog";
import { CreateSystemForm } from "./CreateSystemForm";
import { RevokeKeyDialog } from "./RevokeKeyDialog";
import { SystemCard } from "./SystemCard";
import { SystemEnabledDialog } from "./SystemEnabledDialog";

export function IntegrationsManager() {
  const integrations = useIntegrations();
  const toast = useToast();
  const [keyFor, setKeyFor] = useState<ExternalSystem | null>(null);
  const [revoking, setRevoking] = useState<{ system: ExternalSystem; key: ApiKeyView } | null>(null);
  const [toggling, setToggling] = useState<ExternalSystem | null>(null);
  const systems = integrations.systems;
  // Feeds first (they are what this page manages), the wizard's uploads last.
  const ordered = systems ? [...systems].sort((a, b) => Number(b.takes_keys) - Number(a.takes_keys) || a.name.localeCompare(b.name)) : undefined;

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="Integrations"
        subtitle="External systems that send lecturers and modules over HTTP (POST /api/imports) with an API key, and everything each one sent. Feeds run the same dry run and commit as the Import page."
      />
      <Card title="Add an external system">
        <CreateSystemForm
          onCreate={async (name, kind) => {
            await integrations.createSystem(name, kind);
            toast.show({ title: `${name} added`, description: "Create an API key for it to start sending files." });
          }}
        />
      </Card>
      {ordered === undefined ? (
        <Spinner label="Loading external systems" />
      ) : ordered.length === 0 ? (
        <EmptyState title="No external systems yet" description="Add your HR or timetabling system above, then create an API key for it." />
      ) : (
        ordered.map((s) => (
          <SystemCard key={s.id} system={s} onNewKey={setKeyFor} onRevoke={(system, key) => setRevoking({ system, key })} onToggle={setToggling} />
        ))
      )}
      <SystemEnabledDialog
        system={toggling}
        onClose={() => setToggling(null)}
        onConfirm={async (systemId, enabled) => {
          await integrations.setEnabled(systemId, enabled);
          const name = toggling?.name ?? "The system";
          toast.show(
            enabled
              ? { title: `${name} enabled`, description: "Its feeds are accepted again." }
              : { title: `${name} disabled`, description: "Its feeds are refused until it is enabled again." },
          );
        }}
      />
      <CreateKeyDialog system={keyFor} onClose={() => setKeyFor(null)} onCreate={integrations.createKey} />
      <RevokeKeyDialog
        apiKey={revoking?.key ?? null}
        systemName={revoking?.system.name ?? ""}
        onClose={() => setRevoking(null)}
        onRevoke={async (keyId) => {
          await integrations.revokeKey(keyId);
          toast.show({ title: "Key revoked", description: "Feeds using it are refused from now on." });
        }}
      />
    </div>
  );
}
