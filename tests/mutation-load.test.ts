/**
 * The country machine module loads and builds its machine. Imported inside the test on purpose:
 * a machine definition that XState rejects (an unknown target, a missing initial state) throws
 * while the module loads, and that must fail a test rather than stop the file from being collected.
 */
import { describe, expect, it } from 'vitest';

describe('country machine module', () => {
  it('should load and build a machine with id "country" that opens a country in early warning', async () => {
    const { countryMachine } = await import('../machines/country.ts');
    const { createActor } = await import('xstate');
    expect(countryMachine.id).toBe('country');
    const actor = createActor(countryMachine, {
      input: { country: 'Testland', region: 'africa' },
    }).start();
    expect(actor.getSnapshot().value).toEqual({ nonMission: 'earlyWarning' });
    actor.stop();
  });

  it('should give every phase the stages of the note, each reachable by its id', async () => {
    const { countryMachine } = await import('../machines/country.ts');
    const stages = Object.fromEntries(
      Object.entries(countryMachine.root.states).map(([phase, node]) => [
        phase,
        Object.keys(node.states),
      ]),
    );
    expect(stages).toEqual({
      nonMission: ['earlyWarning', 'preventiveDiplomacy'],
      specialPoliticalMission: ['startUp', 'mandateImplementation', 'finalMandate'],
      peacekeeping: ['startUp', 'mandateImplementation', 'finalMandate'],
      transition: ['planning', 'drawdown', 'handover'],
    });
    expect(countryMachine.getStateNodeById('country.transition.planning').key).toBe('planning');
  });
});
