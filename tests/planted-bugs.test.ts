import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { countryMachine, type CountryMachine } from '../machines/country.ts';
import type { CountryEvent } from '../machines/country-types.ts';
import { toCountryState } from '../src/country/index.ts';
import { addMonths } from '../src/domain/index.ts';
import { checkStep, type Violation } from '../src/invariants/index.ts';
import { getSeed } from './support/fc-seed.ts';
import { PLANTED_BUGS } from './support/planted-bugs.ts';

const seed = getSeed('tests/planted-bugs.test.ts');

type Template = { type: string; presence?: unknown; cause?: string; service?: string };
const name = fc.constantFrom('A', 'B');
const template: fc.Arbitrary<Template> = fc.oneof(
  fc.record({
    type: fc.constant('DEPLOY'),
    presence: fc.record({
      name,
      kind: fc.constantFrom('pko', 'spm-field', 'spm-regional-office', 'spm-envoy'),
    }),
  }),
  fc.record({
    type: fc.constantFrom(
      'BEGIN_TRANSITION',
      'DRAWDOWN',
      'WITHDRAW',
      'RENEW_MANDATE',
      'FINAL_MANDATE',
    ),
    presence: name,
  }),
  fc.record({ type: fc.constantFrom('COMPLETE_HANDOVER', 'RELAPSE', 'ENGAGE_PREVENTION') }),
  fc.record({ type: fc.constant('FORCED_EXIT'), cause: fc.constant('council-veto') }),
);
const events = fc.array(fc.tuple(template, fc.integer({ min: 0, max: 2 })), { maxLength: 30 });

/** Runs the events (months relative to the previous one) and returns the first violation. */
function firstViolation(
  machine: CountryMachine,
  plan: [Template, number][],
): Violation | undefined {
  const actor = createActor(machine, { input: { country: 'Testland', region: 'africa' } }).start();
  let month = '2010-01';
  try {
    for (const [index, [t, delta]] of plan.entries()) {
      month = addMonths(month, delta);
      const event = { ...t, month } as CountryEvent;
      const before = actor.getSnapshot();
      actor.send(event);
      const after = actor.getSnapshot();
      const found = checkStep({
        index,
        before: toCountryState(before),
        event,
        after: toCountryState(after),
        accepted: after !== before,
      });
      if (found.length > 0) return found[0];
    }
    return undefined;
  } finally {
    actor.stop();
  }
}

describe('planted bugs', () => {
  it('should find no violation in the real machine', () => {
    fc.assert(
      fc.property(events, (plan) => firstViolation(countryMachine, plan) === undefined),
      { numRuns: 300, seed },
    );
  });

  for (const bug of PLANTED_BUGS) {
    it(`should catch "${bug.name}" with ${bug.caughtBy} and a shrunk counterexample`, () => {
      const result = fc.check(
        fc.property(events, (plan) => firstViolation(bug.machine, plan) === undefined),
        { numRuns: 300, seed },
      );
      expect(result.failed, 'the bug was not caught').toBe(true);
      const counterexample = result.counterexample?.[0];
      expect(counterexample).toBeDefined();
      const violation = firstViolation(bug.machine, counterexample ?? []);
      expect(violation?.id).toBe(bug.caughtBy);
      // Each of these bugs shows within a deployment and at most three transition steps.
      expect(counterexample?.length ?? Infinity).toBeLessThanOrEqual(5);
      console.log(
        `[planted] ${bug.name}: ${violation?.message} after ${JSON.stringify(counterexample?.map(([t]) => t))}`,
      );
    });
  }
});
