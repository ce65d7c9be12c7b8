import { describe, expect, it } from 'vitest';
import type { CountryEvent } from '../machines/country-types.ts';
import { runCountry, type CountryStep } from '../src/country/index.ts';
import {
  INVARIANTS,
  INVARIANT_IDS,
  checkStep,
  checkTrace,
  getInvariant,
  type InvariantId,
} from '../src/invariants/index.ts';
import { COUNTERFACTUAL_DOCTRINES } from '../src/domain/index.ts';
import { PresenceList } from '../src/domain/index.ts';
import { cloneStep } from './support/clone.ts';

/** A real accepted step (deploying a pko into a non-mission country) to corrupt by hand. */
function realStep(): CountryStep {
  const run = runCountry({ country: 'Testland', region: 'africa', month: '2010-01' }, [
    { type: 'DEPLOY', month: '2010-02', presence: { name: 'M', kind: 'pko' } },
  ]);
  const step = run.steps[0];
  if (!step) throw new Error('no step');
  return cloneStep(step);
}

function failing(step: CountryStep): InvariantId[] {
  return checkStep(step).map((v) => v.id);
}

describe('invariant catalogue', () => {
  it('should have one entry per id, each with a one-line description', () => {
    expect(INVARIANTS.map((i) => i.id)).toEqual([...INVARIANT_IDS]);
    for (const inv of INVARIANTS) {
      expect(inv.description).toMatch(/^[a-z].*[^.]$/);
      expect(inv.description).not.toContain('\n');
      expect(inv.checkState ?? inv.checkStep).toBeDefined();
    }
  });

  it('should pass a real step', () => {
    expect(failing(realStep())).toEqual([]);
  });

  const corruptions: [InvariantId, (s: CountryStep) => void][] = [
    [
      'team-constant',
      (s) => (s.after.context.team = { ...s.after.context.team, id: 'africa/elsewhere' }),
    ],
    ['single-lead', (s) => (s.after.context.lead = 'DPKO' as never)],
    ['lead-by-doctrine', (s) => (s.after.context.presences = PresenceList.EMPTY)],
    [
      'other-informed',
      (s) =>
        (s.after.context.notices = s.after.context.notices.filter((n) => n.subject !== 'lead')),
    ],
    ['seamless-handover', (s) => (s.after.context.handovers = [])],
    ['case-file-kept', (s) => (s.after.context.caseFile = s.after.context.caseFile.slice(1))],
    [
      'transition-passage',
      (s) => {
        s.before.context.presences = PresenceList.from([
          { name: 'OLD', kind: 'spm-field', since: '2005-01' },
        ]);
        s.before.value = { specialPoliticalMission: 'mandateImplementation' };
      },
    ],
    [
      'service-provider-stable',
      (s) => {
        s.after.context.services = [
          { service: 'ddr', month: '2010-02', provider: { department: 'DPPA', office: 'x' } },
        ];
      },
    ],
    ['phase-by-presences', (s) => (s.after.value = { specialPoliticalMission: 'startUp' })],
  ];

  for (const [id, corrupt] of corruptions) {
    it(`should report ${id} on a step corrupted for it, naming the step`, () => {
      const step = realStep();
      corrupt(step);
      const violations = checkStep(step);
      expect(violations.map((v) => v.id)).toContain(id);
      const v = violations.find((x) => x.id === id);
      expect(v?.step).toBe(0);
      expect(v?.message.length).toBeGreaterThan(10);
      const trace = checkTrace(realStep().before, [step]);
      expect(trace.find((r) => r.id === id)).toMatchObject({
        holds: false,
        violation: { step: 0 },
      });
    });
  }

  it('should report a refused step that still changed the case file', () => {
    const step = realStep();
    step.accepted = true;
    step.after = { ...step.before, context: { ...step.before.context } };
    expect(failing(step)).toContain('case-file-kept');
  });

  it('should look up an invariant by id', () => {
    expect(getInvariant('seamless-handover').id).toBe('seamless-handover');
  });
});

describe('no invariant holds vacuously', () => {
  const pko: CountryEvent[] = [
    { type: 'DEPLOY', month: '2004-06', presence: { name: 'ONUB', kind: 'pko' } },
    { type: 'DEPLOY', month: '2007-01', presence: { name: 'BINUB', kind: 'spm-field' } },
    { type: 'BEGIN_TRANSITION', month: '2007-01', presence: 'ONUB' },
    { type: 'DRAWDOWN', month: '2007-01', presence: 'ONUB' },
    { type: 'WITHDRAW', month: '2007-01', presence: 'ONUB' },
    { type: 'COMPLETE_HANDOVER', month: '2007-01' },
    { type: 'BEGIN_TRANSITION', month: '2010-06', presence: 'BINUB' },
    { type: 'DRAWDOWN', month: '2010-10', presence: 'BINUB' },
    { type: 'WITHDRAW', month: '2011-01', presence: 'BINUB' },
    { type: 'COMPLETE_HANDOVER', month: '2011-01' },
  ];
  // The model knows the two counterfactual rules; historical has its own property test
  // (tests/historical-doctrine.test.ts).
  for (const doctrine of COUNTERFACTUAL_DOCTRINES) {
    it(`should reach both kinds of handover under ${doctrine}`, () => {
      const run = runCountry({ country: 'Burundi', region: 'africa', doctrine }, pko);
      const kinds = run.final.context.handovers.map((h) => `${h.from}->${h.to}`);
      expect(new Set(kinds)).toEqual(new Set(['DPPA->DPO', 'DPO->DPPA']));
      expect(run.final.context.handovers.at(-1)?.month).toBe(
        doctrine === 'note-2017' ? '2011-01' : '2007-01',
      );
      expect(checkTrace(run.initial, run.steps).every((r) => r.holds)).toBe(true);
    });
  }
});
