/**
 * Payload validation of country events: the exact message a user sees for each malformed field
 * (events come from scenario files, the inspector and fuzzers), and the month rule every guard shares.
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { countryMachine } from '../machines/country.ts';
import { getPayloadError, isAdmissible, isTimely } from '../machines/country-logic.ts';
import {
  COUNTRY_EVENT_TYPES,
  EXIT_CAUSES,
  PHASES,
  type CountryEvent,
} from '../machines/country-types.ts';
import { sendEvent } from '../src/country/index.ts';
import { createCountryContext } from '../machines/country-logic.ts';

const M = '2010-01';
const ALL_TYPES =
  'DEPLOY, RENEW_MANDATE, FINAL_MANDATE, BEGIN_TRANSITION, DRAWDOWN, WITHDRAW, COMPLETE_HANDOVER, RELAPSE, FORCED_EXIT, ENGAGE_PREVENTION, STAND_DOWN, REQUEST_SERVICE, RESTRUCTURE, ADOPT_PLAN, HAND_OVER_TASK';
const ALL_SERVICES =
  'electoral-assistance, mediation-support, peacebuilding-support, peacebuilding-fund, rule-of-law, justice-and-corrections, security-sector-reform, ddr, mine-action, police, military';

describe('event payload messages', () => {
  const cases: [unknown, string | null][] = [
    [null, 'an event must be an object with a `type`'],
    ['DEPLOY', 'an event must be an object with a `type`'],
    [[{ type: 'DEPLOY' }], 'an event must be an object with a `type`'],
    [{}, `unknown event type undefined; expected one of ${ALL_TYPES}`],
    [{ type: 42 }, `unknown event type 42; expected one of ${ALL_TYPES}`],
    [{ type: 'TELEPORT', month: M }, `unknown event type "TELEPORT"; expected one of ${ALL_TYPES}`],
    [{ type: 'DEPLOY' }, 'DEPLOY.month must be a month YYYY-MM'],
    [{ type: 'STAND_DOWN', month: '2010-13' }, 'STAND_DOWN.month must be a month YYYY-MM'],
    [{ type: 'DEPLOY', month: M }, 'DEPLOY.presence must be an object { name, kind, mandate? }'],
    [
      { type: 'DEPLOY', month: M, presence: ['A', 'pko'] },
      'DEPLOY.presence must be an object { name, kind, mandate? }',
    ],
    [
      { type: 'DEPLOY', month: M, presence: { name: '  ', kind: 'pko' } },
      'DEPLOY.presence.name must be a non-empty name',
    ],
    [
      { type: 'DEPLOY', month: M, presence: { name: 7, kind: 'pko' } },
      'DEPLOY.presence.name must be a non-empty name',
    ],
    [
      { type: 'DEPLOY', month: M, presence: { name: 'x'.repeat(201), kind: 'pko' } },
      'DEPLOY.presence.name must be a non-empty name',
    ],
    [{ type: 'DEPLOY', month: M, presence: { name: 'x'.repeat(200), kind: 'pko' } }, null],
    [
      { type: 'DEPLOY', month: M, presence: { name: 'A', kind: 'army' } },
      'DEPLOY.presence.kind must be one of pko, spm-field, spm-regional-office, spm-envoy, spm-political-process',
    ],
    [
      { type: 'DEPLOY', month: M, presence: { name: 'A', kind: 'pko', mandate: 1270 } },
      'DEPLOY.presence.mandate must be text',
    ],
    [
      { type: 'DEPLOY', month: M, presence: { name: 'A', kind: 'pko', mandate: 'S/RES/1270' } },
      null,
    ],
    [{ type: 'DEPLOY', month: M, presence: { name: 'A', kind: 'pko' } }, null],
    [
      { type: 'WITHDRAW', month: M, presence: 42 },
      'WITHDRAW.presence must name an active presence',
    ],
    [
      { type: 'DRAWDOWN', month: M, presence: '' },
      'DRAWDOWN.presence must name an active presence',
    ],
    [
      { type: 'BEGIN_TRANSITION', month: M },
      'BEGIN_TRANSITION.presence must name an active presence',
    ],
    [
      { type: 'FINAL_MANDATE', month: M, presence: ' ' },
      'FINAL_MANDATE.presence must name an active presence',
    ],
    [
      { type: 'RENEW_MANDATE', month: M, presence: 'A', mandate: 3 },
      'RENEW_MANDATE.mandate must be text',
    ],
    [{ type: 'RENEW_MANDATE', month: M, presence: 'A', mandate: 'S/RES/1' }, null],
    [{ type: 'RENEW_MANDATE', month: M, presence: 'A' }, null],
    // Only a renewal carries a mandate; a stray field on other events is ignored, not refused.
    [{ type: 'FINAL_MANDATE', month: M, presence: 'A', mandate: 3 }, null],
    [
      { type: 'FORCED_EXIT', month: M, cause: 'boredom' },
      'FORCED_EXIT.cause must be one of host-consent-withdrawn, council-veto, council-terminated, collapse',
    ],
    [
      { type: 'FORCED_EXIT', month: M },
      'FORCED_EXIT.cause must be one of host-consent-withdrawn, council-veto, council-terminated, collapse',
    ],
    [{ type: 'FORCED_EXIT', month: M, cause: 'collapse' }, null],
    [
      { type: 'REQUEST_SERVICE', month: M, service: 'catering' },
      `REQUEST_SERVICE.service must be one of ${ALL_SERVICES}`,
    ],
    [{ type: 'REQUEST_SERVICE', month: M, service: 'police' }, null],
    [{ type: 'RELAPSE', month: M, reason: 5 }, 'RELAPSE.reason must be text'],
    [{ type: 'RELAPSE', month: M, reason: 'fighting' }, null],
    [{ type: 'RELAPSE', month: M }, null],
    [{ type: 'COMPLETE_HANDOVER', month: M }, null],
    [{ type: 'ENGAGE_PREVENTION', month: M }, null],
  ];
  for (const [event, message] of cases) {
    it(`should answer ${JSON.stringify(message)} for ${JSON.stringify(event)?.slice(0, 80)}`, () => {
      expect(getPayloadError(event)).toBe(message);
      // Asking twice about the same object gives the same answer.
      expect(getPayloadError(event)).toBe(message);
    });
  }

  it('should refuse a malformed event through the actor with the same message', () => {
    const actor = createActor(countryMachine, {
      input: { country: 'Testland', region: 'africa' },
    }).start();
    expect(sendEvent(actor, { type: 'RELAPSE', month: M, reason: 5 })).toEqual({
      accepted: false,
      reason: 'RELAPSE.reason must be text',
    });
    // A malformed event that reaches the actor directly is refused by every guard.
    const before = actor.getSnapshot();
    actor.send({ type: 'ENGAGE_PREVENTION', month: '2010-1' });
    actor.send({ type: 'REQUEST_SERVICE', month: M, service: 'catering' } as never);
    actor.send({ type: 'DEPLOY', month: M, presence: { name: '', kind: 'spm-envoy' } } as never);
    expect(actor.getSnapshot()).toBe(before);
    actor.stop();
  });
});

describe('the month rule', () => {
  const context = createCountryContext({ country: 'Testland', region: 'africa', month: '2010-06' });
  const at = (month: string): CountryEvent => ({ type: 'ENGAGE_PREVENTION', month });

  it('should take an event in the country month or later, and refuse an earlier one', () => {
    expect(isTimely(context, at('2010-06'))).toBe(true);
    expect(isTimely(context, at('2010-07'))).toBe(true);
    expect(isTimely(context, at('2010-05'))).toBe(false);
    expect(isAdmissible(context, at('2010-06'))).toBe(true);
    expect(isAdmissible(context, at('2010-05'))).toBe(false);
  });

  it('should take any month before the first event when the case file opened without one', () => {
    const open = createCountryContext({ country: 'Testland', region: 'africa' });
    expect(open.month).toBeNull();
    expect(isTimely(open, at('1945-10'))).toBe(true);
  });

  it('should refuse a well-timed event whose payload is malformed', () => {
    expect(
      isAdmissible(context, { type: 'FORCED_EXIT', month: '2011-01', cause: 'x' } as never),
    ).toBe(false);
  });
});

describe('vocabularies', () => {
  it('should name the four phases of the note as the machine top-level states, in order', () => {
    expect([...PHASES]).toEqual([
      'nonMission',
      'specialPoliticalMission',
      'peacekeeping',
      'transition',
    ]);
    expect(Object.keys(countryMachine.root.states)).toEqual([...PHASES]);
  });

  it('should list the four forced-exit causes and the fifteen event types', () => {
    expect([...EXIT_CAUSES]).toEqual([
      'host-consent-withdrawn',
      'council-veto',
      'council-terminated',
      'collapse',
    ]);
    expect(COUNTRY_EVENT_TYPES.join(', ')).toBe(ALL_TYPES);
  });
});
