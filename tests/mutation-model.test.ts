/**
 * The model-based check of tests/country-model.test.ts, at a size a mutation run can afford: the
 * machine agrees with the independent model (tests/model-based/model.ts) on which events a country
 * takes, where it goes and who leads, and no invariant breaks. The full-size run stays in
 * tests/country-model.test.ts; this one repeats it with fewer, shorter histories.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createActor } from 'xstate';
import { countryMachine } from '../machines/country.ts';
import { DOCTRINES } from '../src/domain/index.ts';
import { eventCommands } from './model-based/arbitraries.ts';
import { createModel } from './model-based/model.ts';
import { getSeed } from './support/fc-seed.ts';

const seed = getSeed('tests/mutation-model.test.ts');

describe('country machine against its model, small runs', () => {
  for (const doctrine of DOCTRINES) {
    it(`should agree with the model on every step under ${doctrine}`, () => {
      fc.assert(
        fc.property(fc.commands(eventCommands, { maxCommands: 30, size: 'max' }), (commands) => {
          const actor = createActor(countryMachine, {
            input: { country: 'Testland', region: 'africa', doctrine },
          }).start();
          fc.modelRun(
            () => ({ model: createModel(doctrine), real: { actor, index: 0 } }),
            commands,
          );
          actor.stop();
        }),
        { numRuns: 50, seed },
      );
    });
  }
});
