/**
 * Stage by stage, what the country machine takes and where it goes: mandate cycles, transition
 * stages, regional coverage, early warning, and the refusals a user is told about (explainEvent).
 */
import { describe, expect, it } from 'vitest';
import { createActor, type Actor } from 'xstate';
import { countryMachine, type CountryMachine } from '../machines/country.ts';
import type { CountryEvent, CountryInput } from '../machines/country-types.ts';
import { explainEvent, sendEvent } from '../src/country/index.ts';

const deploy = (month: string, name: string, kind: string): CountryEvent =>
  ({ type: 'DEPLOY', month, presence: { name, kind } }) as CountryEvent;
const on = (type: string, month: string, presence: string): CountryEvent =>
  ({ type, month, presence }) as CountryEvent;
const M = '2010-01';

/** An actor that has taken `events`, every one of them (the test fails otherwise). */
function country(events: CountryEvent[], input: Partial<CountryInput> = {}): Actor<CountryMachine> {
  const actor = createActor(countryMachine, {
    input: { country: 'Testland', region: 'africa', ...input },
  }).start();
  for (const event of events)
    expect(sendEvent(actor, event), JSON.stringify(event)).toEqual({ accepted: true });
  return actor;
}

/** Sends `event` and returns the state value after it, or the reason it was refused. */
function outcome(actor: Actor<CountryMachine>, event: CountryEvent): unknown {
  const verdict = sendEvent(actor, event);
  return verdict.accepted ? actor.getSnapshot().value : verdict.reason;
}

describe('mandate cycle of a mission', () => {
  it('should go from start-up to mandate implementation on the first renewal, and stay there', () => {
    const a = country([deploy(M, 'A', 'spm-envoy')]);
    expect(a.getSnapshot().value).toEqual({ specialPoliticalMission: 'startUp' });
    expect(outcome(a, on('RENEW_MANDATE', M, 'A'))).toEqual({
      specialPoliticalMission: 'mandateImplementation',
    });
    expect(outcome(a, on('RENEW_MANDATE', M, 'A'))).toEqual({
      specialPoliticalMission: 'mandateImplementation',
    });
    expect(outcome(a, on('FINAL_MANDATE', M, 'A'))).toEqual({
      specialPoliticalMission: 'finalMandate',
    });
    expect(outcome(a, on('FINAL_MANDATE', M, 'A'))).toEqual({
      specialPoliticalMission: 'finalMandate',
    });
  });

  it('should decide a final mandate straight from start-up', () => {
    const a = country([deploy(M, 'A', 'pko')]);
    expect(outcome(a, on('FINAL_MANDATE', M, 'A'))).toEqual({ peacekeeping: 'finalMandate' });
  });

  it('should stay in final mandate while another mission still has its final mandate', () => {
    const a = country([
      deploy(M, 'A', 'pko'),
      deploy(M, 'B', 'pko'),
      on('FINAL_MANDATE', M, 'A'),
      on('FINAL_MANDATE', M, 'B'),
    ]);
    expect(outcome(a, on('RENEW_MANDATE', M, 'A'))).toEqual({ peacekeeping: 'finalMandate' });
    expect(outcome(a, on('RENEW_MANDATE', M, 'B'))).toEqual({
      peacekeeping: 'mandateImplementation',
    });
  });

  it('should keep its stage when a second presence is deployed beside a mission', () => {
    const a = country([deploy(M, 'A', 'pko'), on('RENEW_MANDATE', M, 'A')]);
    expect(outcome(a, deploy(M, 'B', 'pko'))).toEqual({ peacekeeping: 'mandateImplementation' });
    expect(outcome(a, deploy(M, 'C', 'spm-field'))).toEqual({
      peacekeeping: 'mandateImplementation',
    });
    const s = country([deploy(M, 'A', 'spm-field'), on('FINAL_MANDATE', M, 'A')]);
    expect(outcome(s, deploy(M, 'B', 'spm-political-process'))).toEqual({
      specialPoliticalMission: 'finalMandate',
    });
    expect(outcome(s, deploy(M, 'C', 'pko'))).toEqual({ peacekeeping: 'startUp' });
  });

  it('should refuse a mandate cycle for a regional office, and say it is coverage', () => {
    const a = country([deploy(M, 'A', 'pko'), deploy(M, 'R', 'spm-regional-office')]);
    expect(outcome(a, on('RENEW_MANDATE', M, 'R'))).toBe(
      'RENEW_MANDATE: R is a regional office covering the country, not a country mission; it has no mandate cycle or transition of its own',
    );
    expect(outcome(a, on('BEGIN_TRANSITION', M, 'R'))).toMatch(
      /^BEGIN_TRANSITION: R is a regional office/,
    );
    expect(outcome(a, on('FINAL_MANDATE', M, 'NOBODY'))).toBe(
      'FINAL_MANDATE: no active presence named "NOBODY" (active: A, R)',
    );
  });
});

describe('regional coverage and non-mission settings', () => {
  it('should open and close a regional office in a mission phase without changing stage', () => {
    const a = country([deploy(M, 'A', 'spm-field'), on('RENEW_MANDATE', M, 'A')]);
    expect(outcome(a, deploy(M, 'R', 'spm-regional-office'))).toEqual({
      specialPoliticalMission: 'mandateImplementation',
    });
    expect(outcome(a, on('WITHDRAW', M, 'R'))).toEqual({
      specialPoliticalMission: 'mandateImplementation',
    });
  });

  it('should keep preventive diplomacy going while a regional office opens and closes', () => {
    const a = country([{ type: 'ENGAGE_PREVENTION', month: M }]);
    expect(outcome(a, deploy(M, 'R', 'spm-regional-office'))).toEqual({
      nonMission: 'preventiveDiplomacy',
    });
    expect(outcome(a, on('WITHDRAW', M, 'R'))).toEqual({ nonMission: 'preventiveDiplomacy' });
    expect(outcome(a, { type: 'ENGAGE_PREVENTION', month: M })).toBe(
      'ENGAGE_PREVENTION applies to non-mission settings (early warning), not nonMission.preventiveDiplomacy',
    );
    expect(outcome(a, { type: 'STAND_DOWN', month: M })).toEqual({ nonMission: 'earlyWarning' });
    expect(outcome(a, { type: 'STAND_DOWN', month: M })).toBe(
      'STAND_DOWN applies to non-mission settings (preventive diplomacy), not nonMission.earlyWarning',
    );
  });

  it('should deploy a field mission or an envoy from non-mission into a special political mission', () => {
    for (const kind of ['spm-field', 'spm-envoy', 'spm-political-process']) {
      const a = country([{ type: 'ENGAGE_PREVENTION', month: M }]);
      expect(outcome(a, deploy(M, 'X', kind))).toEqual({ specialPoliticalMission: 'startUp' });
    }
  });

  it('should refuse to begin a transition, draw down, hand over or relapse where there is no mission', () => {
    const a = country([]);
    expect(outcome(a, on('BEGIN_TRANSITION', M, 'X'))).toBe(
      'BEGIN_TRANSITION: no active presence named "X" (active: none)',
    );
    expect(outcome(a, { type: 'COMPLETE_HANDOVER', month: M })).toBe(
      'COMPLETE_HANDOVER is taken only at the end of a transition, not in nonMission.earlyWarning',
    );
    expect(outcome(a, { type: 'RELAPSE', month: M })).toBe(
      'RELAPSE reverses a transition; the country is in nonMission.earlyWarning',
    );
    expect(outcome(a, { type: 'FORCED_EXIT', month: M, cause: 'collapse' })).toBe(
      'FORCED_EXIT: there is no mission to exit in nonMission.earlyWarning',
    );
  });
});

describe('transition stages', () => {
  it('should plan, draw down, withdraw one by one, and reach handover with the last one', () => {
    const a = country([
      deploy(M, 'A', 'pko'),
      deploy(M, 'B', 'spm-field'),
      on('BEGIN_TRANSITION', M, 'A'),
      on('BEGIN_TRANSITION', M, 'B'),
    ]);
    expect(outcome(a, on('WITHDRAW', M, 'A'))).toBe(
      'WITHDRAW: the transition is still planning; DRAWDOWN comes first',
    );
    expect(outcome(a, on('DRAWDOWN', M, 'A'))).toEqual({ transition: 'drawdown' });
    expect(outcome(a, on('DRAWDOWN', M, 'B'))).toEqual({ transition: 'drawdown' });
    expect(outcome(a, on('WITHDRAW', M, 'A'))).toEqual({ transition: 'drawdown' });
    expect([...a.getSnapshot().context.outgoing]).toEqual(['B']);
    expect(outcome(a, on('WITHDRAW', M, 'B'))).toEqual({ transition: 'handover' });
    expect(outcome(a, on('DRAWDOWN', M, 'B'))).toBe(
      'DRAWDOWN: no active presence named "B" (active: none)',
    );
    expect(outcome(a, { type: 'FORCED_EXIT', month: M, cause: 'collapse' })).toBe(
      'FORCED_EXIT: there is no mission to exit in transition.handover',
    );
    expect(outcome(a, { type: 'RELAPSE', month: M })).toBe(
      'RELAPSE: no mission presence is left to return to; DEPLOY one',
    );
    expect(outcome(a, { type: 'COMPLETE_HANDOVER', month: M })).toEqual({
      nonMission: 'earlyWarning',
    });
  });

  it('should refuse what does not belong to the transition, and say why', () => {
    const a = country([
      deploy(M, 'A', 'pko'),
      deploy(M, 'B', 'pko'),
      on('BEGIN_TRANSITION', M, 'A'),
    ]);
    expect(outcome(a, on('DRAWDOWN', M, 'B'))).toBe(
      'DRAWDOWN: B is not in a transition; BEGIN_TRANSITION for it first',
    );
    expect(outcome(a, on('WITHDRAW', M, 'B'))).toBe(
      'WITHDRAW: B is not part of the current transition; send BEGIN_TRANSITION for it first',
    );
    expect(outcome(a, on('RENEW_MANDATE', M, 'A'))).toBe(
      'RENEW_MANDATE: A is already being drawn down; RELAPSE reverses the transition',
    );
    expect(outcome(a, on('BEGIN_TRANSITION', M, 'A'))).toBe(
      'BEGIN_TRANSITION: A is already being drawn down; RELAPSE reverses the transition',
    );
    expect(outcome(a, { type: 'COMPLETE_HANDOVER', month: M })).toBe(
      'COMPLETE_HANDOVER: outgoing presences still active (A)',
    );
    expect(outcome(a, { type: 'ENGAGE_PREVENTION', month: M })).toBe(
      'ENGAGE_PREVENTION applies to non-mission settings (early warning), not transition.planning',
    );
  });

  it('should let staying missions renew, decide a final mandate and deploy during a transition', () => {
    const a = country([
      deploy(M, 'A', 'pko'),
      deploy(M, 'B', 'pko'),
      on('BEGIN_TRANSITION', M, 'A'),
    ]);
    expect(outcome(a, on('RENEW_MANDATE', M, 'B'))).toEqual({ transition: 'planning' });
    expect(outcome(a, on('FINAL_MANDATE', M, 'B'))).toEqual({ transition: 'planning' });
    expect(a.getSnapshot().context.presences.find((p) => p.name === 'B')?.finalMandate).toBe(true);
    expect(outcome(a, on('FINAL_MANDATE', M, 'A'))).toBe(
      'FINAL_MANDATE: A is already being drawn down; RELAPSE reverses the transition',
    );
    expect(outcome(a, deploy(M, 'C', 'pko'))).toEqual({ transition: 'planning' });
    expect(outcome(a, deploy(M, 'R', 'spm-regional-office'))).toEqual({ transition: 'planning' });
    expect(outcome(a, on('WITHDRAW', M, 'R'))).toEqual({ transition: 'planning' });
    expect(outcome(a, on('DRAWDOWN', M, 'A'))).toEqual({ transition: 'drawdown' });
    expect(outcome(a, on('DRAWDOWN', M, 'A'))).toEqual({ transition: 'drawdown' });
  });

  it('should start a new round of planning from handover for a mission that stayed', () => {
    const a = country([
      deploy(M, 'A', 'pko'),
      deploy(M, 'B', 'spm-field'),
      on('BEGIN_TRANSITION', M, 'A'),
      on('DRAWDOWN', M, 'A'),
      on('WITHDRAW', M, 'A'),
    ]);
    expect(a.getSnapshot().value).toEqual({ transition: 'handover' });
    expect(outcome(a, on('BEGIN_TRANSITION', M, 'B'))).toEqual({ transition: 'planning' });
    expect([...a.getSnapshot().context.outgoing]).toEqual(['B']);
  });

  it('should complete a handover into the phase the remaining presences call for', () => {
    const toPko = country([
      deploy(M, 'A', 'pko'),
      deploy(M, 'B', 'pko'),
      on('BEGIN_TRANSITION', M, 'A'),
      on('DRAWDOWN', M, 'A'),
      on('WITHDRAW', M, 'A'),
    ]);
    expect(outcome(toPko, { type: 'COMPLETE_HANDOVER', month: M })).toEqual({
      peacekeeping: 'startUp',
    });
    const toSpm = country([
      deploy(M, 'A', 'pko'),
      deploy(M, 'B', 'spm-envoy'),
      on('BEGIN_TRANSITION', M, 'A'),
      on('DRAWDOWN', M, 'A'),
      on('WITHDRAW', M, 'A'),
    ]);
    expect(outcome(toSpm, { type: 'COMPLETE_HANDOVER', month: M })).toEqual({
      specialPoliticalMission: 'startUp',
    });
  });

  it('should reverse a transition into the mission phase the presences call for', () => {
    const spm = country([deploy(M, 'A', 'spm-field'), on('BEGIN_TRANSITION', M, 'A')]);
    expect(outcome(spm, { type: 'RELAPSE', month: M })).toEqual({
      specialPoliticalMission: 'mandateImplementation',
    });
    const pko = country([
      deploy(M, 'A', 'spm-field'),
      deploy(M, 'B', 'pko'),
      on('BEGIN_TRANSITION', M, 'A'),
    ]);
    expect(outcome(pko, { type: 'RELAPSE', month: M })).toEqual({
      peacekeeping: 'mandateImplementation',
    });
  });

  it('should compress a forced exit during a transition straight into drawdown', () => {
    const a = country([
      deploy(M, 'A', 'spm-field'),
      deploy(M, 'B', 'spm-envoy'),
      on('BEGIN_TRANSITION', M, 'A'),
    ]);
    expect(outcome(a, { type: 'FORCED_EXIT', month: M, cause: 'council-veto' })).toEqual({
      transition: 'drawdown',
    });
    expect([...a.getSnapshot().context.outgoing]).toEqual(['A', 'B']);
    expect(outcome(a, on('WITHDRAW', M, 'B'))).toEqual({ transition: 'drawdown' });
    expect(outcome(a, on('WITHDRAW', M, 'A'))).toEqual({ transition: 'handover' });
  });

  it('should refuse any event dated before the country month, in every phase', () => {
    const a = country([deploy('2010-05', 'A', 'pko'), on('BEGIN_TRANSITION', '2010-06', 'A')]);
    for (const event of [
      on('DRAWDOWN', '2010-05', 'A'),
      { type: 'RELAPSE', month: '2010-05' },
      { type: 'FORCED_EXIT', month: '2010-05', cause: 'collapse' },
      { type: 'REQUEST_SERVICE', month: '2010-05', service: 'ddr' },
      deploy('2010-05', 'B', 'pko'),
    ] as CountryEvent[]) {
      expect(explainEvent(a.getSnapshot(), event)).toEqual({
        accepted: false,
        reason: `${event.type}: month 2010-05 is before the country's current month 2010-06`,
      });
    }
    expect(outcome(a, on('DRAWDOWN', '2010-06', 'A'))).toEqual({ transition: 'drawdown' });
  });

  it('should take during drawdown only the presences being drawn down, and journal each drawdown', () => {
    const a = country([
      deploy(M, 'A', 'pko'),
      deploy(M, 'B', 'pko'),
      on('BEGIN_TRANSITION', M, 'A'),
      on('DRAWDOWN', M, 'A'),
    ]);
    expect(outcome(a, on('DRAWDOWN', M, 'B'))).toBe(
      'DRAWDOWN: B is not in a transition; BEGIN_TRANSITION for it first',
    );
    expect(outcome(a, on('WITHDRAW', M, 'B'))).toBe(
      'WITHDRAW: B is not part of the current transition; send BEGIN_TRANSITION for it first',
    );
    const entries = a.getSnapshot().context.caseFile.length;
    expect(outcome(a, on('DRAWDOWN', '2010-02', 'A'))).toEqual({ transition: 'drawdown' });
    expect(a.getSnapshot().context.caseFile.slice(entries)).toEqual([
      { seq: entries + 1, month: '2010-02', event: 'DRAWDOWN', text: 'drawdown of A begun' },
    ]);
  });

  it('should refuse at handover what is late or names no mission', () => {
    const a = country([
      deploy(M, 'A', 'pko'),
      deploy(M, 'R', 'spm-regional-office'),
      on('BEGIN_TRANSITION', '2010-02', 'A'),
      on('DRAWDOWN', '2010-03', 'A'),
      on('WITHDRAW', '2010-04', 'A'),
    ]);
    expect(outcome(a, { type: 'COMPLETE_HANDOVER', month: '2010-03' })).toBe(
      "COMPLETE_HANDOVER: month 2010-03 is before the country's current month 2010-04",
    );
    expect(outcome(a, on('BEGIN_TRANSITION', '2010-05', 'R'))).toMatch(
      /^BEGIN_TRANSITION: R is a regional office/,
    );
    expect(outcome(a, on('BEGIN_TRANSITION', '2010-05', 'GONE'))).toBe(
      'BEGIN_TRANSITION: no active presence named "GONE" (active: R)',
    );
    expect(a.getSnapshot().value).toEqual({ transition: 'handover' });
  });

  it('should refuse a late stand-down of preventive diplomacy', () => {
    const a = country([{ type: 'ENGAGE_PREVENTION', month: '2010-05' }]);
    expect(outcome(a, { type: 'STAND_DOWN', month: '2010-04' })).toBe(
      "STAND_DOWN: month 2010-04 is before the country's current month 2010-05",
    );
    expect(outcome(a, { type: 'ENGAGE_PREVENTION', month: '2010-04' })).toBe(
      "ENGAGE_PREVENTION: month 2010-04 is before the country's current month 2010-05",
    );
  });

  it('should refuse in a mission phase what only a transition takes', () => {
    const a = country([deploy(M, 'A', 'pko')]);
    expect(outcome(a, on('DRAWDOWN', M, 'A'))).toBe(
      'DRAWDOWN: A is not in a transition; BEGIN_TRANSITION for it first',
    );
    expect(outcome(a, on('WITHDRAW', M, 'A'))).toBe(
      'WITHDRAW: A is a mission; it can only end during a transition (BEGIN_TRANSITION, then DRAWDOWN), not in peacekeeping.startUp',
    );
    expect(outcome(a, deploy(M, 'A', 'spm-field'))).toBe('DEPLOY: A is already active');
    expect(outcome(a, { type: 'STAND_DOWN', month: M })).toBe(
      'STAND_DOWN applies to non-mission settings (preventive diplomacy), not peacekeeping.startUp',
    );
  });
});
