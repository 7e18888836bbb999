/**
 * Edit a lecturer's record for one year: FTE, contract family, department,
 * team and an hours adjustment with its reason. Saves with the version seen;
 * if someone else saved first the form says so and keeps the typed values.
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
import type { YearInstancePatch } from "../hooks/useLecturerActions";
import type { YearLecturerRow } from "../hooks/useListYearLecturers";

const schema = z
  .object({
    fte: zodInRange(RANGES.fte),
    contract_family: z.string().min(1),
    department_id: z.string().optional(),
    team_id: z.string().optional(),
    contract_hours_adjustment: z.union([z.literal(""), zodInRange(RANGES.contractHoursAdjustment)]).optional(),
    adjustment_reason: z.string().trim().optional(),
    notes: z.string().trim().optional(),
  })
  .refine((v) => !v.contract_hours_adjustment || !!v.adjustment_reason, {
    path: ["adjustment_reason"],
    message: "Say why the contract hours are adjusted.",
  });

type Values = z.input<typeof schema>;

export function YearInstanceForm({
  lecturer,
  structure,
  onSubmit,
  onCancel,
}: {
  lecturer: YearLecturerRow;
  structure: Structure;
  onSubmit: (p: YearInstancePatch) => Promise<void>;
  onCancel: () => void;
}) {
  const [serverError, setServerError] = useState<string | null>(null);
  const { register, handleSubmit, watch, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: {
      fte: lecturer.fte,
      contract_family: lecturer.contract_family,
      department_id: lecturer.department_id ?? "",
      team_id: lecturer.team_id ?? "",
      contract_hours_adjustment: lecturer.contract_hours_adjustment ?? "",
      adjustment_reason: lecturer.adjustment_reason ?? "",
      notes: lecturer.notes ?? "",
    },
  });
  const dept = watch("department_id");
  const e = formState.errors;
  const submit = handleSubmit(async (raw) => {
    setServerError(null);
    const v = schema.parse(raw);
    try {
      await onSubmit({
        fte: v.fte,
        contract_family: v.contract_family,
        ...(v.department_id ? { department_id: v.department_id } : {}),
        ...(v.team_id ? { team_id: v.team_id } : {}),
        ...(v.contract_hours_adjustment !== "" && v.contract_hours_adjustment !== undefined
          ? { contract_hours_adjustment: v.contract_hours_adjustment }
          : {}),
        ...(v.adjustment_reason ? { adjustment_reason: v.adjustment_reason } : {}),
        ...(v.notes ? { notes: v.notes } : {}),
      });
    } catch (err) {
      const info = getErrorInfo(err);
      setServerError(
        info.code === "CONFLICT"
          ? "Someone else changed this record while you were editing. Close and reopen to see their change; your values are still here."
          : info.message,
      );
    }
  });
  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <div className="grid grid-cols-2 gap-3">
        <Input label="FTE" type="number" step="0.05" {...register("fte")} error={e.fte?.message} />
        <Select label="Contract family" options={contractFamilies} {...register("contract_family")} />
      </div>
      <DepartmentTeamSelects
        structure={structure}
        departmentId={dept}
        department={register("department_id")}
        team={register("team_id")}
      />
      <div className="grid grid-cols-2 gap-3">
        <Input
          label="Contract hours adjustment"
          type="number"
          hint="Negative reduces the contract (e.g. -150)"
          {...register("contract_hours_adjustment")}
          error={e.contract_hours_adjustment?.message}
        />
        <Input label="Reason" {...register("adjustment_reason")} error={e.adjustment_reason?.message} />
      </div>
      <Input label="Notes" {...register("notes")} />
      {serverError && (
        <p role="alert" className="text-sm text-red-600">
          {serverError}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" loading={formState.isSubmitting}>
          Save
        </Button>
      </div>
    </form>
  );
}
