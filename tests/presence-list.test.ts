/**
 * The persistent presence list (issue 14) against the plain array it replaced: every operation,
 * every query and every diff agrees with a model that copies arrays, on random operation
 * sequences; and a step's cost is bounded by the nodes it touches, not by the list's size.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NameList,
  PresenceList,
  getLeadDepartment,
  getPhaseForPresences,
  isMissionKind,
  DOCTRINES,
  PRESENCE_KINDS,
  type Presence,
} from '../src/domain/index.ts';
import { diffTrees, treeFromSorted, treeRemove, treeSet } from '../src/domain/persistent-tree.ts';
import { isDeepEqual } from '../src/invariants/equal.ts';
import { getSeed } from './support/fc-seed.ts';

const seed = getSeed('tests/presence-list.test.ts');

type Op =
  | { op: 'add'; name: string; kind: Presence['kind']; backstop?: 'DPA' | 'DPKO' }
  | { op: 'remove'; name: string }
  | { op: 'final' | 'plan' | 'exit' | 'clear' | 'mandate'; name: string };

const NAMES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'];
const name = fc.constantFrom(...NAMES);
const addOp = fc.record(
  {
    op: fc.constant('add' as const),
    name,
    kind: fc.constantFrom(...PRESENCE_KINDS),
    backstop: fc.constantFrom('DPA' as const, 'DPKO' as const),
  },
  { requiredKeys: ['op', 'name', 'kind'] },
);
const removeOp = fc.record({ op: fc.constant('remove' as const), name });
const updateOp = fc.record({
  op: fc.constantFrom('final', 'plan', 'exit', 'clear', 'mandate'),
  name,
});
/**
 * A run grows its list (adds weigh most), then shrinks it (removes weigh most): lists pass 8
 * presences, where they turn from an array into trees, and fall back to 4, where they turn back,
 * so both forms and both conversions are exercised.
 */
/** Up to 40 operations, adds and removes weighed as given. */
function phase(adds: number, removes: number): fc.Arbitrary<Op[]> {
  const op = fc.oneof(
    { weight: adds, arbitrary: addOp },
    { weight: removes, arbitrary: removeOp },
    { weight: 2, arbitrary: updateOp },
  );
  return fc.array(op, { maxLength: 40, size: 'max' });
}
const ops: fc.Arbitrary<Op[]> = fc
  .tuple(phase(6, 1), phase(1, 6))
  .map(([grow, shrink]) => [...grow, ...shrink]);

/** Whether some run grew past 8 and then fell to 4 or fewer (both conversions). */
let longest = 0;
let shrankBack = false;

function change(p: Presence, kind: Exclude<Op['op'], 'add' | 'remove'>): Presence {
  switch (kind) {
    case 'final':
      return { ...p, finalMandate: true };
    case 'plan':
      return { ...p, plan: { month: '2020-01', gender: true, receivers: {} } };
    case 'exit':
      return { ...p, exitCause: 'planned' };
    case 'mandate':
      return { ...p, mandate: `${p.mandate ?? ''}+` };
    case 'clear': {
      const next = { ...p };
      delete next.finalMandate;
      delete next.plan;
      delete next.exitCause;
      return next;
    }
  }
}

/** Applies `o` to both the list and the array model; both come back unchanged when it does nothing. */
function apply(list: PresenceList, model: readonly Presence[], o: Op): [PresenceList, Presence[]] {
  if (o.op === 'add') {
    if (model.some((p) => p.name === o.name)) {
      expect(() => list.add({ name: o.name, kind: o.kind, since: '2020-01' })).toThrow(RangeError);
      return [list, [...model]];
    }
    const p: Presence = { name: o.name, kind: o.kind, since: '2020-01' };
    if (o.backstop !== undefined) p.backstop = o.backstop;
    return [list.add(p), [...model, p]];
  }
  if (o.op === 'remove') {
    return [list.remove(o.name), model.filter((p) => p.name !== o.name)];
  }
  const next = list.update(o.name, (p) => change(p, o.op));
  const m = model.map((p) => (p.name === o.name ? (next.get(o.name) as Presence) : p));
  return [next, m];
}

function expectSame(list: PresenceList, model: readonly Presence[]): void {
  expect(list.length).toBe(model.length);
  expect([...list]).toEqual(model);
  expect(list.toArray().every((p, i) => p === model[i])).toBe(true);
  for (const n of NAMES) {
    expect(list.get(n)).toBe(model.find((p) => p.name === n));
    expect(list.has(n)).toBe(model.some((p) => p.name === n));
  }
  for (const k of PRESENCE_KINDS)
    expect(list.count(k)).toBe(model.filter((p) => p.kind === k).length);
  expect(list.missions()).toEqual(model.filter((p) => isMissionKind(p.kind)));
  expect(list.flagged()).toEqual(
    model.filter((p) => p.finalMandate || p.plan !== undefined || p.exitCause !== undefined),
  );
  expect(list.finalMandates).toBe(model.filter((p) => p.finalMandate).length);
  expect([...list.names]).toEqual(model.map((p) => p.name));
  for (const doctrine of DOCTRINES) {
    for (const month of ['2015-01', '2020-01', null]) {
      expect(getLeadDepartment(doctrine, list, month)).toBe(
        getLeadDepartment(doctrine, model, month),
      );
    }
  }
  expect(getPhaseForPresences(list)).toBe(getPhaseForPresences(model));
  expect(JSON.parse(JSON.stringify(list))).toEqual(JSON.parse(JSON.stringify(model)));
}

/** The model's diff: by name, in order; a presence kept as another object is changed. */
function modelDiff(before: readonly Presence[], after: readonly Presence[]) {
  const was = new Map(before.map((p) => [p.name, p]));
  const is = new Map(after.map((p) => [p.name, p]));
  return {
    removed: before.filter((p) => !is.has(p.name)),
    added: after.filter((p) => !was.has(p.name)),
    changed: after
      .filter((p) => was.has(p.name) && was.get(p.name) !== p)
      .map((p) => [was.get(p.name), p]),
  };
}

function modelNameDiff(before: readonly string[], after: readonly string[]) {
  const common = before.filter((n) => after.includes(n));
  const other = after.filter((n) => before.includes(n));
  return {
    added: after.filter((n) => !before.includes(n)),
    removed: before.filter((n) => !after.includes(n)),
    reordered: common.some((n, i) => n !== other[i]),
  };
}

describe('PresenceList (persistent) against an array model', () => {
  it('agrees on every operation, query and diff', () => {
    fc.assert(
      fc.property(ops, fc.nat(), (sequence, pick) => {
        let list = PresenceList.EMPTY;
        let model: Presence[] = [];
        const versions: [PresenceList, Presence[]][] = [[list, model]];
        let peak = 0;
        for (const o of sequence) {
          const before = list;
          [list, model] = apply(list, model, o);
          if (model.length === versions[versions.length - 1]?.[1].length && list === before) {
            // Nothing changed: the same list comes back.
            expect(list).toBe(before);
          }
          expectSame(list, model);
          longest = Math.max(longest, model.length);
          peak = Math.max(peak, model.length);
          if (peak > 8 && model.length <= 4) shrankBack = true;
          versions.push([list, model]);
        }
        // Any two versions (made from each other) and a rebuilt copy (numbered apart).
        const [oldList, oldModel] = versions[pick % versions.length] as [PresenceList, Presence[]];
        const rebuilt = PresenceList.from(oldModel);
        for (const [a, am, b, bm] of [
          [oldList, oldModel, list, model],
          [list, model, oldList, oldModel],
          [rebuilt, oldModel, list, model],
        ] as const) {
          const d = PresenceList.diff(a, b);
          const m = modelDiff(am, bm);
          expect(d.removed).toEqual(m.removed);
          expect(d.added).toEqual(m.added);
          expect(d.changed).toEqual(m.changed);
          const names = NameList.diff(a.names, b.names);
          expect(names).toEqual(
            modelNameDiff(
              am.map((p) => p.name),
              bm.map((p) => p.name),
            ),
          );
          const n = modelNameDiff(
            am.map((p) => p.name),
            bm.map((p) => p.name),
          );
          expect(NameList.same(a.names, b.names)).toBe(
            n.added.length === 0 && n.removed.length === 0 && !n.reordered,
          );
          expect(NameList.diff(NameList.from(am.map((p) => p.name)), b.names)).toEqual(n);
        }
      }),
      { seed, numRuns: 300 },
    );
    expect(longest).toBeGreaterThan(8);
    expect(shrankBack).toBe(true);
  });

  it("is compared as the list it writes to JSON by the invariants' deep equality", () => {
    const a = PresenceList.from([{ name: 'A', kind: 'pko', since: '2020-01' }]);
    const b = PresenceList.from([{ name: 'A', kind: 'pko', since: '2020-02' }]);
    expect(isDeepEqual(a, PresenceList.from([...a]))).toBe(true);
    expect(isDeepEqual(a, b)).toBe(false);
    expect(isDeepEqual(a.names, b.names)).toBe(true);
    expect(isDeepEqual(a.names, PresenceList.EMPTY.names)).toBe(false);
  });

  it('refuses a repeated name when built and when added', () => {
    const a: Presence = { name: 'A', kind: 'pko', since: '2020-01' };
    expect(() => PresenceList.from([a, { ...a }])).toThrow(/duplicate presence name "A"/);
    expect(() => PresenceList.from([a]).add({ ...a })).toThrow(/duplicate presence name "A"/);
    expect(() => NameList.from(['A', 'A'])).toThrow(/duplicate presence name "A"/);
  });

  it('keeps every untouched presence object and shares its names when only presences change', () => {
    const list = PresenceList.from(
      NAMES.map((n) => ({ name: n, kind: 'spm-field' as const, since: '2020-01' })),
    );
    const next = list.update('C', (p) => ({ ...p, mandate: 'S/RES/1' }));
    expect(next.names).toBe(list.names);
    expect(
      next
        .toArray()
        .filter((p, i) => p !== list.toArray()[i])
        .map((p) => p.name),
    ).toEqual(['C']);
    expect(list.update('C', (p) => p)).toBe(list);
    expect(list.update('Z', (p) => ({ ...p }))).toBe(list);
    expect(list.remove('Z')).toBe(list);
  });

  it('diffs two large versions by what differs, not by their size', () => {
    // 100,000 presences, one removed and one added: a diff that walked the lists would visit
    // 200,000 presences; this one reports exactly the two changes (a wrong skip would report
    // far more or miss them).
    let list = PresenceList.from(
      Array.from({ length: 100_000 }, (_, i) => ({
        name: `P${i}`,
        kind: 'spm-regional-office' as const,
        since: '2000-01',
      })),
    );
    const before = list;
    list = list.remove('P5000').add({ name: 'Q', kind: 'pko', since: '2001-01' });
    const d = PresenceList.diff(before, list);
    expect(d.removed.length + d.added.length + d.changed.length).toBe(2);
    expect(d.removed.map((p) => p.name)).toEqual(['P5000']);
    expect(d.added.map((p) => p.name)).toEqual(['Q']);
    expect(NameList.diff(before.names, list.names)).toEqual({
      added: ['Q'],
      removed: ['P5000'],
      reordered: false,
    });
  });
});

describe('diffTrees', () => {
  it('looks at O(log n) items for one change in 100,000, and at every item when nothing is shared', () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => [i, i, 0] as const);
    const tree = treeFromSorted(entries);
    const changed = treeSet(treeRemove(tree, 5000), 100_000, -1, 0);
    const found: number[] = [];
    const report = {
      onlyBefore: (n: { key: number }) => found.push(-n.key),
      onlyAfter: (n: { key: number }) => found.push(n.key),
      changed: () => found.push(NaN),
    };
    const looked = diffTrees(tree, changed, report);
    expect(found).toEqual([-5000, 100_000]);
    // About 6 items per level of a 17-level tree; a walk of both trees would look at 400,000.
    expect(looked).toBeLessThan(400);
    const copy = treeFromSorted(entries.map(([k, v]) => [k, v, 0] as const));
    found.length = 0;
    expect(diffTrees(tree, copy, report)).toBeGreaterThanOrEqual(200_000);
    expect(found).toEqual([]);
  });
});

describe('NameList add and remove against an array model', () => {
  it('agrees on membership, order, JSON and diffs', () => {
    const step = fc.record({ add: fc.boolean(), name });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let list = NameList.EMPTY;
        let model: string[] = [];
        for (const s of steps) {
          const before = list;
          const modelBefore = model;
          if (s.add) {
            list = list.add(s.name);
            if (!model.includes(s.name)) model = [...model, s.name];
          } else {
            list = list.remove(s.name);
            model = model.filter((n) => n !== s.name);
          }
          if (model.length === modelBefore.length) expect(list).toBe(before);
          expect([...list]).toEqual(model);
          expect(list.length).toBe(model.length);
          expect(JSON.parse(JSON.stringify(list))).toEqual(model);
          for (const n of NAMES) expect(list.includes(n)).toBe(model.includes(n));
          expect(NameList.diff(before, list)).toEqual(modelNameDiff(modelBefore, model));
        }
      }),
      { seed, numRuns: 300 },
    );
  });
});
