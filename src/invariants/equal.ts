function hasToJson(value: object): value is { toJSON(): unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

function asJson(value: object): unknown {
  return hasToJson(value) ? value.toJSON() : value;
}

/** Structural equality of plain JSON values (keys whose value is undefined count as absent). */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  // A value that writes itself to JSON (the context's presence lists) is compared as written.
  if (hasToJson(a) || hasToJson(b)) return isDeepEqual(asJson(a), asJson(b));
  const arrayA = Array.isArray(a);
  if (arrayA !== Array.isArray(b)) return false;
  if (arrayA) {
    const x = a as readonly unknown[];
    const y = b as readonly unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!isDeepEqual(x[i], y[i])) return false;
    return true;
  }
  // One pass over each side's own keys, no lists built (this runs on every step's checks).
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const key of Object.keys(x)) {
    const value = x[key];
    if (value === undefined) continue;
    defined++;
    if (!isDeepEqual(value, y[key])) return false;
  }
  for (const key of Object.keys(y)) if (y[key] !== undefined) defined--;
  return defined === 0;
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
