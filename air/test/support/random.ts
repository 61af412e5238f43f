// A small seeded generator (mulberry32), so that every run of a fuzz test tries the same inputs. The runtime's tests
// keep the same one in their own support: packages share only their public entry points, and a test's generator
// belongs in neither package's.
export function generator(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)] as T };
}
export type Generator = ReturnType<typeof generator>;
