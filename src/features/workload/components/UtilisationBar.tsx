/** A thin bar of allocated against contract hours, coloured by band; overflow shows past 100%. */
import { styleForBand } from "../utils/styleForBand";

export function UtilisationBar({ utilisation, band }: { utilisation: number; band: string }) {
  const pct = Math.max(0, Math.min(utilisation, 1.5)) / 1.5;
  return (
    <div className="relative h-1.5 w-24 rounded-full bg-slate-100" aria-hidden>
      <div className="absolute inset-y-0 left-0 rounded-full" style={{ width: `${pct * 100}%`, background: styleForBand(band).fill }} />
      <div className="absolute inset-y-[-2px] w-px bg-slate-400" style={{ left: `${(1 / 1.5) * 100}%` }} />
    </div>
  );
}
