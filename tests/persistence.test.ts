import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { countryMachine } from '../machines/country.ts';
import { restoreCountry } from '../src/country/index.ts';
import type { CountryEvent } from '../machines/country-types.ts';
import { findLostEntry } from '../src/invariants/index.ts';
import { eventCommands } from './model-based/arbitraries.ts';
import type { EventCommand } from './model-based/event-command.ts';
import { getSeed } from './support/fc-seed.ts';
import { NameList, PresenceList, addMonths } from '../src/domain/index.ts';

const seed = getSeed('tests/persistence.test.ts');
const history = fc.commands(eventCommands, { maxCommands: 60, size: 'max' });

/** Concrete events from the model-based commands (months resolved from a running month). */
function toEvents(commands: Iterable<unknown>): CountryEvent[] {
  let month = '2010-01';
  const out: CountryEvent[] = [];
  for (const wrapped of commands) {
    const c = ((wrapped as { cmd?: unknown }).cmd ?? wrapped) as EventCommand;
    if (typeof c.month === 'number') month = addMonths(month, Math.max(0, c.month));
    out.push({
      ...c.template,
      month: typeof c.month === 'number' ? month : c.month.literal,
    } as CountryEvent);
  }
  return out;
}

describe('persistence', () => {
  it('should behave, after a JSON round trip of its snapshot, exactly like the original on any further events', () => {
    fc.assert(
      fc.property(history, history, (first, second) => {
        const original = createActor(countryMachine, {
          input: {
            country: 'Testland',
            region: 'middle-east-asia-pacific',
            doctrine: 'adopted-2019',
          },
        }).start();
        for (const event of toEvents(first)) original.send(event);
        const persisted = JSON.parse(JSON.stringify(original.getPersistedSnapshot())) as object;
        const restored = createActor(countryMachine, {
          input: {
            country: 'Testland',
            region: 'middle-east-asia-pacific',
            doctrine: 'adopted-2019',
          },
          snapshot: persisted as never,
        }).start();
        const kept = restored.getSnapshot().context.caseFile;
        expect(findLostEntry(original.getSnapshot().context.caseFile, kept)).toBe(-1);
        for (const event of toEvents(second)) {
          original.send(event);
          restored.send(event);
          expect(restored.getSnapshot().value).toEqual(original.getSnapshot().value);
          expect(restored.getSnapshot().context).toEqual(original.getSnapshot().context);
        }
        expect(findLostEntry(kept, restored.getSnapshot().context.caseFile)).toBe(-1);
        original.stop();
        restored.stop();
      }),
      { numRuns: 200, seed },
    );
  });

  it('should revive the presence lists of a JSON snapshot, for the machine and for its provide() variants', () => {
    const input = { country: 'Testland', region: 'africa' as const, month: '2010-01' };
    const actor = createActor(countryMachine, { input }).start();
    actor.send({ type: 'DEPLOY', month: '2010-02', presence: { name: 'A', kind: 'spm-field' } });
    actor.send({ type: 'DEPLOY', month: '2010-03', presence: { name: 'B', kind: 'pko' } });
    const json = JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as {
      context: { presences: unknown; informedOf: { presences: unknown } };
    };
    expect(json.context.presences).toEqual([
      { name: 'A', kind: 'spm-field', since: '2010-02' },
      { name: 'B', kind: 'pko', since: '2010-03' },
    ]);
    expect(json.context.informedOf.presences).toEqual(['A', 'B']);
    // Persisted snapshots are plain data: structuredClone (postMessage, IndexedDB) copies them whole.
    expect(structuredClone(actor.getPersistedSnapshot())).toEqual(json);
    const variant = countryMachine.provide({}).provide({});
    for (const machine of [countryMachine, variant]) {
      const restored = createActor(machine, { input, snapshot: json as never }).start();
      const { context } = restored.getSnapshot();
      expect(context.presences).toBeInstanceOf(PresenceList);
      expect(context.informedOf.presences).toBeInstanceOf(NameList);
      expect(context.presences.get('B')?.kind).toBe('pko');
      restored.send({
        type: 'DEPLOY',
        month: '2010-04',
        presence: { name: 'C', kind: 'spm-regional-office' },
      });
      const after = restored.getSnapshot().context;
      expect(after.notices.at(-1)?.text).toBe('presences +C (3 active)');
      expect(after.presences.map((p) => p.name)).toEqual(['A', 'B', 'C']);
      restored.stop();
    }
  });

  it('should refuse, naming the field, a snapshot whose lists repeat a name or are no lists', () => {
    const input = { country: 'Testland', region: 'africa' as const, month: '2010-01' };
    const actor = createActor(countryMachine, { input }).start();
    actor.send({ type: 'DEPLOY', month: '2010-02', presence: { name: 'A', kind: 'spm-field' } });
    const persisted = actor.getPersistedSnapshot() as unknown as {
      context: Record<string, unknown> & { informedOf: Record<string, unknown> };
    };
    const twice = structuredClone(persisted);
    twice.context.informedOf.presences = ['A', 'A'];
    expect(restoreCountry(twice)).toEqual({
      ok: false,
      reason: 'context.informedOf.presences: duplicate presence name "A"',
    });
    // XState keeps an error restoring a snapshot as the actor's error status.
    const refused = (snapshot: unknown) =>
      createActor(countryMachine, { input, snapshot: snapshot as never }).getSnapshot() as {
        status: string;
        error?: unknown;
      };
    expect(refused(twice).status).toBe('error');
    expect(String(refused(twice).error)).toBe(
      'RangeError: context.informedOf.presences: duplicate presence name "A"',
    );
    // What structuredClone makes of a live context's list: an empty object, refused by name.
    const live = structuredClone(actor.getSnapshot().context) as unknown as Record<string, unknown>;
    expect(live.presences).toEqual({});
    const cloned = {
      ...structuredClone(persisted),
      context: { ...persisted.context, presences: {} },
    };
    expect(String(refused(cloned).error)).toBe(
      'TypeError: context.presences: expected a list, not an object',
    );
    actor.stop();
  });
});
