import fc from 'fast-check';

import { describe, expect, it } from 'vitest';
import { countryMachine, createCountryActions } from '../machines/country.ts';
import { PHASES } from '../machines/country-types.ts';
import type { Doctrine } from '../src/domain/index.ts';
import { loadModel } from '../src/simulate/montecarlo/model-file.ts';
import { countryStream, geometric } from '../src/simulate/montecarlo/sample.ts';
import { SummaryBuilder } from '../src/simulate/montecarlo/summary.ts';
import {
  simulateCountry,
  simulateCountryDetailed,
  type SimulationParams,
} from '../src/simulate/montecarlo/trajectory.ts';
import { getSeed } from './support/fc-seed.ts';

const seed = getSeed('tests/montecarlo-summary.test.ts');

const model = loadModel();
const params = (doctrine: Doctrine, countries: number, seed = 1): SimulationParams => ({
  countries,
  years: 30,
  seed,
  doctrine,
  model,
});

describe.each(['note-2017', 'adopted-2019'] as const)('2,000 countries under %s', (doctrine) => {
  const p = params(doctrine, 2000, 2026);
  const builder = new SummaryBuilder(p);
  let machineHandovers = 0;
  for (let i = 0; i < p.countries; i++) {
    const { record, final } = simulateCountryDetailed(p, i);
    machineHandovers += final.context.handovers.length;
    builder.add(record);
  }
  const summary = builder.finish();

  it('sends no refused event and breaks no invariant', () => {
    expect(summary.refusedEvents).toEqual({ count: 0, first: [] });
    expect(summary.invariantViolations).toEqual({ count: 0, first: [] });
    expect(summary.steps).toBeGreaterThan(p.countries * 10);
  });

  it('has phase months that add up to countries x years x 12', () => {
    const months = PHASES.reduce((s, phase) => s + summary.phases[phase].months, 0);
    expect(months).toBe(p.countries * p.years * 12);
    expect(summary.countryMonths).toBe(months);
    const workload = Object.values(summary.workload).reduce(
      (s, r) => s + r.perYear.reduce((t, y) => t + y.mission + y.nonMission, 0),
      0,
    );
    expect(workload).toBeCloseTo(p.countries * p.years, 3);
  });

  it('counts the handovers the machines recorded, and every kind of move the model has', () => {
    expect(summary.handovers.total).toBe(machineHandovers);
    const distributed = Object.entries(summary.handovers.distribution).reduce(
      (s, [k, n]) => s + Number(k) * n,
      0,
    );
    expect(distributed).toBe(machineHandovers);
    for (const move of [
      'nonMission->peacekeeping',
      'nonMission->specialPoliticalMission',
      'specialPoliticalMission->peacekeeping',
      'peacekeeping->transition',
      'specialPoliticalMission->transition',
      'transition->nonMission',
      'transition->specialPoliticalMission',
      'transition->peacekeeping',
    ]) {
      expect(summary.transitions[move], move).toBeGreaterThan(0);
    }
    // A relapse is the only way back from transition to peacekeeping; to an SPM it shares the
    // way with the follow-on SPM after a PKO leaves.
    const toPko = summary.transitions['transition->peacekeeping'] ?? 0;
    const toSpm = summary.transitions['transition->specialPoliticalMission'] ?? 0;
    expect(summary.relapses.count).toBeGreaterThanOrEqual(toPko);
    expect(summary.relapses.count).toBeLessThanOrEqual(toPko + toSpm);
    expect(summary.relapses.perTransition).toBeCloseTo(
      summary.relapses.count / summary.relapses.transitionsEntered,
      3,
    );
    expect(summary.forcedExits.total).toBeGreaterThan(0);
  });
});

describe('a planted bug', () => {
  it('is reported with the seed, the country and the step', () => {
    const buggy = countryMachine.provide({
      actions: createCountryActions({ deriveLead: (context) => context }),
    });
    const p = params('note-2017', 30, 9);
    const builder = new SummaryBuilder(p);
    for (let i = 0; i < p.countries; i++) builder.add(simulateCountry(p, i, { machine: buggy }));
    const { invariantViolations } = builder.finish();
    expect(invariantViolations.count).toBeGreaterThan(0);
    const first = invariantViolations.first[0];
    expect(first).toMatchObject({ seed: 9, invariant: 'lead-by-doctrine' });
    expect(first?.step).toBeGreaterThanOrEqual(-1);
    expect(first?.country).toBeGreaterThanOrEqual(0);
  });
});

describe('sampling', () => {
  it('waits about 1/p months for an event of monthly probability p', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: 0.02, max: 0.5, noNaN: true }),
        (seed, p) => {
          const random = countryStream(seed, 0);
          let sum = 0;
          const n = 2000;
          for (let i = 0; i < n; i++) {
            const k = geometric(random, p);
            expect(k).toBeGreaterThanOrEqual(1);
            sum += k;
          }
          expect(Math.abs(sum / n - 1 / p)).toBeLessThan(0.2 / p);
        },
      ),
      { seed, numRuns: 15 },
    );
  });

  it('gives each country its own stream', () => {
    const a = countryStream(1, 0);
    const b = countryStream(1, 1);
    const c = countryStream(2, 0);
    const first = [a(), b(), c()];
    expect(new Set(first).size).toBe(3);
  });
});
