import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LegacyUnit, MappingEntry, NewHome } from '../src/domain/legacy.ts';
import { LEGACY_UNITS, NEW_HOMES, RESTRUCTURING_MAPPING } from '../src/domain/legacy.ts';
import {
  DEFAULT_PLAN,
  checkMapping,
  getVerdicts,
  type MappingIssueKind,
  type RestructuringPlan,
} from '../src/restructuring/index.ts';
import { getSeed } from './support/fc-seed.ts';

const seed = getSeed('tests/restructuring-checks.test.ts');

/** A random legacy structure, new homes, and a valid mapping with conserved posts. */
const validPlan: fc.Arbitrary<RestructuringPlan> = fc
  .record({
    units: fc.array(
      fc.record({
        functions: fc.integer({ min: 1, max: 4 }),
        posts: fc.integer({ min: 0, max: 500 }),
        split: fc.boolean(),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    homes: fc.integer({ min: 2, max: 6 }),
    seed: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
  })
  .map(({ units, homes, seed }) => {
    const homeList: NewHome[] = Array.from({ length: homes }, (_, i) => ({
      id: `h${i}`,
      department: (['DPPA', 'DPO', 'shared'] as const)[i % 3]!,
      name: `Home ${i}`,
      paragraph: '9',
    }));
    const unitList: LegacyUnit[] = units.map((u, i) => ({
      id: `u${i}`,
      department: (['DPA', 'DPKO', 'PBSO'] as const)[i % 3]!,
      name: `Unit ${i}`,
      functions: Array.from({ length: u.functions }, (_, j) => `u${i}-f${j}`),
    }));
    const mapping: MappingEntry[] = unitList.map((u, i) => ({
      unit: u.id,
      home: `h${seed[i]! % homes}`,
      functions: [...u.functions].reverse(),
      paragraph: '9',
      why: 'random',
    }));
    const after = units.flatMap((u, i) => {
      const home = mapping[i]!.home;
      const half = Math.floor(u.posts / 2);
      return u.split
        ? [
            { home, from: `u${i}`, posts: half },
            { home, from: `u${i}`, posts: u.posts - half },
          ]
        : [{ home, from: `u${i}`, posts: u.posts }];
    });
    return {
      units: unitList,
      homes: homeList,
      mapping,
      resources: {
        illustrative: true,
        note: 'random',
        before: units.map((u, i) => ({ unit: `u${i}`, posts: u.posts })),
        after,
      },
    };
  });

type Corruption = {
  kind: MappingIssueKind;
  apply: (plan: RestructuringPlan, unit: string) => { plan: RestructuringPlan; names: string };
};

const clone = (p: RestructuringPlan) =>
  structuredClone(p) as RestructuringPlan & { mapping: MappingEntry[] };

const CORRUPTIONS: Corruption[] = [
  {
    kind: 'no-home',
    apply: (p, u) => ({ plan: { ...p, mapping: p.mapping.filter((m) => m.unit !== u) }, names: u }),
  },
  {
    kind: 'two-homes',
    apply: (p, u) => {
      const entry = p.mapping.find((m) => m.unit === u)!;
      const other = p.homes.find((h) => h.id !== entry.home)!.id;
      return { plan: { ...p, mapping: [...p.mapping, { ...entry, home: other }] }, names: u };
    },
  },
  {
    kind: 'function-dropped',
    apply: (p, u) => {
      const c = clone(p);
      c.mapping.find((m) => m.unit === u)!.functions.pop();
      return { plan: c, names: u };
    },
  },
  {
    kind: 'function-changed',
    apply: (p, u) => {
      const c = clone(p);
      c.mapping.find((m) => m.unit === u)!.functions.push('new-mandate');
      return { plan: c, names: u };
    },
  },
  {
    kind: 'resources-not-conserved',
    apply: (p, u) => {
      const c = clone(p);
      c.resources!.after.find((a) => a.from === u)!.posts += 1;
      return { plan: c, names: u };
    },
  },
  {
    kind: 'resources-outside-pillar',
    apply: (p) => {
      const c = clone(p);
      c.resources!.after.push({ home: p.homes[0]!.id, from: 'development-pillar', posts: 5 });
      return { plan: c, names: 'development-pillar' };
    },
  },
  {
    kind: 'resources-misrouted',
    apply: (p, u) => {
      const c = clone(p);
      const home = c.mapping.find((m) => m.unit === u)!.home;
      const other = c.homes.find((h) => h.id !== home)!.id;
      for (const a of c.resources!.after) if (a.from === u) a.home = other;
      return { plan: c, names: u };
    },
  },
];

describe('restructuring mapping checks', () => {
  it('should accept the note\u2019s mapping: one home per unit, functions kept, posts conserved', () => {
    expect(checkMapping(DEFAULT_PLAN)).toEqual([]);
    expect(getVerdicts(DEFAULT_PLAN).every((v) => v.holds)).toBe(true);
    expect(new Set(RESTRUCTURING_MAPPING.map((m) => m.unit)).size).toBe(LEGACY_UNITS.length);
  });

  it('should send the units where the note\u2019s paragraphs 8 and 9 put them', () => {
    const home = (unit: string) =>
      NEW_HOMES.find((h) => h.id === RESTRUCTURING_MAPPING.find((m) => m.unit === unit)?.home);
    expect(home('dpa-regional-divisions')?.department).toBe('shared');
    expect(home('dpko-operations')?.department).toBe('shared');
    expect(home('dpko-orolsi')).toMatchObject({
      department: 'DPO',
      name: expect.stringContaining('ASG') as unknown,
    });
    for (const u of ['pbso-policy', 'pbso-intergovernmental', 'pbso-financing'])
      expect(home(u)?.id).toBe('dppa-peacebuilding');
    expect(home('dpa-electoral')?.department).toBe('DPPA');
  });

  it('should accept every valid random mapping', () => {
    fc.assert(
      fc.property(validPlan, (plan) => {
        expect(checkMapping(plan)).toEqual([]);
      }),
      { seed },
    );
  });

  it('should refuse each kind of corruption with a message naming the unit', () => {
    fc.assert(
      fc.property(
        validPlan,
        fc.nat(),
        fc.constantFrom(...CORRUPTIONS),
        (plan, pick, corruption) => {
          const unit = plan.units[pick % plan.units.length]!.id;
          const { plan: bad, names } = corruption.apply(plan, unit);
          const issues = checkMapping(bad);
          const match = issues.find((i) => i.kind === corruption.kind && i.unit === names);
          expect(match, `${corruption.kind} on ${names}: ${JSON.stringify(issues)}`).toBeDefined();
          expect(match!.message).toContain(names);
        },
      ),
      { seed },
    );
  });

  it('should fail on planted bad mappings of the real units', () => {
    const planted: [string, RestructuringPlan, MappingIssueKind, string][] = [
      [
        'OROLSI left homeless',
        { ...DEFAULT_PLAN, mapping: RESTRUCTURING_MAPPING.filter((m) => m.unit !== 'dpko-orolsi') },
        'no-home',
        'dpko-orolsi',
      ],
      [
        'electoral assistance in two departments',
        {
          ...DEFAULT_PLAN,
          mapping: [...RESTRUCTURING_MAPPING, { ...RESTRUCTURING_MAPPING[1]!, home: 'dpo-policy' }],
        },
        'two-homes',
        'dpa-electoral',
      ],
      [
        'the PBF dropped',
        {
          ...DEFAULT_PLAN,
          mapping: RESTRUCTURING_MAPPING.map((m) =>
            m.unit === 'pbso-financing' ? { ...m, functions: [] } : m,
          ),
        },
        'function-dropped',
        'pbso-financing',
      ],
      [
        'posts borrowed from development',
        {
          ...DEFAULT_PLAN,
          resources: {
            ...DEFAULT_PLAN.resources!,
            after: [
              ...DEFAULT_PLAN.resources!.after,
              { home: 'dppa-mediation', from: 'DESA', posts: 10 },
            ],
          },
        },
        'resources-outside-pillar',
        'DESA',
      ],
      [
        'police posts cut',
        {
          ...DEFAULT_PLAN,
          resources: {
            ...DEFAULT_PLAN.resources!,
            after: DEFAULT_PLAN.resources!.after.map((a) =>
              a.from === 'dpko-police' ? { ...a, posts: a.posts - 10 } : a,
            ),
          },
        },
        'resources-not-conserved',
        'dpko-police',
      ],
    ];
    for (const [what, plan, kind, unit] of planted) {
      const issues = checkMapping(plan);
      expect(
        issues.map((i) => [i.kind, i.unit]),
        what,
      ).toContainEqual([kind, unit]);
      expect(
        getVerdicts(plan).some((v) => !v.holds),
        what,
      ).toBe(true);
    }
  });
});
