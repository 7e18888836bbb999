/**
 * Deterministic pseudo-random numbers (mulberry32): the same seed gives the
 * same sequence on every machine, so every size of university is the same
 * university each time it is generated.
 */
export type Random = {
  /** A number in [0, 1). */
  next: () => number;
  pick: <T>(xs: readonly T[]) => T;
  /** An integer in [lo, hi], both included. */
  int: (lo: number, hi: number) => number;
};

export function random(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: (xs) => xs[Math.floor(next() * xs.length)], int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) };
}
