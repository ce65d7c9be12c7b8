/**
 * `pillar verify --machine pillar`: the pillar machine explored over its bounded universe with
 * every pillar invariant on every edge; a planted bug is caught with a shortest counterexample
 * that replays on the buggy machine and not on the real one.
 */
import { describe, expect, it } from 'vitest';
import { pillarMachine } from '../machines/pillar.ts';
import * as logic from '../machines/pillar-logic.ts';
import type { PillarContext, PillarEvent } from '../machines/pillar-types.ts';
import { runPillar } from '../src/pillar/run.ts';
import { getPillarVerifyInput, verifyPillarMachine } from '../src/verify/pillar.ts';

/** The regional ASG forwards any country event without the SPG, strategic ones included. */
const bypassesSpg = pillarMachine.provide({
  guards: {
    canForwardRoutine: ({ context, event }: { context: PillarContext; event: PillarEvent }) =>
      event.type === 'COUNTRY' &&
      logic.findCountry(context, event.country) !== undefined &&
      !logic.hasPendingForward(context),
  },
});

describe('pillar verify on the pillar machine', () => {
  it.each(['note-2017', 'adopted-2019'] as const)(
    'explores the bounded universe under %s with every pillar invariant holding',
    (doctrine) => {
      const report = verifyPillarMachine({ doctrine, maxDepth: 3 });
      expect(report.complete).toBe(true);
      expect(report.states).toBeGreaterThan(100);
      expect(report.edges).toBeGreaterThan(report.states);
      expect(report.refused).toBeGreaterThan(0);
      expect(report.checks.filter((c) => !c.holds)).toEqual([]);
      expect(report.checks.map((c) => c.id)).toEqual([
        'pillar-one-team',
        'pillar-handover-endorsed',
        'pillar-dual-reporting',
        'pillar-asg-portfolio',
        'no-error',
      ]);
      expect(report.ok).toBe(true);
    },
    120_000,
  );

  it('catches an ASG forwarding a strategic event without the SPG, in one event', () => {
    const report = verifyPillarMachine({
      doctrine: 'note-2017',
      machine: bypassesSpg,
      stopAtFirstViolation: true,
    });
    expect(report.ok).toBe(false);
    const check = report.checks.find((c) => c.id === 'pillar-handover-endorsed');
    expect(check?.holds).toBe(false);
    const events = check?.counterexample?.events ?? [];
    // The country is registered at the start: one misrouted DEPLOY changes the lead.
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'COUNTRY', event: { type: 'DEPLOY' } });
    expect(check?.counterexample?.message).toMatch(/without an SPG proposal/);
    const input = getPillarVerifyInput('note-2017');
    const buggy = runPillar(input, events, { machine: bypassesSpg });
    expect(buggy.violations.map((v) => v.id)).toContain('pillar-handover-endorsed');
    const real = runPillar(input, events);
    expect(real.refused).toBe(1);
    expect(real.violations).toEqual([]);
  });
});
