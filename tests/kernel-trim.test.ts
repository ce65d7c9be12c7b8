/**
 * The stepper with `trimLogs` (replay's long-history mode) against the same compiled stepper
 * keeping whole logs: after every step the same event read, acceptance, reason, state value,
 * context outside the logs and invariant results; at the end the kept logs equal the whole ones.
 * A machine that read its logs would differ, and a planted one that does must be caught.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countryMachine, type CountryMachine } from '../machines/country.ts';
import * as logic from '../machines/country-logic.ts';
import type { CountryContext, CountryInput } from '../machines/country-types.ts';
import {
  LOG_FIELDS,
  TRIMMED_LOG_WINDOW,
  createCountryStepper,
  type CountryStepper,
} from '../src/kernel/index.ts';
import { PLANTED_BUGS } from './support/planted-bugs.ts';
import {
  DOCTRINES,
  countryInput,
  eventSequence,
  findBreakingSequence,
  toEvents,
} from './support/country-events.ts';
import { getSeed } from './support/fc-seed.ts';
import { listBundledScenarios } from '../src/scenario/index.ts';
import { replayScenario } from '../src/simulate/replay.ts';
import { scenarioArbitrary } from '../src/testing/index.ts';
import { loadModel } from '../src/simulate/montecarlo/model-file.ts';
import { simulateCountryDetailed } from '../src/simulate/montecarlo/trajectory.ts';

const seed = getSeed('tests/kernel-trim.test.ts');
const RUNS = 1000;
const sequence = eventSequence(40);

function withoutLogs(context: CountryContext): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...context };
  for (const field of LOG_FIELDS) delete rest[field];
  return rest;
}

/** Fails at the first step where trimming changes what the stepper reports. */
function agree(machine: CountryMachine, input: CountryInput, events: unknown[]): void {
  const whole = createCountryStepper(input, { machine, engine: 'compiled' });
  // Trimmed at every step past one entry, so that short sequences trim as long replays do.
  const trimmed = createCountryStepper(input, {
    machine,
    engine: 'compiled',
    trimLogs: { window: 1 },
  });
  expect(trimmed.initialViolations).toEqual(whole.initialViolations);
  events.forEach((event, index) => {
    const where = `step ${index}: ${JSON.stringify(event)}`;
    const w = whole.step(event);
    const t = trimmed.step(event);
    expect(t.event, where).toEqual(w.event);
    expect(t.accepted, where).toBe(w.accepted);
    expect(t.reason, where).toBe(w.reason);
    expect(t.after.value, where).toEqual(w.after.value);
    expect(withoutLogs(t.after.context), where).toEqual(withoutLogs(w.after.context));
    expect(t.violations, where).toEqual(w.violations);
    // What the step appended is the same whether the history before it was kept or not.
    for (const field of LOG_FIELDS) {
      const log = w.after.context[field] as readonly unknown[];
      const fresh = log.slice((w.before.context[field] as readonly unknown[]).length);
      const got = t.after.context[field] as readonly unknown[];
      expect(got.slice(got.length - fresh.length), `${where}: ${field}`).toEqual(fresh);
    }
    // The state carried on holds at most the window of each log: its last entries.
    const kept = trimmed.state.context;
    const all = trimmed.logs();
    for (const field of LOG_FIELDS) {
      const log = kept[field] as readonly unknown[];
      expect(log.length, `${where}: ${field}`).toBeLessThanOrEqual(1);
      expect(log, `${where}: ${field} ends the whole log`).toEqual(
        (all[field] as readonly unknown[]).slice(all[field].length - log.length),
      );
    }
  });
  const logs = trimmed.logs();
  for (const field of LOG_FIELDS) {
    expect(logs[field], `kept ${field}`).toEqual(whole.state.context[field]);
  }
  expect(whole.logs().caseFile).toBe(whole.state.context.caseFile);
}

describe('stepper with trimmed logs', () => {
  for (const doctrine of DOCTRINES) {
    it(`should report every step as the stepper keeping whole logs under ${doctrine} (${RUNS} runs)`, () => {
      fc.assert(
        fc.property(countryInput(doctrine), sequence, (input, templates) => {
          agree(countryMachine, input, toEvents(templates, input.month ?? '2000-01'));
        }),
        { numRuns: RUNS, seed },
      );
    });
  }

  it('should find each invariant first broken at the same step, for every planted bug', () => {
    // What replay reports is each invariant's first failure (Monte Carlo, which counts every
    // violation, keeps whole logs for a machine variant). A state check over a log sees only the
    // log's last entries when trimmed: a bad entry is found at the step that wrote it, not again
    // at every later step, so later steps may report less.
    const firsts = (stepper: CountryStepper, events: unknown[]) => {
      const first = new Map<string, number>();
      for (const v of stepper.initialViolations) if (!first.has(v.id)) first.set(v.id, -1);
      events.forEach((event, index) => {
        for (const v of stepper.step(event).violations)
          if (!first.has(v.id)) first.set(v.id, index);
      });
      return first;
    };
    const same = (machine: CountryMachine, input: CountryInput, events: unknown[]) => {
      const options = { machine, engine: 'compiled' } as const;
      const whole = firsts(createCountryStepper(input, options), events);
      const trimmed = firsts(
        createCountryStepper(input, { ...options, trimLogs: { window: 1 } }),
        events,
      );
      expect([...trimmed].sort()).toEqual([...whole].sort());
      return trimmed.size;
    };
    for (const bug of PLANTED_BUGS) {
      fc.assert(
        fc.property(countryInput('note-2017'), sequence, (input, templates) => {
          same(bug.machine, input, toEvents(templates, input.month ?? '2000-01'));
        }),
        { numRuns: 150, seed },
      );
      // And on a sequence the bug surely breaks (found by search, not left to chance): the
      // trimmed stepper catches it at the same steps.
      const witness = findBreakingSequence(bug.machine, seed);
      expect(witness, bug.name).not.toBeNull();
      if (witness)
        expect(same(bug.machine, witness.input, witness.events), bug.name).toBeGreaterThan(0);
    }
  });

  it('should be caught when the machine reads a log beyond its last case-file entry', () => {
    // A planted reader: deployments are refused once three notices were sent (the trimmed
    // state has fewer).
    const reader = countryMachine.provide({
      guards: {
        canDeploy: ({ context, event }) =>
          logic.isAdmissible(context, event) &&
          logic.isNewPresence(context, event) &&
          context.notices.length < 3,
      },
    });
    const result = fc.check(
      fc.property(countryInput('note-2017'), sequence, (input, templates) => {
        agree(reader, input, toEvents(templates, input.month ?? '2000-01'));
      }),
      { numRuns: RUNS, seed },
    );
    expect(result.failed, 'the differential finds the machine reading its notices').toBe(true);
  });

  it('should keep the carried state small however long the history', () => {
    const stepper = createCountryStepper(
      { country: 'Testland', region: 'africa', month: '2000-01' },
      { engine: 'compiled', trimLogs: true },
    );
    for (let i = 0; i < 500; i++) {
      const month = `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
      const name = `Office ${i}`;
      expect(
        stepper.step({
          type: 'DEPLOY',
          month,
          presence: { name, kind: 'spm-regional-office' },
        }).accepted,
      ).toBe(true);
      expect(stepper.step({ type: 'WITHDRAW', month, presence: name }).accepted).toBe(true);
    }
    const { context } = stepper.state;
    expect(context.caseFile.length).toBeLessThanOrEqual(TRIMMED_LOG_WINDOW);
    expect(context.notices.length).toBeLessThanOrEqual(TRIMMED_LOG_WINDOW);
    const logs = stepper.logs();
    expect(logs.caseFile).toHaveLength(1001);
    expect(logs.caseFile.map((e) => e.seq)).toEqual(Array.from({ length: 1001 }, (_, i) => i + 1));
    expect(logs.notices.length).toBeGreaterThanOrEqual(1000);
  });

  it('should refuse trimLogs on the actor engine, which keeps its whole context, and a bad window', () => {
    const input = { country: 'T', region: 'africa' } as const;
    expect(() => createCountryStepper(input, { trimLogs: true })).toThrow(
      'trimLogs needs the compiled engine',
    );
    for (const window of [0, 1.5, Number.NaN]) {
      expect(() =>
        createCountryStepper(input, { engine: 'compiled', trimLogs: { window } }),
      ).toThrow('trimLogs.window must be a whole number from 1');
    }
  });

  it('should leave replay unchanged: the compiled engine with trimmed logs gives what the actor gives', () => {
    // Every bundled history under every doctrine (their tasks, plans and handovers included).
    for (const { id, scenario } of listBundledScenarios()) {
      for (const doctrine of DOCTRINES) {
        expect(replayScenario(scenario, { doctrine }), `${id} ${doctrine}`).toEqual(
          replayScenario(scenario, { doctrine, engine: 'actor' }),
        );
      }
    }
    // And generated scenarios.
    fc.assert(
      fc.property(scenarioArbitrary(), fc.constantFrom(...DOCTRINES), (scenario, doctrine) => {
        expect(replayScenario(scenario, { doctrine })).toEqual(
          replayScenario(scenario, { doctrine, engine: 'actor' }),
        );
      }),
      { numRuns: 200, seed },
    );
  });

  it('should leave Monte Carlo unchanged: records and final states as on the actor', () => {
    const params = {
      countries: 40,
      years: 60,
      seed: 11,
      doctrine: 'note-2017' as const,
      model: loadModel(),
    };
    let logged = 0;
    for (let i = 0; i < params.countries; i++) {
      const compiled = simulateCountryDetailed(params, i);
      const actor = simulateCountryDetailed(params, i, { engine: 'actor' });
      expect(compiled.record, `country ${i}`).toEqual(actor.record);
      expect(compiled.final, `country ${i}`).toEqual(actor.final);
      logged = Math.max(logged, compiled.final.context.caseFile.length);
    }
    // Long enough lives that the logs were trimmed along the way.
    expect(logged).toBeGreaterThan(TRIMMED_LOG_WINDOW);
  });
});
