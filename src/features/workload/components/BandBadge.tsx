/** A lecturer's utilisation band as a coloured badge, optionally with the percentage. */
import { Badge } from "@/ui/Badge";
import { formatPercent } from "@/lib/formatPercent";
import { styleForBand } from "../utils/styleForBand";

export function BandBadge({ band, utilisation }: { band: string; utilisation?: number }) {
  const s = styleForBand(band);
  return (
    <Badge tone={s.badge} title={s.label}>
      {utilisation !== undefined ? formatPercent(utilisation) : s.label}
    </Badge>
  );
}
