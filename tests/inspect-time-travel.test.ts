/**
 * The inspector session's time travel and views (src/inspect/session.ts, steps.ts, pillar-view.ts):
 * undo/redo/goto restore snapshots exactly, a trace goes out and comes back in, the changes of the
 * selected step, the transitions taken and enabled, the replay's step list, and the pillar's actors.
 */
import { describe, expect, it } from 'vitest';
import type { CountryEvent } from '../machines/country-types.ts';
import { InspectorSession, SessionError } from '../src/inspect/session.ts';
import { changedPaths } from '../src/inspect/steps.ts';
import { buildPillarPageData } from '../src/inspect/pillar-view.ts';
import { listBundledScenarios, resolveScenario } from '../src/scenario/catalog.ts';
import { replayTrace } from '../src/verify/replay.ts';

const EVENTS: CountryEvent[] = [
  { type: 'ENGAGE_PREVENTION', month: '2020-01' },
  { type: 'DEPLOY', month: '2020-03', presence: { name: 'UNTEST', kind: 'pko' } },
  { type: 'RENEW_MANDATE', month: '2020-09', presence: 'UNTEST' },
  { type: 'BEGIN_TRANSITION', month: '2021-01', presence: 'UNTEST' },
];

describe('time travel in a free session', () => {
  it('undo restores every earlier snapshot exactly, redo and goto come back to the later ones', () => {
    const session = new InspectorSession();
    const snapshots = [structuredClone(session.persisted())];
    for (const event of EVENTS) {
      expect(session.send(event).accepted, event.type).toBe(true);
      snapshots.push(structuredClone(session.persisted()));
    }
    for (let i = EVENTS.length - 1; i >= 0; i--) {
      session.undo();
      expect(session.persisted()).toEqual(snapshots[i]);
      expect(session.getView().canRedo).toBe(true);
    }
    expect(() => session.undo()).toThrow(SessionError);
    session.redo();
    expect(session.persisted()).toEqual(snapshots[1]);
    session.goto(4);
    expect(session.persisted()).toEqual(snapshots[4]);
    session.goto(2);
    expect(session.persisted()).toEqual(snapshots[2]);
    const list = session.getView().stepList;
    expect(list.map((s) => s.step)).toEqual([0, 1, 2, 3, 4]);
    expect(list.filter((s) => s.undone).map((s) => s.step)).toEqual([3, 4]);
    expect(list.find((s) => s.current)?.step).toBe(2);
    // a new event drops what was undone
    session.send({ type: 'RENEW_MANDATE', month: '2020-05', presence: 'UNTEST' });
    expect(session.getView().canRedo).toBe(false);
    expect(() => session.goto(9)).toThrow(/outside 0\.\.3/);
  });

  it('a refused event changes nothing and is not a step', () => {
    const session = new InspectorSession();
    const before = structuredClone(session.persisted());
    expect(session.send({ type: 'DRAWDOWN', month: '2020-01', presence: 'X' }).accepted).toBe(
      false,
    );
    expect(session.persisted()).toEqual(before);
    expect(session.getView().stepList).toHaveLength(1);
    expect(session.getView().canUndo).toBe(false);
  });

  it('exports a trace pillar verify --replay accepts, and loading it gives the same snapshot', () => {
    const session = new InspectorSession();
    for (const event of EVENTS) session.send(event);
    const trace = session.trace();
    expect(trace.machine).toBe('country');
    expect(trace.events).toEqual(EVENTS);
    expect(trace.states).toHaveLength(EVENTS.length + 1);
    expect(trace.states.at(-1)?.phase).toBe('transition');
    const replay = replayTrace({
      input: trace.input,
      events: trace.events,
      doctrine: trace.doctrine,
    });
    expect(replay.accepted.every(Boolean)).toBe(true);
    expect(replay.violations).toEqual([]);
    expect(replay.states.at(-1)?.context).toEqual(trace.states.at(-1)?.context);

    const other = new InspectorSession();
    other.loadTrace(
      trace.input,
      JSON.parse(JSON.stringify(trace.events)) as unknown[],
      trace.doctrine,
    );
    expect(other.persisted()).toEqual(session.persisted());
    expect(other.getView().steps).toBe(EVENTS.length);
    other.undo();
    expect(other.getView().stage).toBe('mandateImplementation');
  });

  it('names the transition just taken, the ones enabled now, and the context paths changed', () => {
    const session = new InspectorSession();
    const view0 = session.getView();
    expect(view0.enabled.map((e) => e.id)).toContain(
      'country.nonMission.earlyWarning:ENGAGE_PREVENTION:0',
    );
    expect(
      view0.enabled.every((e) => view0.verdicts.find((v) => v.type === e.event)?.accepted),
    ).toBe(true);
    session.send(EVENTS[0]);
    session.send(EVENTS[1]);
    const view = session.getView();
    expect(view.taken).toHaveLength(1);
    expect(view.taken[0]).toMatch(/^country\.nonMission:DEPLOY:\d$/);
    expect(view.changes).toEqual(
      expect.arrayContaining(['lead', 'informed', 'presences', 'presences.0', 'month']),
    );
    expect(view.changes).not.toContain('country');
    expect(view.changes).not.toContain('team');
  });
});

describe('steps of a scenario', () => {
  it('lists the months with events; seeking one shows its lead and the month changes', () => {
    const sl = resolveScenario('sierra-leone');
    const session = new InspectorSession({ scenario: { id: sl.id, scenario: sl.scenario } });
    const list = session.getView().stepList;
    expect(list[0]?.month).toBe('1998-07');
    expect(list.some((s) => s.month === '2014-04')).toBe(true);
    session.seek('2014-04');
    const view = session.getView();
    expect(view.lead.department).toBe('DPPA');
    expect(view.stepList.find((s) => s.current)?.month).toBe('2014-04');
    expect(view.changes).toContain('lead');
    expect(() => session.undo()).toThrow(/free session/);
  });
});

describe('changedPaths', () => {
  it('lists changed leaves with their containers, and added or removed keys', () => {
    expect(changedPaths({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] } })).toEqual([
      'b',
      'b.c',
      'b.c.1',
    ]);
    expect(changedPaths({ a: 1 }, { a: 1, d: null })).toEqual(['d']);
    expect(changedPaths({ a: [1] }, { a: [] })).toEqual(['a', 'a.0']);
    expect(changedPaths({ x: { y: 1 } }, { x: { y: 1 } })).toEqual([]);
  });
});

describe("the pillar's actor system", () => {
  it('has a country actor for every bundled scenario, SPG decisions, and reports copied to the other USG', () => {
    const bundled = listBundledScenarios();
    const data = buildPillarPageData(bundled, 'note-2017');
    expect(data.countries.map((c) => c.scenario).sort()).toEqual(bundled.map((b) => b.id).sort());
    expect(new Set(data.countries.map((c) => c.id)).size).toBe(bundled.length);
    expect(data.totals.decisions).toBeGreaterThan(0);
    const reports = data.messages.filter((m) => m.kind === 'report');
    const copies = data.messages.filter((m) => m.kind === 'copy');
    expect(reports.length).toBeGreaterThan(0);
    expect(copies.length).toBe(reports.length);
    for (const [i, r] of reports.entries()) {
      const copy = copies[i]!;
      expect(copy.country).toBe(r.country);
      expect(new Set([r.to, copy.to])).toEqual(new Set(['USG/DPPA', 'USG/DPO']));
    }
  }, 60_000);
});
