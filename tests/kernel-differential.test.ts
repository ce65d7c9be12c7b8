/**
 * The compiled form of the country machine against the XState actor, step by step: same state
 * value, context, refusal (taken or not, and the reason) and invariant results after every step,
 * for every doctrine, over the whole event vocabulary (refused and malformed events included).
 * A planted difference (one guard changed with `machine.provide`) must be caught.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor, setup } from 'xstate';
import { countryMachine, type CountryMachine } from '../machines/country.ts';
import * as logic from '../machines/country-logic.ts';
import type { CountryInput } from '../machines/country-types.ts';
import { compileCountryMachine, createCountryStepper } from '../src/kernel/index.ts';
import { explainEvent } from '../src/country/index.ts';
import { checkStep } from '../src/invariants/index.ts';
import { PLANTED_BUGS } from './support/planted-bugs.ts';
import {
  DOCTRINES,
  countryInput,
  eventSequence,
  findBreakingSequence,
  toEvents,
} from './support/country-events.ts';
import { getSeed } from './support/fc-seed.ts';

const seed = getSeed('tests/kernel-differential.test.ts');
const RUNS = 2000;
const sequence = eventSequence(40);
/** Atomic states the raw compiled form has been in (every one should be reached). */
const visited = new Set<string>();

/**
 * Runs the events on a raw XState actor of `reference` and on the compiled form of `candidate`,
 * and on the kernel's stepper with each engine; fails at the first step where they differ.
 */
function agree(
  reference: CountryMachine,
  candidate: CountryMachine,
  input: CountryInput,
  events: unknown[],
): void {
  const compiled = compileCountryMachine(candidate);
  const actor = createActor(reference, { input }).start();
  let state = compiled.initial(input);
  visited.add(compiled.nodeIds[state.node] as string);
  const onActor = createCountryStepper(input, { machine: reference, engine: 'actor' });
  const onCompiled = createCountryStepper(input, { machine: candidate, engine: 'compiled' });
  expect(state.value).toEqual(actor.getSnapshot().value);
  expect(state.context).toEqual(actor.getSnapshot().context);
  expect(onCompiled.initialViolations).toEqual(onActor.initialViolations);
  events.forEach((event, index) => {
    const where = `step ${index}: ${JSON.stringify(event)}`;
    // The raw engines (XState throws on events without a string type: those only go through
    // the kernel, which refuses them before any engine sees them).
    if (typeof (event as { type?: unknown } | null)?.type === 'string') {
      const before = actor.getSnapshot();
      const beforeState = { value: before.value, context: before.context };
      actor.send(event as never);
      const after = actor.getSnapshot();
      const next = compiled.step(state, event);
      const taken = after !== before;
      expect(next !== state, where).toBe(taken);
      expect(next.value, where).toEqual(after.value);
      expect(next.context, where).toEqual(after.context);
      expect(compiled.can(state, event), where).toBe(taken);
      if (!taken) {
        const verdict = explainEvent(before, event);
        expect(verdict.accepted, where).toBe(false);
      } else {
        const step = { index, before: beforeState, event: event as never, accepted: true };
        expect(
          checkStep({ ...step, after: { value: next.value, context: next.context } }),
          where,
        ).toEqual(checkStep({ ...step, after: { value: after.value, context: after.context } }));
      }
      state = next;
      visited.add(compiled.nodeIds[state.node] as string);
    }
    // The kernel on both engines: event read, taken, reason, state and invariants.
    const a = onActor.step(event);
    const c = onCompiled.step(event);
    expect(c.event, where).toEqual(a.event);
    expect(c.accepted, where).toBe(a.accepted);
    expect(c.reason, where).toBe(a.reason);
    expect(c.after.value, where).toEqual(a.after.value);
    expect(c.after.context, where).toEqual(a.after.context);
    expect(c.violations, where).toEqual(a.violations);
    if (a.event !== null) {
      // The stepper's incremental checks find what the full checks find on the same step.
      const full = checkStep({
        index,
        before: a.before,
        event: a.event,
        after: a.after,
        accepted: a.accepted,
      });
      expect(a.violations, `${where}: incremental = full`).toEqual(full);
    }
  });
  expect(onCompiled.state.context, 'kernel and raw compiled end alike').toEqual(state.context);
  actor.stop();
  onActor.stop();
}

describe('compiled country machine', () => {
  for (const doctrine of DOCTRINES) {
    it(`should match the XState actor after every step under ${doctrine} (${RUNS} runs)`, () => {
      fc.assert(
        fc.property(countryInput(doctrine), sequence, (input, templates) => {
          agree(
            countryMachine,
            countryMachine,
            input,
            toEvents(templates, input.month ?? '2000-01'),
          );
        }),
        { numRuns: RUNS, seed },
      );
      expect([...visited].sort(), 'the sequences reach every state').toEqual(
        [...compileCountryMachine().nodeIds].sort(),
      );
    });
  }

  it('should match the actor of each planted-bug variant, violations included', () => {
    for (const bug of PLANTED_BUGS) {
      fc.assert(
        fc.property(countryInput('note-2017'), sequence, (input, templates) => {
          agree(bug.machine, bug.machine, input, toEvents(templates, input.month ?? '2000-01'));
        }),
        { numRuns: 150, seed },
      );
      // Some bugs need a rare sequence: search up to 5,000 of them for one the bug breaks, and
      // hold the engines equal on it (a fixed budget of runs could miss it on some seeds).
      const witness = findBreakingSequence(bug.machine, seed);
      expect(
        witness,
        `${bug.name}: a sequence on which the compiled variant breaks invariants`,
      ).not.toBeNull();
      if (witness) agree(bug.machine, bug.machine, witness.input, witness.events);
    }
  });

  it('should be caught when one guard differs (a planted difference)', () => {
    const planted = countryMachine.provide({
      guards: {
        // A regional office is now treated as a mission: it takes the country into an SPM.
        canDeployMission: ({ context, event }) =>
          logic.isAdmissible(context, event) && logic.isNewPresence(context, event),
      },
    });
    const result = fc.check(
      fc.property(countryInput('note-2017'), sequence, (input, templates) => {
        agree(countryMachine, planted, input, toEvents(templates, input.month ?? '2000-01'));
      }),
      { numRuns: RUNS, seed },
    );
    expect(result.failed, 'the differential test finds the changed guard').toBe(true);
    expect(String(result.errorInstance)).toMatch(/step \d+/);
  });

  it("should name the machine's own transition definitions it takes", () => {
    const compiled = compileCountryMachine();
    const definitions = new Set<object>();
    const walk = (node: typeof countryMachine.root): void => {
      for (const list of node.transitions.values()) for (const t of list) definitions.add(t);
      for (const t of node.always ?? []) definitions.add(t);
      for (const child of Object.values(node.states)) walk(child);
    };
    walk(countryMachine.root);
    const start = compiled.initialTaken({
      country: 'Testland',
      region: 'africa',
      presences: [{ name: 'P', kind: 'pko' }],
    });
    expect(start.state.value).toEqual({ peacekeeping: 'startUp' });
    expect(start.taken).toHaveLength(1);
    expect(definitions.has(start.taken[0] as object)).toBe(true);
    const event = { type: 'FORCED_EXIT', month: '2010-01', cause: 'collapse' };
    const { state, taken } = compiled.stepTaken(start.state, event);
    expect(state).toEqual(compiled.step(start.state, event));
    expect(taken.map((t) => definitions.has(t))).toEqual([true]);
    expect(compiled.stepTaken(state, { type: 'STAND_DOWN', month: '2010-01' }).taken).toEqual([]);
  });

  it('should refuse to compile what it cannot run faithfully, naming the state', () => {
    const log = () => {};
    const withEntry = setup({ actions: { log } }).createMachine({
      id: 'other',
      initial: 'a',
      states: { a: { entry: 'log', on: { GO: 'b' } }, b: {} },
    });
    expect(() => compileCountryMachine(withEntry as unknown as CountryMachine)).toThrow(
      'cannot compile other.a: entry or exit actions (not supported by the compiled form)',
    );
    const withParallel = setup({}).createMachine({
      id: 'p',
      type: 'parallel',
      states: { x: {}, y: {} },
    });
    expect(() => compileCountryMachine(withParallel as unknown as CountryMachine)).toThrow(
      'cannot compile p: a parallel state',
    );
  });
});
