/**
 * The compiled country machine against the XState machine on every edge of `pillar verify`'s
 * explored state space (default abstraction): same refusal, state value, context and invariant
 * verdicts. A planted difference (one guard changed, on either side) must be caught.
 */
import { describe, expect, it } from 'vitest';
import { countryMachine } from '../machines/country.ts';
import * as logic from '../machines/country-logic.ts';
import type { CountryContext, CountryEvent } from '../machines/country-types.ts';
import { compareEngines } from '../src/verify/differential.ts';
import {
  createCompiledEngine,
  createXStateEngine,
  type CountryEngine,
} from '../src/verify/engine.ts';
import { verifyCountryMachine } from '../src/verify/index.ts';

/** One guard changed: the last outgoing presence is taken to be any of up to two. */
const widerLastOutgoing = countryMachine.provide({
  guards: {
    canWithdrawLastOutgoing: ({
      context,
      event,
    }: {
      context: CountryContext;
      event: CountryEvent;
    }) =>
      logic.isAdmissible(context, event) &&
      logic.isOutgoing(context, event) &&
      logic.isDrawdownPlanned(context, event) &&
      context.outgoing.length <= 2,
  },
});

function replay(
  engine: CountryEngine,
  input: Parameters<CountryEngine['start']>[0],
  events: CountryEvent[],
) {
  let state = engine.start(input);
  for (const event of events) state = engine.step(state, event);
  return state;
}

describe('the compiled country machine on every edge of the explored space', () => {
  it.each(['note-2017', 'adopted-2019'] as const)(
    'gives the same refusals, values, contexts and invariant verdicts as XState under %s',
    (doctrine) => {
      const report = compareEngines({ doctrine });
      expect(report.reference).toBe('xstate');
      expect(report.candidate).toBe('compiled');
      expect(report.differences).toEqual([]);
      // Every abstract state verify explores, and every event of the universe in each.
      expect(report.states).toBe(verifyCountryMachine({ doctrine }).states);
      expect(report.compared).toBeGreaterThan(report.states * 40);
      expect(report.accepted).toBeGreaterThan(report.states);
    },
    180_000,
  );

  it('catches one guard changed in the compiled form', () => {
    const report = compareEngines({
      doctrine: 'note-2017',
      candidate: createCompiledEngine(widerLastOutgoing),
    });
    expect(report.differences).toHaveLength(1);
    const [difference] = report.differences;
    if (!difference) throw new Error('no difference');
    expect(difference.event.type).toBe('WITHDRAW');
    expect(difference.what).toMatch(/^state value: reference .*drawdown.*, candidate .*handover/);
    // The path replays: the real machine stays in drawdown, the variant moves to handover.
    const real = replay(createXStateEngine(countryMachine), difference.input, [
      ...difference.path,
      difference.event,
    ]);
    const planted = replay(createCompiledEngine(widerLastOutgoing), difference.input, [
      ...difference.path,
      difference.event,
    ]);
    expect(real.value).toEqual({ transition: 'drawdown' });
    expect(planted.value).toEqual({ transition: 'handover' });
  });

  it('catches the same guard changed on the XState side', () => {
    const report = compareEngines({
      doctrine: 'adopted-2019',
      reference: createXStateEngine(widerLastOutgoing),
      maxDifferences: 3,
    });
    expect(report.differences.length).toBeGreaterThan(0);
    expect(report.differences.every((d) => d.event.type === 'WITHDRAW')).toBe(true);
  });
});
