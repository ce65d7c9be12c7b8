import { describe, expect, it } from 'vitest';
import type { PillarEvent } from '../machines/pillar-types.ts';
import {
  PILLAR_INVARIANTS,
  PILLAR_INVARIANT_IDS,
  checkPillarStep,
  runPillar,
  type PillarInvariantId,
  type PillarStep,
} from '../src/pillar/index.ts';

/** A real step (an endorsed pko deployment in Sierra Leone, Nepal registered) to corrupt by hand. */
function realStep(): PillarStep {
  const events: PillarEvent[] = [
    {
      type: 'PROPOSE',
      country: 'Sierra Leone',
      event: { type: 'DEPLOY', month: '1998-07', presence: { name: 'UNOMSIL', kind: 'pko' } },
    },
  ];
  const run = runPillar(
    {
      countries: [
        { country: 'Sierra Leone', region: 'africa' },
        { country: 'Nepal', region: 'middle-east-asia-pacific' },
      ],
    },
    events,
  );
  expect(run.violations).toEqual([]);
  return structuredClone(run.steps[0]!);
}

function failing(step: PillarStep): PillarInvariantId[] {
  return checkPillarStep(step).map((v) => v.id);
}

describe('pillar invariant catalogue', () => {
  it('should have one entry per id, each with a one-line description', () => {
    expect(PILLAR_INVARIANTS.map((i) => i.id)).toEqual([...PILLAR_INVARIANT_IDS]);
    for (const inv of PILLAR_INVARIANTS) expect(inv.description).toMatch(/^[a-z].*[^.]$/);
  });

  it('should pass a real step', () => {
    expect(failing(realStep())).toEqual([]);
  });

  const corruptions: [PillarInvariantId, string, (s: PillarStep) => void][] = [
    [
      'pillar-one-team',
      'a team changed',
      (s) =>
        (s.after.context.countries[0]!.team = {
          ...s.after.context.countries[0]!.team,
          id: 'africa/elsewhere',
        }),
    ],
    [
      'pillar-one-team',
      'a country registered twice',
      (s) => s.after.context.countries.push({ ...s.after.context.countries[0]! }),
    ],
    [
      'pillar-one-team',
      'an actor without registration',
      (s) =>
        (s.after.actors['country:ghost'] = {
          ...s.after.actors['country:nepal']!,
          actorId: 'country:ghost',
        }),
    ],
    [
      'pillar-one-team',
      'a country dropped',
      (s) => (s.after.context.countries = s.after.context.countries.slice(1)),
    ],
    [
      'pillar-handover-endorsed',
      'the decision was a send-back',
      (s) => (s.after.context.decisions[0]!.decision = 'sent-back'),
    ],
    [
      'pillar-handover-endorsed',
      'no proposal',
      (s) => (s.after.context.forwarded[0]!.proposal = null),
    ],
    [
      'pillar-handover-endorsed',
      'decided after it took effect',
      (s) => (s.after.context.decisions[0]!.tick = 99),
    ],
    [
      'pillar-handover-endorsed',
      'an unrecorded handover',
      (s) =>
        s.after.actors['country:sierra-leone']!.handovers.push({
          from: 'DPO',
          to: 'DPPA',
          month: '1999-01',
        }),
    ],
    ['pillar-dual-reporting', 'not copied', (s) => (s.after.context.inboxes['USG/DPPA'] = [])],
    [
      'pillar-dual-reporting',
      'sent to the wrong USG',
      (s) => {
        const m = s.after.context.messages[0]!;
        Object.assign(m, { to: 'USG/DPPA', cc: 'USG/DPO' });
        s.after.context.inboxes = { 'USG/DPPA': [m], 'USG/DPO': [m] };
      },
    ],
    [
      'pillar-dual-reporting',
      'a report lost',
      (s) => {
        s.before.context.messages = [...s.after.context.messages];
        s.after.context.messages = [];
      },
    ],
    [
      'pillar-asg-portfolio',
      'a country in two portfolios',
      (s) => s.after.context.portfolios[2]!.countries.push('Nepal'),
    ],
    [
      'pillar-asg-portfolio',
      'a report from another ASG',
      (s) => {
        const m = s.after.context.messages[0]!;
        m.from = 'ASG for the Middle East, Asia and the Pacific';
        s.after.context.inboxes = { 'USG/DPPA': [m], 'USG/DPO': [m] };
      },
    ],
  ];

  for (const [id, what, corrupt] of corruptions) {
    it(`should catch ${what} (${id})`, () => {
      const step = realStep();
      corrupt(step);
      expect(failing(step)).toContain(id);
    });
  }
});
