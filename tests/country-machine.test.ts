import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { countryMachine } from '../machines/country.ts';
import type { CountryEvent, CountryInput } from '../machines/country-types.ts';
import { explainEvent, getPhase, getStage, runCountry, sendEvent } from '../src/country/index.ts';
import { checkTrace } from '../src/invariants/index.ts';
import type { Doctrine } from '../src/domain/index.ts';

const base: CountryInput = { country: 'Testland', region: 'africa' };
const deploy = (month: string, name: string, kind: string): CountryEvent =>
  ({ type: 'DEPLOY', month, presence: { name, kind } }) as CountryEvent;
const on = (type: string, month: string, presence: string): CountryEvent =>
  ({ type, month, presence }) as CountryEvent;
/** The planned exit of one presence: transition planning, drawdown, withdrawal. */
const exit = (month: string, name: string): CountryEvent[] => [
  on('BEGIN_TRANSITION', month, name),
  on('DRAWDOWN', month, name),
  on('WITHDRAW', month, name),
];
const complete = (month: string): CountryEvent => ({ type: 'COMPLETE_HANDOVER', month });

/** Runs the events, requires every one accepted and every invariant held, returns the phases. */
function phasesOf(events: CountryEvent[], input: CountryInput = base, doctrine?: Doctrine) {
  const run = runCountry({ ...input, ...(doctrine ? { doctrine } : {}) }, events);
  const refused = run.steps.filter((s) => !s.accepted).map((s) => s.event);
  expect(refused).toEqual([]);
  expect(checkTrace(run.initial, run.steps).filter((r) => !r.holds)).toEqual([]);
  const phases = [getPhase(run.initial.value)];
  for (const s of run.steps) {
    const p = getPhase(s.after.value);
    if (p !== phases[phases.length - 1]) phases.push(p);
  }
  return { phases, run };
}

describe('country machine: escalation', () => {
  it('should go from non-mission to a special political mission', () => {
    expect(phasesOf([deploy('2007-01', 'UNMIN', 'spm-field')]).phases).toEqual([
      'nonMission',
      'specialPoliticalMission',
    ]);
  });

  it('should escalate from a special political mission to peacekeeping without a transition', () => {
    const { phases, run } = phasesOf([
      deploy('1997-11', 'UNOL', 'spm-field'),
      deploy('2003-10', 'UNMIL', 'pko'),
      ...exit('2003-10', 'UNOL'),
      complete('2003-10'),
    ]);
    expect(phases).toEqual([
      'nonMission',
      'specialPoliticalMission',
      'peacekeeping',
      'transition',
      'peacekeeping',
    ]);
    expect(run.final.context.presences.map((p) => p.name)).toEqual(['UNMIL']);
  });

  it('should go from non-mission straight to peacekeeping', () => {
    const { phases, run } = phasesOf([deploy('2013-04', 'MINUSMA', 'pko')]);
    expect(phases).toEqual(['nonMission', 'peacekeeping']);
    expect(run.final.context.handovers).toEqual([{ from: 'DPPA', to: 'DPO', month: '2013-04' }]);
  });
});

describe('country machine: drawdown always passes through transition', () => {
  it('should draw down peacekeeping to a special political mission', () => {
    const { phases, run } = phasesOf(
      [
        deploy('2004-06', 'ONUB', 'pko'),
        deploy('2007-01', 'BINUB', 'spm-field'),
        ...exit('2007-01', 'ONUB'),
        complete('2007-01'),
      ],
      base,
      'adopted-2019',
    );
    expect(phases).toEqual(['nonMission', 'peacekeeping', 'transition', 'specialPoliticalMission']);
    expect(run.final.context.handovers.at(-1)).toEqual({
      from: 'DPO',
      to: 'DPPA',
      month: '2007-01',
    });
  });

  it('should draw down peacekeeping to non-mission, stage by stage', () => {
    const actor = createActor(countryMachine, { input: base }).start();
    const stages: string[] = [];
    for (const e of [
      deploy('2003-10', 'UNMIL', 'pko'),
      on('FINAL_MANDATE', '2016-12', 'UNMIL'),
      ...exit('2017-06', 'UNMIL'),
      complete('2018-04'),
    ]) {
      actor.send(e);
      const s = actor.getSnapshot();
      stages.push(`${getPhase(s.value)}.${getStage(s.value) ?? ''}`);
    }
    expect(stages).toEqual([
      'peacekeeping.startUp',
      'peacekeeping.finalMandate',
      'transition.planning',
      'transition.drawdown',
      'transition.handover',
      'nonMission.earlyWarning',
    ]);
    expect(actor.getSnapshot().context.teamTailoring).toBe('non-mission');
  });

  it('should draw down a special political mission to non-mission', () => {
    expect(
      phasesOf([
        deploy('2010-01', 'UNIOGBIS', 'spm-field'),
        ...exit('2020-12', 'UNIOGBIS'),
        complete('2021-01'),
      ]).phases,
    ).toEqual(['nonMission', 'specialPoliticalMission', 'transition', 'nonMission']);
  });

  it('should re-hat one peacekeeping operation into another through transition', () => {
    const { phases, run } = phasesOf([
      deploy('2004-06', 'MINUSTAH', 'pko'),
      on('BEGIN_TRANSITION', '2017-04', 'MINUSTAH'),
      deploy('2017-10', 'MINUJUSTH', 'pko'),
      on('DRAWDOWN', '2017-10', 'MINUSTAH'),
      on('WITHDRAW', '2017-10', 'MINUSTAH'),
      complete('2017-10'),
    ]);
    expect(phases).toEqual(['nonMission', 'peacekeeping', 'transition', 'peacekeeping']);
    expect(run.final.context.handovers).toHaveLength(1);
  });

  it('should refuse to end a mission outside transition, and say why', () => {
    const actor = createActor(countryMachine, { input: base }).start();
    actor.send(deploy('2004-06', 'ONUB', 'pko'));
    const before = actor.getSnapshot();
    const withdraw = on('WITHDRAW', '2006-12', 'ONUB');
    const verdict = explainEvent(before, withdraw);
    expect(verdict.accepted).toBe(false);
    expect(!verdict.accepted && verdict.reason).toContain('only end during a transition');
    actor.send(withdraw);
    expect(actor.getSnapshot()).toBe(before);
  });
});

describe('country machine: relapse and abrupt exits', () => {
  it('should return to a full mission when a transition is reversed', () => {
    const { phases, run } = phasesOf([
      deploy('2010-01', 'UNMISS', 'pko'),
      on('BEGIN_TRANSITION', '2013-06', 'UNMISS'),
      { type: 'RELAPSE', month: '2013-12', reason: 'renewed fighting' },
    ]);
    expect(phases).toEqual(['nonMission', 'peacekeeping', 'transition', 'peacekeeping']);
    expect([...run.final.context.outgoing]).toEqual([]);
    expect(run.final.value).toEqual({ peacekeeping: 'mandateImplementation' });
  });

  for (const cause of ['host-consent-withdrawn', 'council-veto', 'collapse'] as const) {
    it(`should pass a forced exit (${cause}) through a compressed transition`, () => {
      const { phases, run } = phasesOf([
        deploy('2007-09', 'MINURCAT', 'pko'),
        { type: 'FORCED_EXIT', month: '2010-05', cause },
        on('WITHDRAW', '2011-01', 'MINURCAT'),
        complete('2011-01'),
      ]);
      expect(phases).toEqual(['nonMission', 'peacekeeping', 'transition', 'nonMission']);
      const drawdown = run.steps[1]?.after;
      expect(drawdown?.value).toEqual({ transition: 'drawdown' });
      expect(drawdown?.context.transitionCause).toBe(cause);
    });
  }
});

describe('country machine: overlapping presences', () => {
  it('should keep DPO in the lead while a pko runs beside a political-process office', () => {
    const { run } = phasesOf(
      [deploy('1978-03', 'UNIFIL', 'pko'), deploy('2007-02', 'UNSCOL', 'spm-political-process')],
      { ...base, region: 'middle-east-asia-pacific' },
      'adopted-2019',
    );
    expect(run.final.context.lead).toBe('DPO');
    expect(run.final.context.presences.map((p) => p.name)).toEqual(['UNIFIL', 'UNSCOL']);
  });

  it('should hold two missions at once and stay in peacekeeping while only one ends', () => {
    const { phases } = phasesOf([
      deploy('2005-03', 'UNMIS', 'pko'),
      deploy('2007-07', 'UNAMID', 'pko'),
      ...exit('2011-07', 'UNMIS'),
      complete('2011-08'),
    ]);
    expect(phases).toEqual(['nonMission', 'peacekeeping', 'transition', 'peacekeeping']);
  });

  it('should let a regional office cover a country in a non-mission setting', () => {
    const { phases, run } = phasesOf([
      deploy('2011-01', 'UNOCA', 'spm-regional-office'),
      on('WITHDRAW', '2012-01', 'UNOCA'),
    ]);
    expect(phases).toEqual(['nonMission']);
    expect(run.final.context.lead).toBe('DPPA');
    expect(run.final.context.notices.map((n) => n.subject)).toEqual(['presence', 'presence']);
  });
});

describe('country machine: services, mandates and early warning', () => {
  it('should record a service with the same provider in every phase', () => {
    const { run } = phasesOf([
      { type: 'REQUEST_SERVICE', month: '2009-01', service: 'electoral-assistance' },
      deploy('2010-01', 'M', 'pko'),
      { type: 'REQUEST_SERVICE', month: '2010-02', service: 'electoral-assistance' },
      { type: 'REQUEST_SERVICE', month: '2010-02', service: 'ddr' },
    ]);
    const providers = run.final.context.services.map(
      (s) => `${s.service}:${s.provider.department}`,
    );
    expect(providers).toEqual([
      'electoral-assistance:DPPA',
      'electoral-assistance:DPPA',
      'ddr:DPO',
    ]);
  });

  it('should take mandate renewals and a final mandate, and a renewal after the final one', () => {
    const actor = createActor(countryMachine, { input: base }).start();
    const values: unknown[] = [];
    for (const e of [
      deploy('2003-08', 'UNAMI', 'spm-field'),
      { type: 'RENEW_MANDATE', month: '2004-08', presence: 'UNAMI', mandate: 'S/RES/1557 (2004)' },
      on('FINAL_MANDATE', '2024-05', 'UNAMI'),
      on('RENEW_MANDATE', '2024-06', 'UNAMI'),
    ] as CountryEvent[]) {
      actor.send(e);
      values.push(actor.getSnapshot().value);
    }
    expect(values).toEqual([
      { specialPoliticalMission: 'startUp' },
      { specialPoliticalMission: 'mandateImplementation' },
      { specialPoliticalMission: 'finalMandate' },
      { specialPoliticalMission: 'mandateImplementation' },
    ]);
    expect(actor.getSnapshot().context.presences.toArray()[0]?.mandate).toBe('S/RES/1557 (2004)');
  });

  it('should move between early warning and preventive diplomacy in a non-mission setting', () => {
    const actor = createActor(countryMachine, { input: base }).start();
    actor.send({ type: 'ENGAGE_PREVENTION', month: '2015-01' });
    expect(actor.getSnapshot().value).toEqual({ nonMission: 'preventiveDiplomacy' });
    actor.send({ type: 'STAND_DOWN', month: '2015-06' });
    expect(actor.getSnapshot().value).toEqual({ nonMission: 'earlyWarning' });
  });

  it('should start a country created with active missions in the phase they call for, without a handover', () => {
    const actor = createActor(countryMachine, {
      input: { ...base, month: '2020-01', presences: [{ name: 'MONUSCO', kind: 'pko' }] },
    }).start();
    const s = actor.getSnapshot();
    expect(s.value).toEqual({ peacekeeping: 'startUp' });
    expect(s.context.lead).toBe('DPO');
    expect(s.context.handovers).toEqual([]);
    expect(s.context.notices).toEqual([]);
  });
});

describe('country machine: refused events', () => {
  const malformed: unknown[] = [
    null,
    'DEPLOY',
    {},
    { type: 'DEPLOY' },
    { type: 'DEPLOY', month: '2010-01' },
    { type: 'DEPLOY', month: '2010-01', presence: null },
    { type: 'DEPLOY', month: '2010-01', presence: { name: 'X', kind: 'army' } },
    { type: 'DEPLOY', month: '2010-13', presence: { name: 'X', kind: 'pko' } },
    { type: 'WITHDRAW', month: '2010-01', presence: 42 },
    { type: 'FORCED_EXIT', month: '2010-01', cause: 'boredom' },
    { type: 'REQUEST_SERVICE', month: '2010-01', service: 'catering' },
    { type: 'TELEPORT', month: '2010-01' },
  ];
  for (const event of malformed) {
    it(`should leave the snapshot unchanged and explain ${JSON.stringify(event)}`, () => {
      const actor = createActor(countryMachine, { input: base }).start();
      const before = actor.getSnapshot();
      const verdict = sendEvent(actor, event);
      expect(verdict.accepted).toBe(false);
      expect(!verdict.accepted && verdict.reason.length > 0).toBe(true);
      expect(actor.getSnapshot()).toBe(before);
      expect(actor.getSnapshot().status).toBe('active');
      expect(explainEvent(before, event)).toEqual(verdict);
      if (typeof event === 'object' && event !== null && 'type' in event) {
        // Objects with a type may also reach the actor directly: it refuses them without throwing.
        expect(() => actor.send(event as CountryEvent)).not.toThrow();
        expect(actor.getSnapshot()).toBe(before);
      }
    });
  }

  it('should refuse an event that goes back in time', () => {
    const actor = createActor(countryMachine, { input: base }).start();
    actor.send(deploy('2010-05', 'A', 'spm-envoy'));
    const before = actor.getSnapshot();
    const verdict = explainEvent(before, deploy('2010-04', 'B', 'pko'));
    expect(verdict.accepted).toBe(false);
    expect(!verdict.accepted && verdict.reason).toContain('before the country');
  });

  it('should refuse a second deployment of the same presence', () => {
    const actor = createActor(countryMachine, { input: base }).start();
    actor.send(deploy('2010-05', 'A', 'spm-envoy'));
    expect(explainEvent(actor.getSnapshot(), deploy('2010-06', 'A', 'pko'))).toEqual({
      accepted: false,
      reason: 'DEPLOY: A is already active',
    });
  });
});
