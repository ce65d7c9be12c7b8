import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createActor } from 'xstate';
import { countryMachine } from '../machines/country.ts';
import { COUNTERFACTUAL_DOCTRINES } from '../src/domain/index.ts';
import { eventCommands } from './model-based/arbitraries.ts';
import { createModel } from './model-based/model.ts';
import { getSeed } from './support/fc-seed.ts';

const seed = getSeed('tests/country-model.test.ts');
// 1000 runs of up to 80 events in `npm test`; mutation runs (vitest.mutate.config.ts) ask for
// fewer and shorter histories through the environment.
const numRuns = Number(process.env.MODEL_RUNS ?? 1000);
const maxCommands = Number(process.env.MODEL_MAX_COMMANDS ?? 80);

describe('country machine against its model (fc.commands)', () => {
  // The model knows the two counterfactual rules; historical has its own property test
  // (tests/historical-doctrine.test.ts).
  for (const doctrine of COUNTERFACTUAL_DOCTRINES) {
    it(`should agree with the model and keep every invariant on every step under ${doctrine}`, () => {
      fc.assert(
        fc.property(fc.commands(eventCommands, { maxCommands, size: 'max' }), (commands) => {
          const actor = createActor(countryMachine, {
            input: { country: 'Testland', region: 'africa', doctrine },
          }).start();
          fc.modelRun(
            () => ({ model: createModel(doctrine), real: { actor, index: 0 } }),
            commands,
          );
          actor.stop();
        }),
        { numRuns, seed },
      );
    });
  }
});
