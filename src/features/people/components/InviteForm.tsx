/** Invite a person by email with a first role; they join when they first sign in with that email. */
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/ui/Button";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import { getErrorInfo } from "@/lib/getErrorInfo";
import type { Role } from "../hooks/usePeople";

const schema = z.object({
  name: z.string().trim().min(2, "Enter their name."),
  email: z.string().trim().email("Enter a valid email address."),
  roleId: z.string().min(1, "Choose a role."),
});
type Values = z.infer<typeof schema>;

export function InviteForm({ roles, onInvite }: { roles: Role[]; onInvite: (v: Values) => Promise<unknown> }) {
  const [serverError, setServerError] = useState<string | null>(null);
  const { register, handleSubmit, reset, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", email: "", roleId: "" },
  });
  const submit = handleSubmit(async (v) => {
    setServerError(null);
    try {
      await onInvite(v);
      reset();
    } catch (e) {
      setServerError(getErrorInfo(e).message);
    }
  });
  return (
    <form onSubmit={submit} noValidate className="grid grid-cols-[1fr_1fr_200px_auto] items-start gap-2">
      <Input label="Name" {...register("name")} error={formState.errors.name?.message} />
      <Input label="Email" type="email" {...register("email")} error={formState.errors.email?.message} />
      <Select
        label="Role"
        placeholder="Choose…"
        options={roles.map((r) => ({ value: r._id, label: r.name }))}
        {...register("roleId")}
        error={formState.errors.roleId?.message}
      />
      <Button type="submit" variant="primary" className="mt-5" loading={formState.isSubmitting}>
        Send invitation
      </Button>
      {serverError && (
        <p role="alert" className="col-span-4 text-sm text-red-600">
          {serverError}
        </p>
      )}
    </form>
  );
}
