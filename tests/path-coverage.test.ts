import { describe, expect, it } from 'vitest';
import { createActor, type AnyTransitionDefinition, type AnyStateNode } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { countryMachine } from '../machines/country.ts';
import type { CountryEvent, CountryInput } from '../machines/country-types.ts';
import type { CountrySnapshot } from '../src/country/index.ts';

/** Every transition definition of the machine, read from its state nodes. */
function getAllTransitions(): Set<AnyTransitionDefinition> {
  const all = new Set<AnyTransitionDefinition>();
  const visit = (node: AnyStateNode): void => {
    for (const list of node.transitions.values()) for (const t of list) all.add(t);
    for (const t of node.always ?? []) all.add(t);
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(countryMachine.root);
  return all;
}

function getAllStateIds(): string[] {
  const ids: string[] = [];
  const visit = (node: AnyStateNode): void => {
    ids.push(node.id);
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(countryMachine.root);
  return ids;
}

const M = '2010-01';
const KINDS = ['pko', 'spm-field', 'spm-regional-office', 'spm-envoy'] as const;

/** Events with concrete payloads for what the country has now. */
function eventsFor(snapshot: CountrySnapshot): CountryEvent[] {
  const names = snapshot.context.presences.map((p) => p.name);
  const events: CountryEvent[] = [
    { type: 'COMPLETE_HANDOVER', month: M },
    { type: 'RELAPSE', month: M },
    { type: 'FORCED_EXIT', month: M, cause: 'collapse' },
    { type: 'ENGAGE_PREVENTION', month: M },
    { type: 'STAND_DOWN', month: M },
    { type: 'REQUEST_SERVICE', month: M, service: 'ddr' },
    { type: 'RESTRUCTURE', month: M },
  ];
  // At most two presences at once: enough for every overlap the machine distinguishes.
  for (const [i, kind] of KINDS.entries()) {
    const name = `${kind}-${i}`;
    if (names.length < 2 && !names.includes(name)) {
      events.push({ type: 'DEPLOY', month: M, presence: { name, kind } });
    }
  }
  // Tasks (issue 12): a plan that covers a presence's tasks, and each task's handover.
  for (const p of snapshot.context.presences) {
    const tasks = p.tasks ?? [];
    if (tasks.length > 0) {
      const handover = Object.fromEntries(tasks.map((t) => [t, 'country-team']));
      events.push({ type: 'ADOPT_PLAN', month: M, presence: p.name, handover, gender: true });
    }
    for (const task of tasks) {
      events.push({ type: 'HAND_OVER_TASK', month: M, presence: p.name, task, to: 'government' });
      // To another presence (a regional office among them), which then holds it.
      for (const other of names.filter((n) => n !== p.name)) {
        events.push({ type: 'HAND_OVER_TASK', month: M, presence: p.name, task, to: other });
      }
    }
  }
  for (const t of snapshot.context.pendingTasks) {
    events.push({
      type: 'HAND_OVER_TASK',
      month: M,
      presence: t.presence,
      task: t.task,
      to: 'country-team',
    });
  }
  for (const name of names) {
    for (const type of [
      'RENEW_MANDATE',
      'FINAL_MANDATE',
      'BEGIN_TRANSITION',
      'DRAWDOWN',
      'WITHDRAW',
    ] as const) {
      events.push({ type, month: M, presence: name });
    }
  }
  return events;
}

/** The part of a snapshot that decides which transitions are enabled. */
function serialize(snapshot: CountrySnapshot): string {
  const c = snapshot.context;
  return JSON.stringify([
    snapshot.value,
    c.presences.map((p) => [
      p.name,
      p.kind,
      p.finalMandate ?? false,
      p.tasks ?? [],
      p.plan === undefined,
    ]),
    [...c.outgoing].sort(),
    c.pendingTasks,
    // Planned or forced decides what a withdrawal does with the tasks left.
    c.transitionCause === 'planned',
  ]);
}

describe('path coverage (xstate/graph)', () => {
  it('should reach every state and take every transition of the machine along generated paths', () => {
    const inputs: CountryInput[] = [
      { country: 'Testland', region: 'africa' },
      { country: 'Testland', region: 'africa', presences: [{ name: 'pko-0', kind: 'pko' }] },
      {
        country: 'Testland',
        region: 'africa',
        presences: [{ name: 'pko-0', kind: 'pko', tasks: ['rule-of-law'] }],
      },
      {
        country: 'Testland',
        region: 'africa',
        presences: [{ name: 'spm-field-1', kind: 'spm-field' }],
      },
    ];
    const taken = new Set<AnyTransitionDefinition>();
    const reached = new Set<string>();
    let paths = 0;
    for (const input of inputs) {
      const found = getShortestPaths(countryMachine, {
        input,
        events: eventsFor,
        serializeState: (s) => serialize(s),
      });
      for (const path of found) {
        paths++;
        const actor = createActor(countryMachine, {
          input,
          inspect: (ev) => {
            if (ev.type === '@xstate.microstep') for (const t of ev._transitions) taken.add(t);
          },
        }).start();
        for (const step of path.steps) actor.send(step.event);
        const end = actor.getSnapshot();
        for (const node of end._nodes) reached.add(node.id);
        actor.stop();
        // Extend the path by every event the end state offers: every edge of the graph.
        for (const event of eventsFor(end)) {
          const branch = createActor(countryMachine, {
            input,
            snapshot: actor.getPersistedSnapshot(),
            inspect: (ev) => {
              if (ev.type === '@xstate.microstep') for (const t of ev._transitions) taken.add(t);
            },
          }).start();
          branch.send(event);
          branch.stop();
        }
      }
    }
    const all = getAllTransitions();
    const missed = [...all]
      .filter((t) => !taken.has(t))
      .map((t) => `${t.source.id} on ${t.eventType}`);
    expect(missed).toEqual([]);
    expect(taken.size).toBe(all.size);
    const states = getAllStateIds();
    expect(states.filter((id) => !reached.has(id))).toEqual([]);
    expect(reached.size).toBe(states.length);
    expect(paths).toBeGreaterThan(states.length);
    console.log(
      `[coverage] ${paths} paths, ${reached.size} states, ${taken.size}/${all.size} transitions`,
    );
  });
});
