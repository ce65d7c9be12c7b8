/**
 * The task rules on sequences a review found breaking them (issue 12): each exit keeps its own
 * cause, a presence leaving a planned transition needs its plan even without a drawdown of its
 * own, a regional office hands on what it received before it closes, a name with tasks pending
 * cannot be deployed again,
 * and a plan keyed `__proto__` is refused.
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { countryMachine } from '../machines/country.ts';
import type { CountryEvent } from '../machines/country-types.ts';
import type { Presence } from '../src/domain/index.ts';
import { toCountryState } from '../src/country/index.ts';
import { checkStep } from '../src/invariants/index.ts';
import { readEvent } from '../src/kernel/event.ts';
import { PresenceList } from '../src/domain/index.ts';

type Loose = Record<string, unknown> & { type: string };

/** Runs the events one month apart; returns the accepted flags and the final context. */
function run(events: Loose[]) {
  const actor = createActor(countryMachine, {
    input: { country: 'Testland', region: 'africa', doctrine: 'note-2017', month: '2010-01' },
  }).start();
  const accepted: boolean[] = [];
  events.forEach((e, i) => {
    const event = { ...e, month: `2010-${String(i + 2).padStart(2, '0')}` } as CountryEvent;
    const before = actor.getSnapshot();
    actor.send(event);
    const after = actor.getSnapshot();
    accepted.push(after !== before);
    const step = {
      index: i,
      before: toCountryState(before),
      event,
      after: toCountryState(after),
      accepted: after !== before,
    };
    expect(checkStep(step), `${e.type} at ${i}`).toEqual([]);
  });
  const snapshot = actor.getSnapshot();
  actor.stop();
  return { accepted, context: snapshot.context, value: snapshot.value };
}

const pko = (name: string, tasks?: string[]) => ({
  type: 'DEPLOY',
  presence: tasks ? { name, kind: 'pko', tasks } : { name, kind: 'pko' },
});

describe('each outgoing presence keeps its own exit cause', () => {
  it('a planned exit after a forced one in the same transition still needs its plan, and its tasks are not orphaned', () => {
    const { accepted, context } = run([
      pko('A', ['rule-of-law']),
      { type: 'DEPLOY', presence: { name: 'B', kind: 'spm-field', tasks: ['human-rights'] } },
      { type: 'FORCED_EXIT', cause: 'council-veto', presence: 'A' },
      { type: 'WITHDRAW', presence: 'A' },
      { type: 'BEGIN_TRANSITION', presence: 'B' },
      { type: 'DRAWDOWN', presence: 'B' },
    ]);
    expect(accepted).toEqual([true, true, true, true, true, false]);
    expect(context.orphanedTasks.map((o) => `${o.presence} ${o.task} ${o.cause}`)).toEqual([
      'A rule-of-law council-veto',
    ]);
  });

  it("a forced exit of one presence leaves another's pending tasks pending: the handover waits for them", () => {
    const { accepted, context } = run([
      pko('A', ['rule-of-law']),
      { type: 'DEPLOY', presence: { name: 'B', kind: 'spm-field' } },
      { type: 'BEGIN_TRANSITION', presence: 'A' },
      {
        type: 'ADOPT_PLAN',
        presence: 'A',
        handover: { 'rule-of-law': 'government' },
        gender: true,
      },
      { type: 'DRAWDOWN', presence: 'A' },
      { type: 'WITHDRAW', presence: 'A' },
      { type: 'FORCED_EXIT', cause: 'council-veto', presence: 'B' },
      { type: 'WITHDRAW', presence: 'B' },
      { type: 'COMPLETE_HANDOVER' },
      { type: 'HAND_OVER_TASK', presence: 'A', task: 'rule-of-law', to: 'government' },
      { type: 'COMPLETE_HANDOVER' },
    ]);
    expect(accepted).toEqual([...Array<boolean>(8).fill(true), false, true, true]);
    expect(context.orphanedTasks).toEqual([]);
    expect(context.taskHandovers.map((h) => `${h.task} ${h.to}`)).toEqual([
      'rule-of-law government',
    ]);
  });
});

describe('leaving a planned transition', () => {
  it('a presence holding tasks cannot be withdrawn without its plan, even when another drew the transition down', () => {
    const { accepted } = run([
      pko('A', ['rule-of-law']),
      { type: 'DEPLOY', presence: { name: 'B', kind: 'spm-field' } },
      { type: 'BEGIN_TRANSITION', presence: 'A' },
      { type: 'BEGIN_TRANSITION', presence: 'B' },
      { type: 'DRAWDOWN', presence: 'B' },
      { type: 'WITHDRAW', presence: 'A' },
    ]);
    expect(accepted).toEqual([true, true, true, true, true, false]);
  });
});

describe('receivers', () => {
  it('a regional office that received a task hands it on in any phase, and closes only once it holds none', () => {
    const { accepted, context } = run([
      pko('UNMIL', ['rule-of-law']),
      { type: 'DEPLOY', presence: { name: 'UNOWA', kind: 'spm-regional-office' } },
      { type: 'BEGIN_TRANSITION', presence: 'UNMIL' },
      {
        type: 'ADOPT_PLAN',
        presence: 'UNMIL',
        handover: { 'rule-of-law': 'UNOWA' },
        gender: true,
      },
      { type: 'DRAWDOWN', presence: 'UNMIL' },
      { type: 'HAND_OVER_TASK', presence: 'UNMIL', task: 'rule-of-law', to: 'UNOWA' },
      { type: 'WITHDRAW', presence: 'UNMIL' },
      { type: 'COMPLETE_HANDOVER' },
      { type: 'WITHDRAW', presence: 'UNOWA' },
      { type: 'HAND_OVER_TASK', presence: 'UNOWA', task: 'rule-of-law', to: 'government' },
      { type: 'WITHDRAW', presence: 'UNOWA' },
    ]);
    expect(accepted).toEqual([true, true, true, true, true, true, true, true, false, true, true]);
    expect(context.pendingTasks).toEqual([]);
    expect(context.taskHandovers.map((h) => `${h.presence} ${h.task} ${h.to}`)).toEqual([
      'UNMIL rule-of-law UNOWA',
      'UNOWA rule-of-law government',
    ]);
  });

  it('a name whose tasks still wait for a receiver cannot be deployed again', () => {
    const { accepted, context } = run([
      pko('A', ['rule-of-law']),
      { type: 'BEGIN_TRANSITION', presence: 'A' },
      {
        type: 'ADOPT_PLAN',
        presence: 'A',
        handover: { 'rule-of-law': 'government' },
        gender: true,
      },
      { type: 'DRAWDOWN', presence: 'A' },
      { type: 'WITHDRAW', presence: 'A' },
      pko('A', ['rule-of-law']),
    ]);
    expect(accepted.at(-1)).toBe(false);
    expect(context.pendingTasks).toEqual([{ presence: 'A', task: 'rule-of-law' }]);
  });
});

describe('reading a plan once', () => {
  it('refuses a handover keyed __proto__ instead of letting it set the copy’s prototype', () => {
    const read = readEvent(
      JSON.parse(
        '{"type":"ADOPT_PLAN","month":"2010-02","presence":"A","gender":true,"handover":{"__proto__":{"rule-of-law":"government"}}}',
      ),
    );
    expect(read.error).toMatch(/unknown task "__proto__"/);
  });
});

describe('no-task-orphaned sees a task that vanishes', () => {
  it('whether its presence changed, left, or the lists lost their order', () => {
    const actor = createActor(countryMachine, {
      input: {
        country: 'Testland',
        region: 'africa',
        month: '2010-01',
        presences: [
          { name: 'A', kind: 'pko', tasks: ['rule-of-law', 'ddr'] },
          { name: 'B', kind: 'spm-field' },
        ],
      },
    }).start();
    const before = toCountryState(actor.getSnapshot());
    actor.stop();
    const event = { type: 'RENEW_MANDATE', month: '2010-02', presence: 'A' } as CountryEvent;
    const [a, b] = before.context.presences.toArray() as [Presence, Presence];
    const variants: Presence[][] = [
      [{ ...a, tasks: ['ddr'] }, b], // a task dropped from a changed presence
      [b], // the presence gone, its tasks with it
      [b, { ...a, tasks: ['ddr'] }], // reordered, and a task dropped
    ];
    for (const presences of variants) {
      const after = {
        ...before,
        context: { ...before.context, presences: PresenceList.from(presences) },
      };
      const found = checkStep({ index: 0, before, event, after, accepted: true });
      expect(
        found.find((v) => v.id === 'no-task-orphaned')?.message,
        JSON.stringify(presences.map((p) => p.name)),
      ).toMatch(/rule-of-law of A disappeared/);
    }
  });
});
