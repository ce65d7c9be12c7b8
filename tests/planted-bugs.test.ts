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
const task = 'rule-of-law';
const receiver = fc.constantFrom('country-team', 'A', 'B');
const template: fc.Arbitrary<Template> = fc.oneof(
  fc.record({
    type: fc.constant('DEPLOY'),
    presence: fc.record({
      name,
      kind: fc.constantFrom('pko', 'spm-field', 'spm-regional-office', 'spm-envoy'),
    }),
  }),
  // Tasks (issue 12): a mission holding one, its plan (with or without the WPS element), handovers.
  fc.record({
    type: fc.constant('DEPLOY'),
    presence: fc.record({ name, kind: fc.constant('pko'), tasks: fc.constant([task]) }),
  }),
  fc.record({
    type: fc.constant('ADOPT_PLAN'),
    presence: name,
    handover: receiver.map((to) => ({ [task]: to })),
    gender: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('HAND_OVER_TASK'),
    presence: name,
    task: fc.constant(task),
    to: receiver,
  }),
  // A transition of the tasked mission, step by step, so that the task rules are met often.
  fc.record({
    type: fc.constantFrom('BEGIN_TRANSITION', 'DRAWDOWN', 'WITHDRAW', 'COMPLETE_HANDOVER'),
    presence: fc.constant('A'),
  }),
  fc.record({
    type: fc.constantFrom('BEGIN_TRANSITION', 'DRAWDOWN', 'WITHDRAW', 'COMPLETE_HANDOVER'),
    presence: fc.constant('A'),
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
/**
 * A tasked mission's whole transition, any steps of it left out: a planted task bug needs up to
 * six events in one order, which independent draws would almost never line up.
 */
const taskTransition: fc.Arbitrary<Template[]> = fc
  .tuple(receiver, fc.boolean())
  .chain(([to, gender]) =>
    fc.subarray<Template>([
      { type: 'DEPLOY', presence: { name: 'A', kind: 'pko', tasks: [task] } },
      { type: 'BEGIN_TRANSITION', presence: 'A' },
      { type: 'ADOPT_PLAN', presence: 'A', handover: { [task]: to }, gender } as Template,
      { type: 'DRAWDOWN', presence: 'A' },
      { type: 'HAND_OVER_TASK', presence: 'A', task, to } as Template,
      { type: 'WITHDRAW', presence: 'A' },
      { type: 'COMPLETE_HANDOVER' },
    ]),
  );
const chunk = fc.oneof(
  { weight: 4, arbitrary: template.map((t) => [t]) },
  { weight: 1, arbitrary: taskTransition },
);
/** Events with month gaps; the steps of one chunk share a month. */
const events = fc
  .array(fc.tuple(chunk, fc.integer({ min: 0, max: 2 })), { maxLength: 20 })
  .map((list) =>
    list.flatMap(([ts, gap]) => ts.map((t, i): [Template, number] => [t, i === 0 ? gap : 0])),
  );

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
        { numRuns: 1000, seed },
      );
      expect(result.failed, 'the bug was not caught').toBe(true);
      const counterexample = result.counterexample?.[0];
      expect(counterexample).toBeDefined();
      const violation = firstViolation(bug.machine, counterexample ?? []);
      expect(violation?.id).toBe(bug.caughtBy);
      // Each of these bugs shows within a deployment and a few transition steps.
      expect(counterexample?.length ?? Infinity).toBeLessThanOrEqual(bug.maxEvents ?? 5);
      console.log(
        `[planted] ${bug.name}: ${violation?.message} after ${JSON.stringify(counterexample?.map(([t]) => t))}`,
      );
    });
  }
});
