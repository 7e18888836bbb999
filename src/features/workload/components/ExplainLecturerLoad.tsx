/** A lecturer's utilisation badge that opens how their year total is made up ("explain" on a computed total). */
import type { ReactNode } from "react";
import { Popover } from "@/ui/Popover";
import { formatPercent } from "@/lib/formatPercent";
import { BandBadge } from "./BandBadge";
import { LecturerTotalSummary } from "./LecturerTotalSummary";

export function ExplainLecturerLoad({
  lecturerId,
  band,
  utilisation,
  children,
}: {
  lecturerId: string;
  band: string;
  utilisation: number;
  children?: ReactNode;
}) {
  return (
    <Popover
      className="w-80"
      align="right"
      trigger={(p) => (
        <button
          type="button"
          {...p}
          className="inline-flex items-center gap-1 rounded hover:ring-2 hover:ring-indigo-200"
          title={`Explain utilisation ${formatPercent(utilisation)}`}
        >
          {/* The name says what the button does and includes what it shows (WCAG 2.5.3). */}
          <span className="sr-only">Explain utilisation </span>
          <BandBadge band={band} utilisation={utilisation} />
          {children}
        </button>
      )}
    >
      <LecturerTotalSummary lecturerId={lecturerId} />
    </Popover>
  );
}
