// The seeded generator of the fuzz and property tests (mulberry32): a failure names its seed,
// and the same seed replays the same inputs. One copy for www/lib/hash.test.js,
// tests/browser/hash-fuzz.test.mjs and tests/browser/api-fuzz.test.mjs.

/** A generator from `seed`: next() in [0, 1) and helpers drawn from it. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    /** An integer in 0 … n − 1. */
    below: (n) => Math.floor(next() * n),
    /** An integer in lo … hi (both included). */
    between: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    /** A real in [lo, hi). */
    real: (lo, hi) => lo + next() * (hi - lo),
    pick: (list) => list[r.below(list.length)],
    chance: (p) => next() < p,
    shuffle: (list) => {
      for (let i = list.length - 1; i > 0; i--) {
        const j = r.below(i + 1);
        [list[i], list[j]] = [list[j], list[i]];
      }
      return list;
    },
  };
  return r;
}
