/**
 * `pillar simulate` with a country machine whose notices to the informed department are dropped:
 * the run's invariant checks must catch it, print the violations and exit with code 1.
 */
import { describe, expect, it, vi } from 'vitest';
import { runInProcess } from './support/cli.ts';

vi.mock('../machines/country.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../machines/country.ts')>();
  return {
    ...original,
    countryMachine: original.countryMachine.provide({
      actions: original.createCountryActions({ notifyInformed: (context) => context }),
    }),
  };
});

describe('pillar simulate with a planted bug', () => {
  it('prints the summary with the violations and exits 1 without a further message', async () => {
    const result = await runInProcess(['simulate', '--countries', '30', '--years', '10']);
    expect(result.code).toBe(1);
    const count = /Invariant violations: (\d+)/.exec(result.stdout);
    expect(Number(count?.[1])).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/^ {2}seed 1 country \d+ step \d+ .* other-informed: /m);
    // Everything on stderr is the run's own line (and, until main.ts prints nothing for an
    // empty message, at most one empty line).
    expect(result.stderr.replace(/\n+$/, '\n')).toMatch(/^simulated 30 countries [^\n]*\n$/);
  });
});
