/**
 * One measured Monte Carlo run in its own process (its peak RSS is its own), for
 * bench/montecarlo.ts: prints one JSON line. Arguments: engine (compiled|actor), countries,
 * workers (1: in process). 30 years, seed 1, doctrine note-2017, the bundled model.
 */
import { loadModel, runSimulation } from '../src/simulate/montecarlo/index.ts';
import { simulateCountry } from '../src/simulate/montecarlo/trajectory.ts';
import { measureChild } from './loader.ts';

const [engine = 'compiled', countriesArg = '1000', workersArg = '1'] = process.argv.slice(2);
const countries = Number(countriesArg);
const workers = Number(workersArg);
const params = {
  countries,
  years: 30,
  seed: 1,
  doctrine: 'note-2017' as const,
  model: loadModel(),
};
await measureChild({ engine, countries, workers, countryMonths: countries * 360 }, async () => {
  if (engine === 'actor') {
    for (let i = 0; i < countries; i++) simulateCountry(params, i, { engine: 'actor' });
  } else {
    await runSimulation({ params, workers });
  }
});
