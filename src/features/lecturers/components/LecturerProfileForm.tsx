/**
 * Create or edit a lecturer profile (name, email, defaults, department and
 * team, employment). Validates before sending and shows the server's
 * refusal inline. A leaver (status "left", or an end date before a year
 * starts) is not carried into years rolled over after they leave.
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { RANGES } from "@convex/lib/inputRanges";
import { zodInRange } from "@/lib/zodInRange";
import { Button } from "@/ui/Button";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import { getErrorInfo } from "@/lib/getErrorInfo";
import type { Structure } from "@/features/structure/hooks/useListStructure";
import { DepartmentTeamSelects } from "./DepartmentTeamSelects";
import { contractFamilies } from "../utils/contractFamilies";
import type { ProfileInput } from "../hooks/useLecturerActions";

const schema = z.object({
  title: z.string().trim().max(20).optional(),
  first_name: z.string().trim().min(1, "Enter a first name."),
  last_name: z.string().trim().min(1, "Enter a last name."),
  email: z.string().trim().email("Enter a valid email address."),
  staff_number: z.string().trim().max(32).optional(),
  default_contract_family: z.string().min(1, "Choose a contract family."),
  default_fte: zodInRange(RANGES.fte),
  department_id: z.string().optional(),
  team_id: z.string().optional(),
  employment_status: z.enum(["active", "left"]),
  employment_end_date: z
    .string()
    .trim()
    .refine((d) => d === "" || /^\d{4}-\d{2}-\d{2}$/.test(d), "Give the date as YYYY-MM-DD.")
    .optional(),
});

type Values = z.input<typeof schema>;

export function LecturerProfileForm({
  initial,
  structure,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: Partial<ProfileInput>;
  structure: Structure;
  submitLabel: string;
  onSubmit: (v: ProfileInput) => Promise<void>;
  onCancel: () => void;
}) {
  const [serverError, setServerError] = useState<string | null>(null);
  const { register, handleSubmit, watch, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: {
      title: initial?.title ?? "",
      first_name: initial?.first_name ?? "",
      last_name: initial?.last_name ?? "",
      email: initial?.email ?? "",
      staff_number: initial?.staff_number ?? "",
      default_contract_family: initial?.default_contract_family ?? "teaching_and_research",
      default_fte: initial?.default_fte ?? 1,
      department_id: initial?.department_id ?? "",
      team_id: initial?.team_id ?? "",
      employment_status: initial?.employment_status ?? "active",
      employment_end_date: initial?.employment_end_date ?? "",
    },
  });
  const dept = watch("department_id");
  const e = formState.errors;
  const submit = handleSubmit(async (raw) => {
    setServerError(null);
    const v = schema.parse(raw);
    try {
      await onSubmit({
        first_name: v.first_name,
        last_name: v.last_name,
        email: v.email,
        default_contract_family: v.default_contract_family,
        default_fte: v.default_fte,
        ...(v.title ? { title: v.title } : {}),
        ...(v.staff_number ? { staff_number: v.staff_number } : {}),
        ...(v.department_id ? { department_id: v.department_id } : {}),
        ...(v.team_id ? { team_id: v.team_id } : {}),
        employment_status: v.employment_status,
        ...(v.employment_end_date ? { employment_end_date: v.employment_end_date } : initial?.employment_end_date ? { employment_end_date: null } : {}),
      });
    } catch (err) {
      setServerError(getErrorInfo(err).message);
    }
  });
  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <div className="grid grid-cols-[80px_1fr_1fr] gap-3">
        <Input label="Title" {...register("title")} error={e.title?.message} />
        <Input label="First name" {...register("first_name")} error={e.first_name?.message} />
        <Input label="Last name" {...register("last_name")} error={e.last_name?.message} />
      </div>
      <div className="grid grid-cols-2 gap-3">
        <Input label="Email" type="email" {...register("email")} error={e.email?.message} />
        <Input label="Staff number" {...register("staff_number")} error={e.staff_number?.message} />
      </div>
      <div className="grid grid-cols-2 gap-3">
        <Select
          label="Contract family"
          options={contractFamilies}
          {...register("default_contract_family")}
          error={e.default_contract_family?.message}
        />
        <Input label="FTE" type="number" step="0.05" min="0" max="1" {...register("default_fte")} error={e.default_fte?.message} />
      </div>
      <div className="grid grid-cols-2 gap-3">
        <Select
          label="Employment"
          options={[
            { value: "active", label: "Employed" },
            { value: "left", label: "Left" },
          ]}
          {...register("employment_status")}
          error={e.employment_status?.message}
        />
        <Input
          label="Employment ends"
          type="date"
          {...register("employment_end_date")}
          error={e.employment_end_date?.message}
          hint="Years starting after this date do not get this lecturer"
        />
      </div>
      <DepartmentTeamSelects
        structure={structure}
        departmentId={dept}
        department={register("department_id")}
        team={register("team_id")}
      />
      {serverError && (
        <p role="alert" className="text-sm text-red-600">
          {serverError}
        </p>
      )}
      <div className="flex justify-end gap-2 pt-1">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" loading={formState.isSubmitting}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
