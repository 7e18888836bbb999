/** Users and invitations: invite, grant and revoke roles (optionally scoped), suspend and reactivate. */
import { useState } from "react";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { PageHeader } from "@/ui/PageHeader";
import { Spinner } from "@/ui/Spinner";
import { Table, Td, Th, Tr } from "@/ui/Table";
import { useToast } from "@/ui/useToast";
import { formatDateTime } from "@/lib/formatDateTime";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useListStructure } from "@/features/structure/hooks/useListStructure";
import { usePeople, type Member } from "../hooks/usePeople";
import { InviteForm } from "./InviteForm";

function GrantRole({
  member,
  onGrant,
  roles,
}: {
  member: Member;
  roles: { _id: string; name: string }[];
  onGrant: (roleId: string, scope: string) => void;
}) {
  const structure = useListStructure();
  const [roleId, setRoleId] = useState("");
  const [scope, setScope] = useState("");
  return (
    <span className="inline-flex items-center gap-1">
      <select
        aria-label={`Role to grant ${member.name}`}
        className="h-7 rounded border border-slate-300 text-xs"
        value={roleId}
        onChange={(e) => setRoleId(e.target.value)}
      >
        <option value="">+ role…</option>
        {roles.map((r) => (
          <option key={r._id} value={r._id}>
            {r.name}
          </option>
        ))}
      </select>
      {roleId && (
        <>
          <select
            aria-label="Scope"
            className="h-7 max-w-40 rounded border border-slate-300 text-xs"
            value={scope}
            onChange={(e) => setScope(e.target.value)}
          >
            <option value="">Whole organisation</option>
            {structure?.departments.map((d) => (
              <option key={d._id} value={`d:${d._id}`}>
                Dept: {d.name}
              </option>
            ))}
            {structure?.teams.map((t) => (
              <option key={t._id} value={`t:${t._id}`}>
                Team: {t.name}
              </option>
            ))}
          </select>
          <Button
            size="sm"
            onClick={() => {
              onGrant(roleId, scope);
              setRoleId("");
              setScope("");
            }}
          >
            Grant
          </Button>
        </>
      )}
    </span>
  );
}

export function PeopleManager() {
  const p = usePeople();
  const structure = useListStructure();
  const toast = useToast();
  const fail = (title: string) => (e: unknown) => toast.show({ tone: "error", title, description: getErrorInfo(e).message });
  return (
    <div className="space-y-4">
      <PageHeader title="Users and invitations" />
      {p.roles && (
        <Card title="Invite someone">
          <InviteForm
            roles={p.roles}
            onInvite={(v) => p.invite(v).then(() => toast.show({ tone: "success", title: `Invitation created for ${v.email}` }))}
          />
        </Card>
      )}
      {!p.members || !p.roles ? (
        <Spinner />
      ) : (
        <Table aria-label="Members">
          <thead>
            <tr>
              <Th>Person</Th>
              <Th>Status</Th>
              <Th>Roles</Th>
              <Th>Last seen</Th>
              <Th />
            </tr>
          </thead>
          <tbody>
            {p.members.map((m) => (
              <Tr key={m._id}>
                <Td>
                  <span className="font-medium text-slate-800">{m.name}</span>
                  <span className="block text-xs text-slate-500">{m.email}</span>
                </Td>
                <Td>
                  <Badge tone={m.status === "active" ? "green" : m.status === "invited" ? "blue" : "red"}>{m.status}</Badge>
                </Td>
                <Td>
                  <div className="flex flex-wrap items-center gap-1">
                    {m.roles
                      .filter((r) => !r.expired)
                      .map((r) => (
                        <Badge key={r.assignmentId} tone="indigo">
                          {r.name}
                          {(r.scope_department_id || r.scope_team_id) && (
                            <span className="font-normal"> · {structure?.name(r.scope_department_id ?? r.scope_team_id)}</span>
                          )}
                          <button
                            type="button"
                            aria-label={`Revoke ${r.name} from ${m.name}`}
                            className="ml-0.5 text-indigo-400 hover:text-indigo-900"
                            onClick={() => void p.revoke(r.assignmentId).catch(fail("Role not revoked"))}
                          >
                            ×
                          </button>
                        </Badge>
                      ))}
                    <GrantRole
                      member={m}
                      roles={p.roles!}
                      onGrant={(roleId, scope) =>
                        void p
                          .grant({
                            userId: m._id,
                            roleId,
                            ...(scope.startsWith("d:") ? { scopeDepartmentId: scope.slice(2) } : {}),
                            ...(scope.startsWith("t:") ? { scopeTeamId: scope.slice(2) } : {}),
                          })
                          .catch(fail("Role not granted"))
                      }
                    />
                  </div>
                </Td>
                <Td className="text-xs text-slate-500">{formatDateTime(m.last_seen_at)}</Td>
                <Td className="text-right">
                  {m.status === "active" && (
                    <Button size="sm" variant="ghost" onClick={() => void p.setStatus(m._id, "suspended").catch(fail("Not suspended"))}>
                      Suspend
                    </Button>
                  )}
                  {m.status === "suspended" && (
                    <Button size="sm" variant="ghost" onClick={() => void p.setStatus(m._id, "active").catch(fail("Not reactivated"))}>
                      Reactivate
                    </Button>
                  )}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      {p.canLoadMore && <Button onClick={p.loadMore}>Load more</Button>}
    </div>
  );
}
