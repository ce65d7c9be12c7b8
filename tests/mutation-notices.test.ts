/**
 * Continuity of care as a user reads it: who leads, who is told what and when (notices), when the
 * lead changed hands (handovers), how the regional team is tailored, and what a transition carries
 * (outgoing presences, its cause, final mandates).
 */
import { describe, expect, it } from 'vitest';
import { createCountryContext, withLeadDerived } from '../machines/country-logic.ts';
import type { CountryEvent, CountryInput } from '../machines/country-types.ts';
import { runCountry } from '../src/country/index.ts';
import type { Doctrine } from '../src/domain/index.ts';
import { NameList } from '../src/domain/index.ts';

const deploy = (month: string, name: string, kind: string, mandate?: string): CountryEvent =>
  ({
    type: 'DEPLOY',
    month,
    presence: { name, kind, ...(mandate ? { mandate } : {}) },
  }) as CountryEvent;
const on = (type: string, month: string, presence: string): CountryEvent =>
  ({ type, month, presence }) as CountryEvent;
const base: CountryInput = { country: 'Testland', region: 'africa' };

function run(events: CountryEvent[], input: CountryInput = base, doctrine?: Doctrine) {
  const result = runCountry({ ...input, ...(doctrine ? { doctrine } : {}) }, events);
  expect(result.steps.filter((s) => !s.accepted).map((s) => s.event)).toEqual([]);
  return result;
}

describe('notices to the informed department', () => {
  it('should tell the other department of phase, presences and lead, in that order, at the step month', () => {
    const r = run([
      deploy('2003-10', 'UNMIL', 'pko'),
      on('RENEW_MANDATE', '2004-09', 'UNMIL'),
      on('FINAL_MANDATE', '2016-12', 'UNMIL'),
      on('BEGIN_TRANSITION', '2017-01', 'UNMIL'),
      on('DRAWDOWN', '2017-06', 'UNMIL'),
      on('WITHDRAW', '2018-03', 'UNMIL'),
      { type: 'COMPLETE_HANDOVER', month: '2018-04' },
    ]);
    expect(r.final.context.notices).toEqual([
      { to: 'DPPA', month: '2003-10', subject: 'phase', text: 'phase nonMission -> peacekeeping' },
      { to: 'DPPA', month: '2003-10', subject: 'presence', text: 'presences +UNMIL (1 active)' },
      { to: 'DPPA', month: '2003-10', subject: 'lead', text: 'lead DPPA -> DPO' },
      { to: 'DPPA', month: '2017-01', subject: 'phase', text: 'phase peacekeeping -> transition' },
      { to: 'DPO', month: '2018-03', subject: 'presence', text: 'presences -UNMIL (0 active)' },
      { to: 'DPO', month: '2018-03', subject: 'lead', text: 'lead DPO -> DPPA' },
      { to: 'DPO', month: '2018-04', subject: 'phase', text: 'phase transition -> nonMission' },
    ]);
    expect(r.final.context.handovers).toEqual([
      { from: 'DPPA', to: 'DPO', month: '2003-10' },
      { from: 'DPO', to: 'DPPA', month: '2018-03' },
    ]);
    expect({
      ...r.final.context.informedOf,
      presences: [...r.final.context.informedOf.presences],
    }).toEqual({ phase: 'nonMission', presences: [], lead: 'DPPA' });
  });

  it('should list presences in the order they were deployed and notice a second one', () => {
    const r = run(
      [
        deploy('2004-06', 'ONUB', 'pko'),
        deploy('2006-01', 'UNOCA', 'spm-regional-office'),
        deploy('2007-01', 'BINUB', 'spm-field'),
        on('WITHDRAW', '2008-01', 'UNOCA'),
      ],
      base,
      'adopted-2019',
    );
    expect(
      r.final.context.notices.slice(3).map((n) => `${n.month} ${n.subject}: ${n.text}`),
    ).toEqual([
      '2006-01 presence: presences +UNOCA (2 active)',
      '2007-01 presence: presences +BINUB (3 active)',
      '2008-01 presence: presences -UNOCA (2 active)',
    ]);
    expect(r.final.context.handovers).toHaveLength(1);
  });

  it('should notice a change of phase alone when a special political mission escalates under adopted-2019', () => {
    const r = run(
      [deploy('1997-11', 'UNOL', 'spm-field'), deploy('2003-10', 'UNMIL', 'pko')],
      base,
      'adopted-2019',
    );
    expect(r.final.context.notices).toEqual([
      {
        to: 'DPO',
        month: '1997-11',
        subject: 'phase',
        text: 'phase nonMission -> specialPoliticalMission',
      },
      { to: 'DPO', month: '1997-11', subject: 'presence', text: 'presences +UNOL (1 active)' },
      {
        to: 'DPPA',
        month: '2003-10',
        subject: 'phase',
        text: 'phase specialPoliticalMission -> peacekeeping',
      },
      {
        to: 'DPPA',
        month: '2003-10',
        subject: 'presence',
        text: 'presences +UNMIL (2 active)',
      },
      { to: 'DPPA', month: '2003-10', subject: 'lead', text: 'lead DPPA -> DPO' },
    ]);
    expect(r.final.context.handovers).toEqual([{ from: 'DPPA', to: 'DPO', month: '2003-10' }]);
  });

  it('should send no notice for steps that change neither phase, presences nor lead', () => {
    const r = run([
      deploy('2010-01', 'M', 'spm-field'),
      on('RENEW_MANDATE', '2011-01', 'M'),
      on('FINAL_MANDATE', '2012-01', 'M'),
      on('RENEW_MANDATE', '2012-02', 'M'),
      { type: 'REQUEST_SERVICE', month: '2012-03', service: 'police' },
    ]);
    expect(r.final.context.notices).toEqual(r.steps[0]?.after.context.notices);
    expect(r.final.context.notices.map((n) => n.subject)).toEqual(['phase', 'presence', 'lead']);
  });

  it('should tell of a return from transition to peacekeeping after a relapse', () => {
    const r = run([
      deploy('2010-01', 'UNMISS', 'pko'),
      on('BEGIN_TRANSITION', '2013-06', 'UNMISS'),
      { type: 'RELAPSE', month: '2013-12' },
    ]);
    expect(r.final.context.notices.slice(-2).map((n) => n.text)).toEqual([
      'phase peacekeeping -> transition',
      'phase transition -> peacekeeping',
    ]);
    expect(r.final.context.notices.at(-1)?.month).toBe('2013-12');
  });
});

describe('notices inside a transition', () => {
  it('should tell of presences joining and leaving, and of the phase the transition ends in', () => {
    const r = run(
      [
        deploy('2010-01', 'A', 'pko'),
        deploy('2010-01', 'B', 'spm-field'),
        on('BEGIN_TRANSITION', '2011-01', 'A'),
        deploy('2011-02', 'R', 'spm-regional-office'),
        on('RENEW_MANDATE', '2011-03', 'B'),
        on('FINAL_MANDATE', '2011-04', 'B'),
        on('WITHDRAW', '2011-05', 'R'),
        on('DRAWDOWN', '2011-06', 'A'),
        on('WITHDRAW', '2011-07', 'A'),
        on('BEGIN_TRANSITION', '2011-08', 'B'),
        { type: 'RELAPSE', month: '2011-09' },
        { type: 'FORCED_EXIT', month: '2011-10', cause: 'collapse' },
        deploy('2011-11', 'C', 'spm-envoy'),
        on('BEGIN_TRANSITION', '2011-11', 'C'),
        on('WITHDRAW', '2011-12', 'B'),
        on('WITHDRAW', '2011-12', 'C'),
        { type: 'COMPLETE_HANDOVER', month: '2012-01' },
      ],
      base,
      'adopted-2019',
    );
    expect(r.final.context.notices.map((n) => `${n.month} ${n.to} ${n.text}`)).toEqual([
      '2010-01 DPPA phase nonMission -> peacekeeping',
      '2010-01 DPPA presences +A (1 active)',
      '2010-01 DPPA lead DPPA -> DPO',
      '2010-01 DPPA presences +B (2 active)',
      '2011-01 DPPA phase peacekeeping -> transition',
      '2011-02 DPPA presences +R (3 active)',
      '2011-05 DPPA presences -R (2 active)',
      '2011-07 DPO presences -A (1 active)',
      '2011-07 DPO lead DPO -> DPPA',
      '2011-09 DPO phase transition -> specialPoliticalMission',
      '2011-10 DPO phase specialPoliticalMission -> transition',
      '2011-11 DPO presences +C (2 active)',
      '2011-12 DPO presences -B (1 active)',
      '2011-12 DPO presences -C (0 active)',
      '2012-01 DPO phase transition -> nonMission',
    ]);
  });

  it('should tell of the phase a completed transition returns to', () => {
    const toPko = run([
      deploy('2010-01', 'A', 'pko'),
      deploy('2010-01', 'B', 'pko'),
      on('BEGIN_TRANSITION', '2011-01', 'A'),
      on('DRAWDOWN', '2011-02', 'A'),
      on('WITHDRAW', '2011-03', 'A'),
      { type: 'COMPLETE_HANDOVER', month: '2011-04' },
    ]);
    expect(toPko.final.context.notices.slice(-2).map((n) => `${n.month} ${n.text}`)).toEqual([
      '2011-03 presences -A (1 active)',
      '2011-04 phase transition -> peacekeeping',
    ]);
    const toSpm = run([
      deploy('2010-01', 'A', 'pko'),
      deploy('2010-01', 'B', 'spm-envoy'),
      on('BEGIN_TRANSITION', '2011-01', 'A'),
      on('DRAWDOWN', '2011-02', 'A'),
      on('WITHDRAW', '2011-03', 'A'),
      { type: 'COMPLETE_HANDOVER', month: '2011-04' },
    ]);
    expect(
      toSpm.final.context.notices.slice(-1).map((n) => `${n.month} ${n.to} ${n.text}`),
    ).toEqual(['2011-04 DPO phase transition -> specialPoliticalMission']);
  });

  it('should send no notice when a forced exit compresses a transition already under way', () => {
    const r = run([
      deploy('2010-01', 'A', 'pko'),
      deploy('2010-01', 'B', 'pko'),
      on('BEGIN_TRANSITION', '2011-01', 'A'),
      { type: 'FORCED_EXIT', month: '2011-02', cause: 'collapse' },
    ]);
    const [planning, forced] = r.steps.slice(-2);
    expect(forced?.after.value).toEqual({ transition: 'drawdown' });
    expect(forced?.after.context.notices).toEqual(planning?.after.context.notices);
    expect(forced?.after.context.informedOf.phase).toBe('transition');
  });

  it('should send no notice when a new round of planning starts from handover', () => {
    const r = run([
      deploy('2010-01', 'A', 'pko'),
      deploy('2010-01', 'B', 'spm-field'),
      on('BEGIN_TRANSITION', '2011-01', 'A'),
      on('DRAWDOWN', '2011-02', 'A'),
      on('WITHDRAW', '2011-03', 'A'),
      on('BEGIN_TRANSITION', '2011-04', 'B'),
    ]);
    const [handover, planning] = r.steps.slice(-2);
    expect(planning?.after.value).toEqual({ transition: 'planning' });
    expect(planning?.after.context.notices).toEqual(handover?.after.context.notices);
  });
});

describe('creation and the lead', () => {
  it('should open a country with active missions in their phase, with lead, informed and tailoring set', () => {
    const context = createCountryContext({
      ...base,
      month: '2020-01',
      presences: [{ name: 'MONUSCO', kind: 'pko', mandate: 'S/RES/1925 (2010)' }],
    });
    expect(context).toMatchObject({
      doctrine: 'note-2017',
      lead: 'DPO',
      informed: 'DPPA',
      teamTailoring: 'mission',
      month: '2020-01',
      team: { id: 'africa/testland', region: 'africa', asg: 'ASG for Africa' },
      informedOf: { phase: 'peacekeeping', lead: 'DPO' },
      outgoing: NameList.EMPTY,
      transitionCause: null,
    });
    expect(context.presences.toArray()).toStrictEqual([
      { name: 'MONUSCO', kind: 'pko', since: '2020-01', mandate: 'S/RES/1925 (2010)' },
    ]);
    expect([...context.informedOf.presences]).toEqual(['MONUSCO']);
  });

  it('should open a country without missions led by DPPA, informing DPO, tailored for non-mission work', () => {
    const context = createCountryContext({
      ...base,
      presences: [{ name: 'UNOCA', kind: 'spm-regional-office' }],
    });
    expect(context).toMatchObject({
      lead: 'DPPA',
      informed: 'DPO',
      teamTailoring: 'non-mission',
      month: null,
    });
    expect(context.presences.toArray()).toStrictEqual([
      { name: 'UNOCA', kind: 'spm-regional-office', since: '' },
    ]);
    expect(JSON.parse(JSON.stringify(context.informedOf))).toEqual({
      phase: 'nonMission',
      presences: ['UNOCA'],
      lead: 'DPPA',
    });
  });

  it('should start a country opened with a field mission in a special political mission led by DPO (note-2017)', () => {
    const r = run([], { ...base, presences: [{ name: 'UNAMA', kind: 'spm-field' }] });
    expect(r.final.value).toEqual({ specialPoliticalMission: 'startUp' });
    expect(r.final.context.lead).toBe('DPO');
  });

  it('should repair the informed department when deriving the lead, without a handover', () => {
    const context = { ...createCountryContext(base), informed: 'DPPA' as const };
    const derived = withLeadDerived(context);
    expect(derived.lead).toBe('DPPA');
    expect(derived.informed).toBe('DPO');
    expect(derived.handovers).toEqual([]);
  });

  it('should date a handover with the month of the step that changed the lead', () => {
    const r = run([
      { type: 'REQUEST_SERVICE', month: '2009-05', service: 'ddr' },
      deploy('2010-03', 'M', 'spm-field'),
    ]);
    expect(r.final.context.handovers).toEqual([{ from: 'DPPA', to: 'DPO', month: '2010-03' }]);
  });
});

describe('team tailoring', () => {
  it('should tailor the same team for mission work from deployment to handover, then back', () => {
    const r = run([
      deploy('2010-01', 'UNOCA', 'spm-regional-office'),
      deploy('2011-01', 'M', 'spm-envoy'),
      on('BEGIN_TRANSITION', '2012-01', 'M'),
      on('DRAWDOWN', '2012-02', 'M'),
      on('WITHDRAW', '2012-03', 'M'),
      { type: 'COMPLETE_HANDOVER', month: '2012-04' },
    ]);
    expect(r.steps.map((s) => s.after.context.teamTailoring)).toEqual([
      'non-mission',
      'mission',
      'mission',
      'mission',
      'mission',
      'non-mission',
    ]);
    expect(new Set(r.steps.map((s) => s.after.context.team.id))).toEqual(
      new Set(['africa/testland']),
    );
  });
});

describe('mandates', () => {
  it('should keep the final-mandate flag on the named presence only and drop it on renewal', () => {
    const r = run([
      deploy('2010-01', 'A', 'pko', 'S/RES/1'),
      deploy('2010-01', 'B', 'spm-field'),
      on('FINAL_MANDATE', '2011-01', 'A'),
    ]);
    expect(r.final.context.presences.toArray()).toStrictEqual([
      { name: 'A', kind: 'pko', since: '2010-01', mandate: 'S/RES/1', finalMandate: true },
      { name: 'B', kind: 'spm-field', since: '2010-01' },
    ]);
    const renewed = run([
      deploy('2010-01', 'A', 'pko', 'S/RES/1'),
      on('FINAL_MANDATE', '2011-01', 'A'),
      on('RENEW_MANDATE', '2011-06', 'A'),
    ]);
    expect(renewed.final.context.presences.toArray()).toStrictEqual([
      { name: 'A', kind: 'pko', since: '2010-01', mandate: 'S/RES/1' },
    ]);
  });

  it('should change the recorded mandate only on a renewal that names one', () => {
    const r = run([
      deploy('2010-01', 'A', 'pko', 'S/RES/1'),
      {
        type: 'FINAL_MANDATE',
        month: '2011-01',
        presence: 'A',
        mandate: 'S/RES/2',
      } as CountryEvent,
    ]);
    expect(r.final.context.presences.toArray()[0]?.mandate).toBe('S/RES/1');
    const renewed = run([
      deploy('2010-01', 'A', 'pko'),
      { type: 'RENEW_MANDATE', month: '2011-01', presence: 'A', mandate: 'S/RES/3' },
    ]);
    expect(renewed.final.context.presences.toArray()[0]?.mandate).toBe('S/RES/3');
  });
});

describe('transitions: outgoing presences and cause', () => {
  it('should mark a planned transition and add staying missions one by one', () => {
    const r = run([
      deploy('2010-01', 'A', 'pko'),
      deploy('2010-01', 'B', 'spm-field'),
      on('BEGIN_TRANSITION', '2011-01', 'A'),
    ]);
    expect([...r.final.context.outgoing]).toEqual(['A']);
    expect(r.final.context.transitionCause).toBe('planned');
    const both = run([
      deploy('2010-01', 'A', 'pko'),
      deploy('2010-01', 'B', 'spm-field'),
      on('BEGIN_TRANSITION', '2011-01', 'A'),
      on('BEGIN_TRANSITION', '2011-02', 'B'),
    ]);
    expect([...both.final.context.outgoing]).toEqual(['A', 'B']);
    expect(both.final.value).toEqual({ transition: 'planning' });
  });

  it('should draw down every mission, once each, on a forced exit during a planned transition', () => {
    const r = run([
      deploy('2010-01', 'A', 'pko'),
      deploy('2010-01', 'B', 'spm-field'),
      deploy('2010-01', 'R', 'spm-regional-office'),
      on('BEGIN_TRANSITION', '2011-01', 'A'),
      { type: 'FORCED_EXIT', month: '2011-02', cause: 'host-consent-withdrawn' },
    ]);
    expect([...r.final.context.outgoing]).toEqual(['A', 'B']);
    expect(r.final.context.transitionCause).toBe('host-consent-withdrawn');
    expect(r.final.value).toEqual({ transition: 'drawdown' });
  });

  it('should keep the cause of a forced exit when a mission deployed meanwhile joins the transition', () => {
    const r = run([
      deploy('2010-01', 'A', 'pko'),
      { type: 'FORCED_EXIT', month: '2011-02', cause: 'collapse' },
      deploy('2011-03', 'C', 'spm-envoy'),
      on('BEGIN_TRANSITION', '2011-04', 'C'),
    ]);
    expect([...r.final.context.outgoing]).toEqual(['A', 'C']);
    expect(r.final.context.transitionCause).toBe('collapse');
  });

  it('should clear the transition and every final mandate when a transition is reversed or completed', () => {
    const reversed = run([
      deploy('2010-01', 'A', 'pko'),
      deploy('2010-01', 'B', 'spm-field'),
      on('FINAL_MANDATE', '2011-01', 'A'),
      on('BEGIN_TRANSITION', '2011-02', 'A'),
      on('FINAL_MANDATE', '2011-03', 'B'),
      { type: 'RELAPSE', month: '2011-04' },
    ]);
    expect(reversed.final.value).toEqual({ peacekeeping: 'mandateImplementation' });
    expect(reversed.final.context).toMatchObject({
      outgoing: NameList.EMPTY,
      transitionCause: null,
    });
    expect(reversed.final.context.presences.toArray()).toStrictEqual([
      { name: 'A', kind: 'pko', since: '2010-01' },
      { name: 'B', kind: 'spm-field', since: '2010-01' },
    ]);
    const completed = run([
      deploy('2010-01', 'A', 'pko'),
      deploy('2010-01', 'B', 'spm-field'),
      on('FINAL_MANDATE', '2011-01', 'B'),
      on('BEGIN_TRANSITION', '2011-02', 'A'),
      on('DRAWDOWN', '2011-03', 'A'),
      on('WITHDRAW', '2011-04', 'A'),
      { type: 'COMPLETE_HANDOVER', month: '2011-05' },
    ]);
    expect(completed.final.value).toEqual({ specialPoliticalMission: 'startUp' });
    expect(completed.final.context).toMatchObject({
      outgoing: NameList.EMPTY,
      transitionCause: null,
      lead: 'DPO',
    });
    expect(completed.final.context.presences.toArray()).toStrictEqual([
      { name: 'B', kind: 'spm-field', since: '2010-01' },
    ]);
  });
});
