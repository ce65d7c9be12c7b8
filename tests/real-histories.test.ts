/**
 * Real histories (data/transitions.json) driven through the machine as events. The
 * expected leads are written out by hand from DOMAIN.md's monthly rule — DPO in a month where a
 * presence of a DPO kind is active (note-2017: pko, spm-field; adopted-2019: pko), else DPPA —
 * not computed by the code under test.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../src/scenario/types.ts';
import { replayScenario, type MonthState } from '../src/simulate/replay.ts';
import type { CounterfactualDoctrine, LeadDepartment } from '../src/domain/index.ts';

type Run = [from: string, to: string, lead: LeadDepartment];

function toRuns(months: readonly MonthState[]): Run[] {
  const runs: Run[] = [];
  for (const m of months) {
    const last = runs[runs.length - 1];
    if (last && last[2] === m.lead) last[1] = m.month;
    else runs.push([m.month, m.month, m.lead]);
  }
  return runs;
}

interface History {
  scenario: Scenario;
  leads: Record<CounterfactualDoctrine, Run[]>;
  phases?: Record<string, string>;
}

const HISTORIES: History[] = [
  {
    scenario: {
      country: 'Sierra Leone',
      region: 'africa',
      start: '1998-07',
      end: '2016-06',
      presences: [
        {
          name: 'UNOMSIL',
          kind: 'pko',
          from: '1998-07',
          to: '1999-10',
          mandate: 'S/RES/1181 (1998)',
        },
        {
          name: 'UNAMSIL',
          kind: 'pko',
          from: '1999-10',
          to: '2005-12',
          mandate: 'S/RES/1270 (1999)',
        },
        { name: 'UNIOSIL', kind: 'spm-field', from: '2006-01', to: '2008-09' },
        { name: 'UNIPSIL', kind: 'spm-field', from: '2008-10', to: '2014-03' },
        { name: 'UNOWA', kind: 'spm-regional-office', from: '2002-01', to: '2016-01' },
        { name: 'UNOWAS', kind: 'spm-regional-office', from: '2016-01' },
      ],
    },
    leads: {
      'note-2017': [
        ['1998-07', '2014-03', 'DPO'],
        ['2014-04', '2016-06', 'DPPA'],
      ],
      'adopted-2019': [
        ['1998-07', '2005-12', 'DPO'],
        ['2006-01', '2016-06', 'DPPA'],
      ],
    },
    phases: {
      '1998-07': 'peacekeeping',
      '2005-06': 'transition',
      '2006-01': 'specialPoliticalMission',
      '2008-10': 'specialPoliticalMission',
      '2014-04': 'nonMission',
    },
  },
  {
    scenario: {
      country: 'Liberia',
      region: 'africa',
      start: '1993-09',
      end: '2019-12',
      presences: [
        {
          name: 'UNOMIL',
          kind: 'pko',
          from: '1993-09',
          to: '1997-09',
          mandate: 'S/RES/866 (1993)',
        },
        { name: 'UNOL', kind: 'spm-field', from: '1997-11', to: '2003-09' },
        {
          name: 'UNMIL',
          kind: 'pko',
          from: '2003-10',
          to: '2018-03',
          mandate: 'S/RES/1509 (2003)',
        },
      ],
    },
    leads: {
      'note-2017': [
        ['1993-09', '1997-09', 'DPO'],
        ['1997-10', '1997-10', 'DPPA'],
        ['1997-11', '2018-03', 'DPO'],
        ['2018-04', '2019-12', 'DPPA'],
      ],
      'adopted-2019': [
        ['1993-09', '1997-09', 'DPO'],
        ['1997-10', '2003-09', 'DPPA'],
        ['2003-10', '2018-03', 'DPO'],
        ['2018-04', '2019-12', 'DPPA'],
      ],
    },
    phases: {
      '1997-11': 'specialPoliticalMission',
      '2003-10': 'peacekeeping',
      '2018-04': 'nonMission',
    },
  },
  {
    scenario: {
      country: 'Burundi',
      region: 'africa',
      start: '2004-06',
      end: '2017-12',
      presences: [
        { name: 'ONUB', kind: 'pko', from: '2004-06', to: '2006-12' },
        { name: 'BINUB', kind: 'spm-field', from: '2007-01', to: '2010-12' },
        { name: 'BNUB', kind: 'spm-field', from: '2011-01', to: '2014-12' },
        { name: 'MENUB', kind: 'spm-field', from: '2015-01', to: '2015-12' },
      ],
    },
    leads: {
      'note-2017': [
        ['2004-06', '2015-12', 'DPO'],
        ['2016-01', '2017-12', 'DPPA'],
      ],
      'adopted-2019': [
        ['2004-06', '2006-12', 'DPO'],
        ['2007-01', '2017-12', 'DPPA'],
      ],
    },
    phases: {
      '2007-01': 'specialPoliticalMission',
      '2015-06': 'specialPoliticalMission',
      '2015-10': 'transition',
      '2016-01': 'nonMission',
    },
  },
  {
    // UNIFIL's final extension runs to December 2026 (S/RES/2790 (2025), per the dataset).
    scenario: {
      country: 'Lebanon',
      region: 'middle-east-asia-pacific',
      start: '1978-03',
      end: '2027-12',
      presences: [
        { name: 'UNIFIL', kind: 'pko', from: '1978-03', to: '2026-12' },
        { name: 'UNSCOL', kind: 'spm-field', from: '2007-02' },
      ],
    },
    leads: {
      'note-2017': [['1978-03', '2027-12', 'DPO']],
      'adopted-2019': [
        ['1978-03', '2026-12', 'DPO'],
        ['2027-01', '2027-12', 'DPPA'],
      ],
    },
    phases: {
      '2007-02': 'peacekeeping',
      '2026-06': 'transition',
      '2027-01': 'specialPoliticalMission',
    },
  },
];

describe('real histories', () => {
  for (const history of HISTORIES) {
    for (const doctrine of ['note-2017', 'adopted-2019'] as const) {
      it(`should give ${history.scenario.country} the leads the ${doctrine} rule predicts`, () => {
        const timeline = replayScenario(history.scenario, { doctrine });
        expect(timeline.refused).toEqual([]);
        expect(toRuns(timeline.months)).toEqual(history.leads[doctrine]);
        const expectedHandovers = history.leads[doctrine].slice(1).map(([from, , lead], i) => ({
          at: from,
          from: history.leads[doctrine][i]?.[2],
          to: lead,
        }));
        expect(timeline.handovers).toEqual(expectedHandovers);
        for (const [month, phase] of Object.entries(history.phases ?? {})) {
          expect(timeline.months.find((m) => m.month === month)?.phase, month).toBe(phase);
        }
        expect(timeline.invariants.filter((i) => !i.holds)).toEqual([]);
        expect(new Set(timeline.months.map((m) => m.informed === m.lead))).toEqual(
          new Set([false]),
        );
      });
    }
  }
});
