/**
 * Invite a person by email with a first role, and optionally the lecturer
 * record that is theirs (so "My workload" works from their first sign-in);
 * they join when they first sign in with that email.
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/ui/Button";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import { getErrorInfo } from "@/lib/getErrorInfo";
import type { LecturerProfileRow } from "@/features/lecturers/hooks/useListLecturerProfiles";
import type { Role } from "../hooks/usePeople";

const schema = z.object({
  name: z.string().trim().min(2, "Enter their name."),
  email: z.string().trim().email("Enter a valid email address."),
  roleId: z.string().min(1, "Choose a role."),
  lecturerProfileId: z.string(),
});
type Values = z.infer<typeof schema>;

export function InviteForm({
  roles,
  profiles,
  onInvite,
}: {
  roles: Role[];
  /** Lecturer records nobody is linked to yet. */
  profiles: LecturerProfileRow[];
  onInvite: (v: Omit<Values, "lecturerProfileId"> & { lecturerProfileId?: string }) => Promise<unknown>;
}) {
  const [serverError, setServerError] = useState<string | null>(null);
  const { register, handleSubmit, reset, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", email: "", roleId: "", lecturerProfileId: "" },
  });
  const submit = handleSubmit(async (v) => {
    setServerError(null);
    try {
      await onInvite({ ...v, lecturerProfileId: v.lecturerProfileId || undefined });
      reset();
    } catch (e) {
      setServerError(getErrorInfo(e).message);
    }
  });
  return (
    <form onSubmit={submit} noValidate className="grid grid-cols-[1fr_1fr_180px_220px_auto] items-start gap-2">
      <Input label="Name" {...register("name")} error={formState.errors.name?.message} />
      <Input label="Email" type="email" {...register("email")} error={formState.errors.email?.message} />
      <Select
        label="Role"
        placeholder="Choose…"
        options={roles.map((r) => ({ value: r._id, label: r.name }))}
        {...register("roleId")}
        error={formState.errors.roleId?.message}
      />
      <Select
        label="Their lecturer record"
        placeholder="None"
        options={[...profiles].sort((a, b) => a.full_name.localeCompare(b.full_name)).map((p) => ({ value: p._id, label: `${p.full_name} (${p.email})` }))}
        {...register("lecturerProfileId")}
      />
      <Button type="submit" variant="primary" className="mt-5" loading={formState.isSubmitting}>
        Send invitation
      </Button>
      {serverError && (
        <p role="alert" className="col-span-5 text-sm text-red-700">
          {serverError}
        </p>
      )}
    </form>
  );
}
