/** Little initials bubbles for the people present, with their names on hover. */
import type { PresenceEntry } from "../hooks/usePresence";

// The 700 shades: white initials on each reach WCAG AA contrast (4.5:1) at this small size; teal-600 gave 3.66.
const COLOURS = ["bg-purple-700", "bg-teal-700", "bg-rose-700", "bg-sky-700", "bg-amber-700"];

function initials(name: string) {
  return name
    .split(/\s+/)
    .map((p) => p[0])
    .slice(0, 2)
    .join("")
    .toUpperCase();
}

export function PresenceAvatars({ people, label }: { people: PresenceEntry[]; label?: string }) {
  if (people.length === 0) return null;
  return (
    <span
      className="flex items-center -space-x-1"
      aria-label={`${label ?? "Here"}: ${people.map((p) => p.name).join(", ")}`}
      data-testid="presence"
    >
      {people.slice(0, 4).map((p, i) => (
        <span
          key={p.userId}
          title={`${p.name}${p.editingCell ? " (editing)" : " (viewing)"}`}
          className={`grid h-5 w-5 place-items-center rounded-full text-[9px] font-semibold text-white ring-2 ring-white ${COLOURS[i % COLOURS.length]}`}
        >
          {initials(p.name)}
        </span>
      ))}
      {people.length > 4 && <span className="pl-2 text-xs text-slate-500">+{people.length - 4}</span>}
    </span>
  );
}
