import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DOCTRINE_TABLE,
  PRESENCE_KINDS,
  SERVICES,
  addMonths,
  countMonths,
  createRegionalTeam,
  fromMonthIndex,
  getLeadDepartment,
  getOtherDepartment,
  getPhaseForPresences,
  getServiceProvider,
  isMonth,
  toMonthIndex,
  toSlug,
} from '../src/domain/index.ts';
import { getSeed } from './support/fc-seed.ts';

const seed = getSeed('tests/domain.test.ts');

describe('doctrines', () => {
  it('should differ only on field-based special political missions', () => {
    const differing = PRESENCE_KINDS.filter(
      (k) =>
        DOCTRINE_TABLE['note-2017'].supportedBy[k] !==
        DOCTRINE_TABLE['adopted-2019'].supportedBy[k],
    );
    expect(differing).toEqual(['spm-field']);
    expect(DOCTRINE_TABLE['note-2017'].supportedBy['spm-field']).toBe('DPO');
    expect(DOCTRINE_TABLE['adopted-2019'].supportedBy['spm-field']).toBe('DPPA');
  });

  it('should give DPO the lead where a pko is active under both doctrines, and DPPA with no presence', () => {
    for (const doctrine of ['note-2017', 'adopted-2019'] as const) {
      expect(getLeadDepartment(doctrine, [{ kind: 'pko' }, { kind: 'spm-envoy' }])).toBe('DPO');
      expect(getLeadDepartment(doctrine, [])).toBe('DPPA');
      expect(
        getLeadDepartment(doctrine, [
          { kind: 'spm-regional-office' },
          { kind: 'spm-political-process' },
        ]),
      ).toBe('DPPA');
    }
    expect(getLeadDepartment('note-2017', [{ kind: 'spm-field' }])).toBe('DPO');
    expect(getLeadDepartment('adopted-2019', [{ kind: 'spm-field' }])).toBe('DPPA');
  });

  it('should make the other department the informed one', () => {
    expect(getOtherDepartment('DPPA')).toBe('DPO');
    expect(getOtherDepartment('DPO')).toBe('DPPA');
  });
});

describe('phases and teams', () => {
  it('should call for peacekeeping with a pko, a special political mission with another mission, else non-mission', () => {
    expect(getPhaseForPresences([{ kind: 'spm-envoy' }, { kind: 'pko' }])).toBe('peacekeeping');
    expect(getPhaseForPresences([{ kind: 'spm-envoy' }])).toBe('specialPoliticalMission');
    expect(getPhaseForPresences([{ kind: 'spm-regional-office' }])).toBe('nonMission');
  });

  it('should derive the same regional team from the same region and country', () => {
    expect(createRegionalTeam('africa', "Côte d'Ivoire")).toEqual({
      id: 'africa/cote-divoire',
      region: 'africa',
      asg: 'ASG for Africa',
    });
    expect(toSlug('Eritrea / Ethiopia (border)')).toBe('eritrea-ethiopia-border');
  });
});

describe('services', () => {
  it('should give every service one provider: DPPA for electoral, mediation and peacebuilding, DPO for the rest', () => {
    const dppa = SERVICES.filter((s) => getServiceProvider(s).department === 'DPPA');
    expect(dppa).toEqual([
      'electoral-assistance',
      'mediation-support',
      'peacebuilding-support',
      'peacebuilding-fund',
    ]);
    expect(getServiceProvider('ddr').office).toContain('OROLSI');
  });
});

describe('months', () => {
  it('should round-trip month indices and count months inclusively', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000 * 12 + 500, max: 9999 * 12 + 11 - 501 }),
        fc.integer({ min: -500, max: 500 }),
        (i, d) => {
          const m = fromMonthIndex(i);
          expect(isMonth(m)).toBe(true);
          expect(toMonthIndex(m)).toBe(i);
          expect(toMonthIndex(addMonths(m, d))).toBe(i + d);
          // String order is month order.
          expect(m < addMonths(m, 1)).toBe(true);
        },
      ),
      { seed },
    );
    expect(countMonths('1998-07', '1999-10')).toBe(16);
    expect(isMonth('1999-13')).toBe(false);
    expect(() => toMonthIndex('1999-1')).toThrow(RangeError);
  });
});
