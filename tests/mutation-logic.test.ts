/**
 * The step functions of machines/country-logic.ts on their own, as tests and planted-bug variants
 * compose them: each answers for any event, and each repairs what it is responsible for even when
 * it is handed a context another (buggy) step left inconsistent.
 */
import { describe, expect, it } from 'vitest';
import {
  createCountryContext,
  getDeployKind,
  isNewPresence,
  reviveCountryContext,
  withInformedNotified,
  withLeadDerived,
  withPresenceAdded,
  type PlainCountryContext,
} from '../machines/country-logic.ts';
import { NameList } from '../src/domain/index.ts';
import type { CountryContext, CountryEvent } from '../machines/country-types.ts';

const M = '2010-01';

/** A context with `patch` (lists as plain arrays, as in JSON). */
function context(patch: Partial<PlainCountryContext> = {}): CountryContext {
  return reviveCountryContext({
    ...createCountryContext({ country: 'Testland', region: 'africa', month: M }),
    ...patch,
  });
}

describe('guard helpers on any event', () => {
  const withdraw: CountryEvent = { type: 'WITHDRAW', month: M, presence: 'A' };
  const handover: CountryEvent = { type: 'COMPLETE_HANDOVER', month: M };

  it('should call only a deployment a new presence, and give a kind only to a deployment', () => {
    const c = context();
    expect(isNewPresence(c, withdraw)).toBe(false);
    expect(isNewPresence(c, handover)).toBe(false);
    expect(getDeployKind(handover)).toBeUndefined();
    expect(getDeployKind(withdraw)).toBeUndefined();
    expect(
      getDeployKind({ type: 'DEPLOY', month: M, presence: { name: 'A', kind: 'spm-envoy' } }),
    ).toBe('spm-envoy');
  });

  it('should add a presence only for a deployment', () => {
    const c = context();
    expect(withPresenceAdded(c, withdraw)).toBe(c);
    expect(withPresenceAdded(c, handover)).toBe(c);
  });
});

describe('deriving the lead from a context left inconsistent', () => {
  it('should follow the doctrine and record the handover even if the informed department was wrong', () => {
    const c = context({
      presences: [{ name: 'M', kind: 'pko', since: M }],
      lead: 'DPPA',
      informed: 'DPPA',
    });
    const derived = withLeadDerived(c);
    expect(derived.lead).toBe('DPO');
    expect(derived.informed).toBe('DPPA');
    expect(derived.handovers).toEqual([{ from: 'DPPA', to: 'DPO', month: M }]);
  });
});

describe('notifying the informed department', () => {
  it('should tell of a change of lead even when phase and presences are what it was told', () => {
    const c = context({ lead: 'DPO', informed: 'DPPA' });
    const notified = withInformedNotified(c, 'nonMission');
    expect(notified.notices).toEqual([
      { to: 'DPPA', month: M, subject: 'lead', text: 'lead DPPA -> DPO' },
    ]);
    expect(notified.informedOf).toEqual({
      phase: 'nonMission',
      presences: NameList.EMPTY,
      lead: 'DPO',
    });
  });

  it('should tell of one presence replaced by another in a single step', () => {
    const c = context({
      presences: [{ name: 'B', kind: 'spm-regional-office', since: M }],
      informedOf: { phase: 'nonMission', presences: ['A'], lead: 'DPPA' },
    });
    expect(withInformedNotified(c, 'nonMission').notices).toEqual([
      { to: 'DPO', month: M, subject: 'presence', text: 'presences +B -A (1 active)' },
    ]);
  });

  it('should tell of presences reordered, since the list it was told is ordered', () => {
    const c = context({
      presences: [
        { name: 'B', kind: 'spm-regional-office', since: M },
        { name: 'A', kind: 'spm-regional-office', since: M },
      ],
      informedOf: { phase: 'nonMission', presences: ['A', 'B'], lead: 'DPPA' },
    });
    expect(withInformedNotified(c, 'nonMission').notices.map((n) => n.text)).toEqual([
      'presences reordered (2 active)',
    ]);
  });
});
