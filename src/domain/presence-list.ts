/**
 * The presences active in a country, as the country machine keeps them: an immutable list in the
 * order the presences arrived, with unique names, that a step changes in O(log n) and that two
 * states compare in time proportional to what differs (issue 14: replay cost must not grow with
 * the square of the presences active at once).
 *
 * It reads like a read-only array (`length`, iteration, `map`, `filter`, `find`, `some`, `every`,
 * `toArray`) and is written to JSON as one; the lead, the phase and the guards ask it instead
 * (`get`, `has`, `count`, `countBackstop`, `missions`, `flagged`), which costs O(log n) or O(1).
 */
import type { Backstop } from './departments.ts';
import {
  PRESENCE_KINDS,
  getBackstop,
  isMissionKind,
  type Presence,
  type PresenceKind,
} from './presences.ts';
import {
  diffTrees,
  treeFromSorted,
  treeGet,
  treeRemove,
  treeSet,
  treeValues,
  treeValuesWith,
  treeCollect,
  type Tree,
} from './persistent-tree.ts';

/** Node bits: a country mission (not regional coverage). */
const MISSION = 1;
/** Node bits: holds a final mandate, a plan or an exit cause (what a transition's end clears). */
const FLAGGED = 2;

function bitsOf(p: Presence): number {
  let bits = isMissionKind(p.kind) ? MISSION : 0;
  if (p.finalMandate || p.plan !== undefined || p.exitCause !== undefined) bits |= FLAGGED;
  return bits;
}

const KIND_INDEX = new Map<PresenceKind, number>(PRESENCE_KINDS.map((k, i) => [k, i]));
/** Counts: one per kind, then backstop DPKO, then final mandates. */
const DPKO_SLOT = PRESENCE_KINDS.length;
const FINAL_SLOT = DPKO_SLOT + 1;
const SLOTS = FINAL_SLOT + 1;

function isBackstopDpko(p: Presence): boolean {
  return getBackstop(p) === 'DPKO';
}

function countsOf(list: readonly Presence[]): number[] {
  const counts = [...NO_COUNTS_INIT];
  for (const p of list) addCounts(counts, p, 1);
  return counts;
}

function addCounts(counts: number[], p: Presence, sign: 1 | -1): void {
  const kind = KIND_INDEX.get(p.kind);
  if (kind !== undefined) counts[kind] = (counts[kind] as number) + sign;
  if (isBackstopDpko(p)) counts[DPKO_SLOT] = (counts[DPKO_SLOT] as number) + sign;
  if (p.finalMandate) counts[FINAL_SLOT] = (counts[FINAL_SLOT] as number) + sign;
}

/**
 * A list of at most this many is kept as a plain array, and compared as one: for the few
 * presences a country usually has, a pass over them is cheaper, and smaller, than two trees
 * (`pillar verify` keeps a million states). A list grows into trees past SHORT, and goes back to
 * an array at SHORT / 2 or fewer (not at once, so that a list at the edge does not convert on
 * every step).
 */
const SHORT = 8;

const NO_COUNTS_INIT: readonly number[] = new Array<number>(SLOTS).fill(0);

function repeated(name: string): RangeError {
  return new RangeError(`duplicate presence name ${JSON.stringify(name)}`);
}

/** The presences (of unique names) as two trees numbered 0..n-1 in order. */
function toTrees(list: readonly Presence[]): {
  bySeq: Tree<number, Presence>;
  byName: Tree<string, number>;
} {
  const bySeq = treeFromSorted(list.map((p, i) => [i, p, bitsOf(p)] as const));
  const names = list.map((p, i) => [p.name, i] as const).sort((x, y) => (x[0] < y[0] ? -1 : 1));
  const byName = treeFromSorted(names.map(([name, i]) => [name, i, 0] as const));
  return { bySeq, byName };
}

/** What differs between two lists: presences only in one, and the same name with another object. */
export interface PresenceChanges {
  /** In the first list only, in its order. */
  readonly removed: readonly Presence[];
  /** In the second list only, in its order. */
  readonly added: readonly Presence[];
  /** The same presence (same place in the order) kept as another object: [before, after]. */
  readonly changed: readonly (readonly [Presence, Presence])[];
}

const NO_CHANGES: PresenceChanges = Object.freeze({
  removed: Object.freeze([]),
  added: Object.freeze([]),
  changed: Object.freeze([]),
});

export class PresenceList implements Iterable<Presence> {
  static readonly EMPTY = new PresenceList([], null, null, 0, null);

  /** The presences in order, while they are few (then the trees are null). */
  readonly #short: readonly Presence[] | null;
  /** Presences by arrival number (their order). */
  readonly #bySeq: Tree<number, Presence>;
  /** Arrival number by name. */
  readonly #byName: Tree<string, number>;
  readonly #next: number;
  /** Counts by kind, backstop and final mandate (null while the list is an array: it scans). */
  readonly #counts: readonly number[] | null;
  #array: readonly Presence[] | undefined;
  #names: NameList | undefined;
  /**
   * The last diff asked of this list (the step checks ask it more than once), keyed by the other
   * list's array or tree: a reference to the other list itself would chain every list to the one
   * before and keep a whole history alive.
   */
  #diffFrom: object | null | undefined;
  #diff: PresenceChanges | undefined;

  private constructor(
    short: readonly Presence[] | null,
    bySeq: Tree<number, Presence>,
    byName: Tree<string, number>,
    next: number,
    counts: readonly number[] | null,
  ) {
    this.#short = short;
    this.#bySeq = bySeq;
    this.#byName = byName;
    this.#next = next;
    this.#counts = counts;
  }

  static #ofArray(list: readonly Presence[], counts: readonly number[] | null): PresenceList {
    if (list.length === 0) return PresenceList.EMPTY;
    if (list.length <= SHORT) return new PresenceList(list, null, null, 0, null);
    const { bySeq, byName } = toTrees(list);
    return new PresenceList(null, bySeq, byName, list.length, counts ?? countsOf(list));
  }

  /** The counts, from the trees' record or, for an array, by a pass over it. */
  #slot(slot: number): number {
    if (this.#counts !== null) return this.#counts[slot] as number;
    let n = 0;
    for (const p of this.#short ?? []) {
      if (
        slot === DPKO_SLOT
          ? isBackstopDpko(p)
          : slot === FINAL_SLOT
            ? p.finalMandate
            : KIND_INDEX.get(p.kind) === slot
      )
        n++;
    }
    return n;
  }

  /**
   * The list of `presences` in their order. Throws a RangeError naming the first repeated name
   * (two active presences never share a name).
   */
  static from(presences: Iterable<Presence>): PresenceList {
    if (presences instanceof PresenceList) return presences;
    const list = [...presences];
    const seen = new Set<string>();
    for (const p of list) {
      if (seen.has(p.name)) throw repeated(p.name);
      seen.add(p.name);
    }
    return PresenceList.#ofArray(list, null);
  }

  get length(): number {
    if (this.#short !== null) return this.#short.length;
    return this.#bySeq === null ? 0 : this.#bySeq.size;
  }

  get(name: string): Presence | undefined {
    if (this.#short !== null) return this.#short.find((p) => p.name === name);
    const seq = treeGet(this.#byName, name);
    return seq === null ? undefined : treeGet(this.#bySeq, seq.value)?.value;
  }

  has(name: string): boolean {
    if (this.#short !== null) return this.#short.some((p) => p.name === name);
    return treeGet(this.#byName, name) !== null;
  }

  /** How many active presences are of `kind`. */
  count(kind: PresenceKind): number {
    const slot = KIND_INDEX.get(kind);
    return slot === undefined ? 0 : this.#slot(slot);
  }

  /** How many are backstopped by `backstop` (before 2019-01; default DPKO for pko, else DPA). */
  countBackstop(backstop: Backstop): number {
    const dpko = this.#slot(DPKO_SLOT);
    return backstop === 'DPKO' ? dpko : this.length - dpko;
  }

  /** How many hold a final mandate. */
  get finalMandates(): number {
    return this.#slot(FINAL_SLOT);
  }

  /** How many are country missions (not regional coverage). */
  get missionCount(): number {
    return this.length - this.count('spm-regional-office');
  }

  /** The country missions, in order: O(k log n) for k of them. */
  missions(): Presence[] {
    if (this.#short !== null) return this.#short.filter((p) => (bitsOf(p) & MISSION) !== 0);
    return treeValuesWith(this.#bySeq, MISSION);
  }

  /** The presences holding a final mandate, a plan or an exit cause, in order. */
  flagged(): Presence[] {
    if (this.#short !== null) return this.#short.filter((p) => (bitsOf(p) & FLAGGED) !== 0);
    return treeValuesWith(this.#bySeq, FLAGGED);
  }

  /** The list with `presence` appended. Throws a RangeError when its name is already active. */
  add(presence: Presence): PresenceList {
    if (this.has(presence.name)) throw repeated(presence.name);
    if (this.#short !== null) return PresenceList.#ofArray([...this.#short, presence], null);
    const counts = [...(this.#counts as readonly number[])];
    addCounts(counts, presence, 1);
    const seq = this.#next;
    return new PresenceList(
      null,
      treeSet(this.#bySeq, seq, presence, bitsOf(presence)),
      treeSet(this.#byName, presence.name, seq, 0),
      seq + 1,
      counts,
    );
  }

  /** The list without the presence named `name` (this list when none has it). */
  remove(name: string): PresenceList {
    const presence = this.get(name);
    if (presence === undefined) return this;
    if (this.#short !== null) {
      return PresenceList.#ofArray(
        this.#short.filter((p) => p !== presence),
        null,
      );
    }
    const counts = [...(this.#counts as readonly number[])];
    addCounts(counts, presence, -1);
    const seq = treeGet(this.#byName, name)?.value as number;
    const bySeq = treeRemove(this.#bySeq, seq);
    if (bySeq === null || bySeq.size <= SHORT / 2) {
      return PresenceList.#ofArray(treeValues(bySeq), null);
    }
    return new PresenceList(null, bySeq, treeRemove(this.#byName, name), this.#next, counts);
  }

  /**
   * The list with the presence named `name` replaced by `change(it)`, in its place (this list
   * when none has the name, or `change` returns the same object). The name must stay the same.
   */
  update(name: string, change: (presence: Presence) => Presence): PresenceList {
    const before = this.get(name);
    if (before === undefined) return this;
    const after = change(before);
    if (after === before) return this;
    if (after.name !== name) throw new RangeError('update must keep the presence name');
    // Most updates (a mandate, a plan, tasks) change nothing counted: the counts are shared.
    let counts = this.#counts;
    if (
      counts !== null &&
      (before.kind !== after.kind ||
        before.backstop !== after.backstop ||
        Boolean(before.finalMandate) !== Boolean(after.finalMandate))
    ) {
      const changed = [...counts];
      addCounts(changed, before, -1);
      addCounts(changed, after, 1);
      counts = changed;
    }
    const next =
      this.#short !== null
        ? new PresenceList(
            this.#short.map((p) => (p === before ? after : p)),
            null,
            null,
            0,
            counts,
          )
        : new PresenceList(
            null,
            treeSet(
              this.#bySeq,
              treeGet(this.#byName, name)?.value as number,
              after,
              bitsOf(after),
            ),
            this.#byName,
            this.#next,
            counts,
          );
    next.#names = this.names;
    return next;
  }

  /** The names, in order, as a list of their own (shared with later lists that keep them). */
  get names(): NameList {
    if (this.#names === undefined) {
      this.#names =
        this.#short !== null
          ? NameList.fromShort(this.#short.map((p) => p.name))
          : NameList.fromTree(this.#byName, this.#next);
    }
    return this.#names;
  }

  /** The presences in order, as an array (built once per list: O(n)). */
  toArray(): readonly Presence[] {
    if (this.#short !== null) return this.#short;
    this.#array ??= treeValues(this.#bySeq);
    return this.#array;
  }

  [Symbol.iterator](): Iterator<Presence> {
    return this.toArray()[Symbol.iterator]();
  }

  map<T>(f: (p: Presence, i: number) => T): T[] {
    return this.toArray().map(f);
  }

  filter(f: (p: Presence, i: number) => unknown): Presence[] {
    return this.toArray().filter(f);
  }

  find(f: (p: Presence, i: number) => unknown): Presence | undefined {
    return this.toArray().find(f);
  }

  some(f: (p: Presence, i: number) => unknown): boolean {
    return this.toArray().some(f);
  }

  every(f: (p: Presence, i: number) => unknown): boolean {
    return this.toArray().every(f);
  }

  toJSON(): readonly Presence[] {
    return this.toArray();
  }

  /** Where the presence named `name` stands in the order (a number that grows with it). */
  #position(name: string): number {
    if (this.#short !== null) return this.#short.findIndex((p) => p.name === name);
    return treeGet(this.#byName, name)?.value ?? -1;
  }

  /** What identifies this list's content for the diff cache (no reference to another list). */
  #key(): object | null {
    return this.#short ?? this.#bySeq;
  }

  /**
   * What differs from `before` to `after`: O(d log n) for d differences when one list was made
   * from the other, O(n) at worst.
   */
  static diff(before: PresenceList, after: PresenceList): PresenceChanges {
    if (before === after) return NO_CHANGES;
    // Short lists are compared again rather than cached (what a cache keeps, verify keeps too).
    if (before.length <= SHORT && after.length <= SHORT) {
      return compareShort(before.toArray(), after.toArray());
    }
    const key = before.#key();
    if (after.#diffFrom === key && after.#diff !== undefined) return after.#diff;
    const changes = PresenceList.#compare(before, after);
    after.#diffFrom = key;
    after.#diff = changes;
    return changes;
  }

  static #compare(before: PresenceList, after: PresenceList): PresenceChanges {
    const changes = {
      removed: [] as Presence[],
      added: [] as Presence[],
      changed: [] as [Presence, Presence][],
    };
    // A list kept as an array is compared as the trees it would make (numbered apart: the
    // reconciliation below pairs its presences by name).
    const a = before.#short === null ? before.#bySeq : toTrees(before.#short).bySeq;
    const b = after.#short === null ? after.#bySeq : toTrees(after.#short).bySeq;
    diffTrees(a, b, {
      onlyBefore: (n) => changes.removed.push(n.value),
      onlyAfter: (n) => changes.added.push(n.value),
      changed: (x, y) => {
        if (x.value.name === y.value.name) changes.changed.push([x.value, y.value]);
        else {
          changes.removed.push(x.value);
          changes.added.push(y.value);
        }
      },
    });
    if (changes.removed.length > 0 && changes.added.length > 0) {
      // Lists not made from each other (numbered apart) may hold one presence under two numbers.
      const removed = new Map(changes.removed.map((p) => [p.name, p]));
      const added: Presence[] = [];
      for (const p of changes.added) {
        const was = removed.get(p.name);
        if (was === undefined) added.push(p);
        else {
          removed.delete(p.name);
          if (was !== p) changes.changed.push([was, p]);
        }
      }
      if (added.length !== changes.added.length) {
        changes.added = added;
        changes.removed = [...removed.values()];
        // A pair found by name came last: put every pair back in the order of `after`.
        const at = (q: Presence): number => after.#position(q.name);
        changes.changed.sort((x, y) => at(x[1]) - at(y[1]));
      }
    }
    return changes;
  }
}

/** `PresenceList.diff` of two short lists, by name, in one pass over each pair. */
function compareShort(a: readonly Presence[], b: readonly Presence[]): PresenceChanges {
  const removed: Presence[] = [];
  const added: Presence[] = [];
  const changed: [Presence, Presence][] = [];
  for (const p of a) if (!b.some((q) => q.name === p.name)) removed.push(p);
  for (const q of b) {
    const p = a.find((x) => x.name === q.name);
    if (p === undefined) added.push(q);
    else if (p !== q) changed.push([p, q]);
  }
  return { removed, added, changed };
}

/** What differs between two lists of names. */
export interface NameChanges {
  /** In the second list only, in its order. */
  added: string[];
  /** In the first list only, in its order. */
  removed: string[];
  /** The names both have are in another order. */
  reordered: boolean;
}

/**
 * Unique names in an order, persistent: the presences leaving in a transition (`outgoing`), and
 * what the informed department was last told are active (`informedOf.presences`). A presence
 * list's `names` share structure with the list, so a step compares what it was told with what is
 * active in O(d log n) for d changes; `add` and `remove` cost O(log n).
 */
export class NameList implements Iterable<string> {
  static readonly EMPTY = new NameList([], null, 0);
  /** The names in order, while they are few (then the tree is null). */
  readonly #short: readonly string[] | null;
  /** Position (a number increasing with the order) by name. */
  readonly #byName: Tree<string, number>;
  /** The position the next name added takes. */
  readonly #next: number;
  #array: readonly string[] | undefined;

  private constructor(short: readonly string[] | null, byName: Tree<string, number>, next: number) {
    this.#short = short;
    this.#byName = byName;
    this.#next = next;
  }

  /** @internal A presence list's names. */
  static fromTree(byName: Tree<string, number>, next: number): NameList {
    return byName === null ? NameList.EMPTY : new NameList(null, byName, next);
  }

  /** @internal Names already known unique, in order. */
  static fromShort(names: readonly string[]): NameList {
    return NameList.#ofArray(names);
  }

  static #ofArray(names: readonly string[]): NameList {
    if (names.length === 0) return NameList.EMPTY;
    if (names.length <= SHORT) return new NameList(names, null, 0);
    return new NameList(null, NameList.#toTree(names), names.length);
  }

  static #toTree(names: readonly string[]): Tree<string, number> {
    const sorted = names.map((n, i) => [n, i] as const).sort((x, y) => (x[0] < y[0] ? -1 : 1));
    return treeFromSorted(sorted.map(([name, i]) => [name, i, 0] as const));
  }

  /** The list with `name` added at the end (this list when it has the name already). */
  add(name: string): NameList {
    if (this.has(name)) return this;
    if (this.#short !== null) return NameList.#ofArray([...this.#short, name]);
    return new NameList(null, treeSet(this.#byName, name, this.#next, 0), this.#next + 1);
  }

  /** The list without `name` (this list when it has none). */
  remove(name: string): NameList {
    if (!this.has(name)) return this;
    if (this.#short !== null) return NameList.#ofArray(this.#short.filter((n) => n !== name));
    const byName = treeRemove(this.#byName, name);
    if (byName === null || byName.size <= SHORT / 2) {
      return NameList.#ofArray(NameList.#ordered(byName));
    }
    return new NameList(null, byName, this.#next);
  }

  /** Names in order; throws a RangeError naming a repeated one. */
  static from(names: Iterable<string>): NameList {
    if (names instanceof NameList) return names;
    const list = [...names];
    const seen = new Set<string>();
    for (const name of list) {
      if (seen.has(name)) throw repeated(name);
      seen.add(name);
    }
    return NameList.#ofArray(list);
  }

  get length(): number {
    if (this.#short !== null) return this.#short.length;
    return this.#byName === null ? 0 : this.#byName.size;
  }

  has(name: string): boolean {
    if (this.#short !== null) return this.#short.includes(name);
    return treeGet(this.#byName, name) !== null;
  }

  includes(name: string): boolean {
    return this.has(name);
  }

  static #ordered(byName: Tree<string, number>): string[] {
    return treeCollect(byName)
      .sort((x, y) => x.value - y.value)
      .map((n) => n.key);
  }

  /** The names in order (built once per list: O(n log n)). */
  toArray(): readonly string[] {
    if (this.#short !== null) return this.#short;
    this.#array ??= NameList.#ordered(this.#byName);
    return this.#array;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.toArray()[Symbol.iterator]();
  }

  map<T>(f: (name: string, i: number) => T): T[] {
    return this.toArray().map(f);
  }

  filter(f: (name: string, i: number) => unknown): string[] {
    return this.toArray().filter(f);
  }

  some(f: (name: string, i: number) => unknown): boolean {
    return this.toArray().some(f);
  }

  join(separator?: string): string {
    return this.toArray().join(separator);
  }

  toJSON(): readonly string[] {
    return this.toArray();
  }

  /** Same names in the same order. */
  static same(before: NameList, after: NameList): boolean {
    if (before === after) return true;
    if (before.#short === null && before.#byName === after.#byName) return true;
    if (before.length !== after.length) return false;
    if (before.length <= SHORT) {
      const a = before.toArray();
      const b = after.toArray();
      return a.every((name, i) => name === b[i]);
    }
    const c = NameList.diff(before, after);
    return c.added.length === 0 && c.removed.length === 0 && !c.reordered;
  }

  /** What differs: O(d log n) for d changes between lists made from each other. */
  static diff(before: NameList, after: NameList): NameChanges {
    if (before.length <= SHORT && after.length <= SHORT) {
      const a = before.toArray();
      const b = after.toArray();
      return {
        added: b.filter((n) => !a.includes(n)),
        removed: a.filter((n) => !b.includes(n)),
        reordered: isReordered(before, after),
      };
    }
    const added: { name: string; at: number }[] = [];
    const removed: { name: string; at: number }[] = [];
    let moved = false;
    const x = before.#short === null ? before.#byName : NameList.#toTree(before.#short);
    const y = after.#short === null ? after.#byName : NameList.#toTree(after.#short);
    diffTrees(x, y, {
      onlyBefore: (n) => removed.push({ name: n.key, at: n.value }),
      onlyAfter: (n) => added.push({ name: n.key, at: n.value }),
      changed: () => {
        moved = true;
      },
    });
    added.sort((p, q) => p.at - q.at);
    removed.sort((p, q) => p.at - q.at);
    // A name at another position: the order may differ (lists numbered apart, or a name that
    // left and came back). Compare the names both hold, in order.
    const reordered = moved && isReordered(before, after);
    return { added: added.map((p) => p.name), removed: removed.map((p) => p.name), reordered };
  }
}

function isReordered(before: NameList, after: NameList): boolean {
  const common = before.toArray().filter((n) => after.has(n));
  const other = after.toArray().filter((n) => before.has(n));
  return common.some((n, i) => n !== other[i]);
}
