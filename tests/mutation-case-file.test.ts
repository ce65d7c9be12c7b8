/**
 * The case file: the journal a reader of a country's history sees. Every accepted event leaves one
 * numbered entry, dated with the event month, in the words below; refused events leave none.
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { countryMachine } from '../machines/country.ts';
import { describeEvent } from '../machines/country-logic.ts';
import type { CountryEvent, CountryInput } from '../machines/country-types.ts';
import { runCountry } from '../src/country/index.ts';

const liberia: CountryInput = { country: 'Liberia', region: 'africa', month: '2003-01' };

const history: CountryEvent[] = [
  { type: 'ENGAGE_PREVENTION', month: '2003-02' },
  { type: 'STAND_DOWN', month: '2003-03' },
  {
    type: 'DEPLOY',
    month: '2003-10',
    presence: { name: 'UNMIL', kind: 'pko', mandate: 'S/RES/1509 (2003)' },
  },
  { type: 'DEPLOY', month: '2003-10', presence: { name: 'UNOWA', kind: 'spm-regional-office' } },
  { type: 'RENEW_MANDATE', month: '2004-09', presence: 'UNMIL', mandate: 'S/RES/1561 (2004)' },
  { type: 'RENEW_MANDATE', month: '2005-09', presence: 'UNMIL' },
  { type: 'REQUEST_SERVICE', month: '2005-10', service: 'electoral-assistance' },
  { type: 'REQUEST_SERVICE', month: '2006-01', service: 'ddr' },
  { type: 'FINAL_MANDATE', month: '2016-12', presence: 'UNMIL' },
  { type: 'BEGIN_TRANSITION', month: '2017-01', presence: 'UNMIL' },
  { type: 'RELAPSE', month: '2017-02', reason: 'unrest before the elections' },
  { type: 'BEGIN_TRANSITION', month: '2017-03', presence: 'UNMIL' },
  { type: 'RELAPSE', month: '2017-03' },
  { type: 'FORCED_EXIT', month: '2017-04', cause: 'council-veto' },
  { type: 'DRAWDOWN', month: '2017-05', presence: 'UNMIL' },
  { type: 'WITHDRAW', month: '2018-03', presence: 'UNMIL' },
  { type: 'COMPLETE_HANDOVER', month: '2018-04' },
  { type: 'DEPLOY', month: '2018-05', presence: { name: 'ENVOY', kind: 'spm-envoy', mandate: '' } },
];

describe('case file', () => {
  it('should open with the country, its regional ASG team and doctrine, dated with the opening month', () => {
    const run = runCountry(
      { country: "Côte d'Ivoire", region: 'africa', doctrine: 'adopted-2019' },
      [],
    );
    expect(run.final.context.caseFile).toEqual([
      {
        seq: 1,
        month: null,
        event: 'OPEN',
        text: "case file opened for Côte d'Ivoire; regional ASG team africa/cote-divoire; doctrine adopted-2019",
      },
    ]);
  });

  it('should record every accepted event, numbered and dated, in the words of the note', () => {
    const run = runCountry(liberia, history);
    expect(run.refused).toBe(0);
    const entries = run.final.context.caseFile.map(
      (e) => `${e.seq} ${e.month} ${e.event}: ${e.text}`,
    );
    expect(entries).toEqual([
      '1 2003-01 OPEN: case file opened for Liberia; regional ASG team africa/liberia; doctrine note-2017',
      '2 2003-02 ENGAGE_PREVENTION: preventive diplomacy engaged',
      '3 2003-03 STAND_DOWN: preventive engagement stood down',
      '4 2003-10 DEPLOY: UNMIL (pko) deployed, S/RES/1509 (2003)',
      '5 2003-10 DEPLOY: UNOWA (spm-regional-office) deployed',
      '6 2004-09 RENEW_MANDATE: mandate of UNMIL renewed, S/RES/1561 (2004)',
      '7 2005-09 RENEW_MANDATE: mandate of UNMIL renewed',
      '8 2005-10 REQUEST_SERVICE: electoral-assistance requested from Electoral Assistance Division',
      '9 2006-01 REQUEST_SERVICE: ddr requested from ASG for Rule of Law and Security Institutions (OROLSI)',
      '10 2016-12 FINAL_MANDATE: final mandate decided for UNMIL',
      '11 2017-01 BEGIN_TRANSITION: transition planning begun for UNMIL',
      '12 2017-02 RELAPSE: transition reversed: unrest before the elections',
      '13 2017-03 BEGIN_TRANSITION: transition planning begun for UNMIL',
      '14 2017-03 RELAPSE: transition reversed',
      '15 2017-04 FORCED_EXIT: forced exit (council-veto)',
      '16 2017-05 DRAWDOWN: drawdown of UNMIL begun',
      '17 2018-03 WITHDRAW: UNMIL withdrawn (last month before 2018-03)',
      '18 2018-04 COMPLETE_HANDOVER: handover completed',
      '19 2018-05 DEPLOY: ENVOY (spm-envoy) deployed',
    ]);
  });

  it('should leave the case file, month and services alone when an event is refused', () => {
    const actor = createActor(countryMachine, { input: liberia }).start();
    actor.send({ type: 'REQUEST_SERVICE', month: '2004-01', service: 'police' });
    const before = actor.getSnapshot().context;
    for (const event of [
      { type: 'REQUEST_SERVICE', month: '2003-12', service: 'police' },
      { type: 'STAND_DOWN', month: '2004-02' },
      { type: 'WITHDRAW', month: '2004-02', presence: 'NOBODY' },
    ] as CountryEvent[]) {
      actor.send(event);
    }
    const after = actor.getSnapshot().context;
    expect(after.caseFile).toEqual(before.caseFile);
    expect(after.month).toBe('2004-01');
    expect(after.services).toEqual([
      {
        service: 'police',
        month: '2004-01',
        provider: { department: 'DPO', office: 'Police Division' },
      },
    ]);
    actor.stop();
  });

  it('should record a service request in any phase without touching presences, lead or notices', () => {
    const run = runCountry(liberia, [
      history[2] as CountryEvent,
      { type: 'REQUEST_SERVICE', month: '2004-01', service: 'mediation-support' },
    ]);
    const [deploy, request] = run.steps;
    expect(request?.after.value).toEqual(deploy?.after.value);
    expect(request?.after.context.notices).toEqual(deploy?.after.context.notices);
    expect(request?.after.context.presences).toEqual(deploy?.after.context.presences);
    expect(request?.after.context.month).toBe('2004-01');
    expect(request?.after.context.services).toEqual([
      {
        service: 'mediation-support',
        month: '2004-01',
        provider: { department: 'DPPA', office: 'Mediation Support Unit' },
      },
    ]);
  });

  it('should describe each event on its own, the way the case file words it', () => {
    expect(describeEvent({ type: 'RELAPSE', month: '2010-01', reason: '' })).toBe(
      'transition reversed',
    );
    expect(
      describeEvent({ type: 'RENEW_MANDATE', month: '2010-01', presence: 'X', mandate: '' }),
    ).toBe('mandate of X renewed');
    expect(
      describeEvent({ type: 'FORCED_EXIT', month: '2010-01', cause: 'host-consent-withdrawn' }),
    ).toBe('forced exit (host-consent-withdrawn)');
  });
});
