/**
 * Users and invitations: invite (optionally naming the person's lecturer
 * record), link members to lecturer records and decide on their requests,
 * grant and revoke roles (optionally scoped; revoking says first what the
 * person loses), suspend and reactivate.
 */
import { useMemo, useState } from "react";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { Dialog } from "@/ui/Dialog";
import { PageHeader } from "@/ui/PageHeader";
import { Spinner } from "@/ui/Spinner";
import { Table, Td, Th, Tr } from "@/ui/Table";
import { useToast } from "@/ui/useToast";
import { formatDateTime } from "@/lib/formatDateTime";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useListLecturerProfiles } from "@/features/lecturers/hooks/useListLecturerProfiles";
import { useListStructure } from "@/features/structure/hooks/useListStructure";
import { usePeople, type Member, type MemberRole } from "../hooks/usePeople";
import { InviteForm } from "./InviteForm";

type Revoking = { member: Member; role: MemberRole };

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

/** What a person loses with a role: its permissions that no other role of theirs grants. */
function lostPermissions(member: Member, revoked: MemberRole, roles: { _id: string; permissions: string[] }[]) {
  const roleOf = (id: string) => roles.find((r) => r._id === id);
  const kept = new Set(
    member.roles.filter((r) => r.assignmentId !== revoked.assignmentId && !r.expired && !r.scope_department_id && !r.scope_team_id).flatMap((r) => roleOf(r.roleId)?.permissions ?? []),
  );
  return (roleOf(revoked.roleId)?.permissions ?? []).filter((code) => !kept.has(code));
}

export function PeopleManager() {
  const p = usePeople();
  const structure = useListStructure();
  const profiles = useListLecturerProfiles();
  const toast = useToast();
  const [revoking, setRevoking] = useState<Revoking | null>(null);
  const fail = (title: string) => (e: unknown) => toast.show({ tone: "error", title, description: getErrorInfo(e).message });
  const linked = useMemo(() => new Set((p.members ?? []).map((m) => m.lecturer_profile_id).filter(Boolean)), [p.members]);
  const describe = (code: string) => p.catalogue?.find((c) => c.code === code)?.description ?? code;
  const lost = revoking && p.roles ? lostPermissions(revoking.member, revoking.role, p.roles) : [];
  const scopeName = (r: MemberRole) => structure?.name(r.scope_department_id ?? r.scope_team_id) ?? "";
  return (
    <div className="space-y-4">
      <PageHeader title="Users and invitations" />
      {p.linkRequests && p.linkRequests.length > 0 && (
        <Card title="Asking to be linked to a lecturer record">
          <ul className="divide-y divide-slate-100" aria-label="Link requests">
            {p.linkRequests.map((r) => (
              <li key={r.userId} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span>
                  <span className="font-medium text-slate-900">{r.name}</span> ({r.email}) asks to be linked to{" "}
                  <span className="font-medium">{r.profile.full_name}</span>
                  {r.profile.department_name ? `, ${r.profile.department_name}` : ""} · asked {formatDateTime(r.requested_at)}
                </span>
                <span className="flex gap-1">
                  <Button size="sm" variant="primary" onClick={() => void p.decideLink(r.userId, true).then(() => toast.show({ tone: "success", title: `${r.name} is linked to ${r.profile.full_name}` }), fail("Not linked"))}>
                    Confirm
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => void p.decideLink(r.userId, false).catch(fail("Not declined"))}>
                    Decline
                  </Button>
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {p.roles && (
        <Card title="Invite someone">
          <InviteForm
            roles={p.roles}
            profiles={(profiles ?? []).filter((pr) => !linked.has(pr._id))}
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
              <Th>Lecturer record</Th>
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
                            onClick={() => setRevoking({ member: m, role: r })}
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
                <Td>
                  <select
                    aria-label={`Lecturer record of ${m.name}`}
                    className="h-7 max-w-48 rounded border border-slate-300 text-xs"
                    value={m.lecturer_profile_id ?? ""}
                    onChange={(e) =>
                      void p
                        .link(m._id, e.target.value || null)
                        .then(() => toast.show({ tone: "success", title: e.target.value ? `${m.name} is linked` : `${m.name} is unlinked` }), fail("Not linked"))
                    }
                  >
                    <option value="">Not linked</option>
                    {(profiles ?? [])
                      .filter((pr) => pr._id === m.lecturer_profile_id || !linked.has(pr._id))
                      .map((pr) => (
                        <option key={pr._id} value={pr._id}>
                          {pr.full_name} ({pr.email})
                        </option>
                      ))}
                  </select>
                </Td>
                <Td className="text-xs text-slate-600">{formatDateTime(m.last_seen_at)}</Td>
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
      <Dialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title="Revoke this role?"
        description={revoking ? `${revoking.role.name}${scopeName(revoking.role) ? ` in ${scopeName(revoking.role)}` : ""} from ${revoking.member.name}` : undefined}
        footer={
          <>
            <Button onClick={() => setRevoking(null)}>Keep the role</Button>
            <Button
              variant="danger"
              onClick={() => {
                const r = revoking!;
                setRevoking(null);
                void p.revoke(r.role.assignmentId).then(() => toast.show({ tone: "success", title: `${r.role.name} revoked from ${r.member.name}` }), fail("Role not revoked"));
              }}
            >
              Revoke
            </Button>
          </>
        }
      >
        {revoking && (
          <div className="space-y-2 text-sm" data-testid="revoke-consequences">
            {lost.length === 0 ? (
              <p>{revoking.member.name} keeps everything this role gives through their other roles.</p>
            ) : (
              <>
                <p>
                  From now on {revoking.member.name} can no longer{scopeName(revoking.role) ? ` (in ${scopeName(revoking.role)})` : ""}:
                </p>
                <ul className="list-disc pl-5 text-slate-700">
                  {lost.map((code) => (
                    <li key={code}>{describe(code).replace(/^./, (c) => c.toLowerCase())}</li>
                  ))}
                </ul>
              </>
            )}
            <p className="text-xs text-slate-600">Jobs they started stop at their next step if they lose the permission the job needs. The audit trail keeps the grant and the revocation.</p>
          </div>
        )}
      </Dialog>
    </div>
  );
}
