/** Structural equality of plain JSON values. */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => isDeepEqual(item, b[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) =>
    isDeepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** Index of the first entry of `before` that `after` does not keep in place, or -1. */
export function findLostEntry(before: readonly unknown[], after: readonly unknown[]): number {
  if (before === after) return -1;
  if (after.length < before.length) {
    for (let i = 0; i < after.length; i++) if (!isDeepEqual(before[i], after[i])) return i;
    return after.length;
  }
  // Entries kept by reference (as immutable updates keep them) cost one comparison each.
  for (let i = 0; i < before.length; i++) {
    const a = before[i];
    const b = after[i];
    if (a !== b && !isDeepEqual(a, b)) return i;
  }
  return -1;
}
