/**
 * The library keeps its promises against hostile or careless callers (issue 14, "library"): every
 * event is checked every time it is sent, read once into a plain copy (getters and Proxies cannot
 * change it between checks or throw out of the library), `sendEvent` never throws and reports a
 * failing actor as not accepted, and a persisted snapshot is checked before it is restored.
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { countryMachine } from '../machines/country.ts';
import { getPayloadError } from '../machines/country-logic.ts';
import {
  checkPersistedCountry,
  explainEvent,
  restoreCountry,
  sendEvent,
} from '../src/country/index.ts';
import { createCountryStepper, stepCountry } from '../src/kernel/index.ts';

const input = { country: 'Testland', region: 'africa', month: '2010-01' } as const;

function started() {
  return createActor(countryMachine, { input }).start();
}

function throwingProxy(): unknown {
  return new Proxy(
    {},
    {
      get() {
        throw new Error('trap');
      },
      getPrototypeOf() {
        throw new Error('trap');
      },
    },
  );
}

describe('events are checked every time they are sent', () => {
  it('should refuse an event object changed after it was first accepted', () => {
    const actor = started();
    const event = {
      type: 'DEPLOY',
      month: '2010-02',
      presence: { name: 'UNX', kind: 'spm-regional-office' },
    };
    expect(sendEvent(actor, event)).toEqual({ accepted: true });
    expect(getPayloadError(event)).toBeNull();
    // The same object, changed: no answer remembered for it.
    (event.presence as { kind: unknown }).kind = 'bogus';
    event.presence.name = 'UNY';
    expect(getPayloadError(event)).toMatch(/^DEPLOY.presence.kind must be one of/);
    expect(sendEvent(actor, event)).toEqual({
      accepted: false,
      reason: expect.stringMatching(/^DEPLOY.presence.kind must be one of pko/) as string,
    });
    expect(actor.getSnapshot().status).toBe('active');
    expect(actor.getSnapshot().context.presences.map((p) => p.name)).toEqual(['UNX']);
  });

  it('should read an event once, so a getter answering differently later changes nothing', () => {
    const actor = started();
    let reads = 0;
    const event = {
      type: 'ENGAGE_PREVENTION',
      get month() {
        reads++;
        return reads === 1 ? '2010-03' : 'not a month';
      },
    };
    expect(sendEvent(actor, event)).toEqual({ accepted: true });
    expect(reads).toBe(1);
    expect(actor.getSnapshot().context.month).toBe('2010-03');
    expect(actor.getSnapshot().value).toEqual({ nonMission: 'preventiveDiplomacy' });
  });

  it('should not throw on getters that throw, Proxies or revoked Proxies', () => {
    const actor = started();
    const getter = {
      type: 'DEPLOY',
      get month(): string {
        throw new Error('no month today');
      },
    };
    const revocable = Proxy.revocable({ type: 'STAND_DOWN', month: '2010-02' }, {});
    revocable.revoke();
    for (const event of [getter, throwingProxy(), revocable.proxy]) {
      const verdict = sendEvent(actor, event);
      expect(verdict.accepted).toBe(false);
      expect(!verdict.accepted && verdict.reason).toMatch(/^the event could not be read: /);
      const explained = explainEvent(actor.getSnapshot(), event);
      expect(explained).toEqual(verdict);
      const stepped = stepCountry(actor.getSnapshot(), event);
      expect(stepped.accepted).toBe(false);
      expect(stepped.snapshot).toBe(actor.getSnapshot());
    }
    expect(sendEvent(actor, getter)).toEqual({
      accepted: false,
      reason: 'the event could not be read: no month today',
    });
    expect(actor.getSnapshot().status).toBe('active');
  });
});

describe('sendEvent never throws and reports a failing actor', () => {
  const failing = countryMachine.provide({
    guards: {
      isAdmissible: () => {
        throw new Error('guard exploded');
      },
    },
  });

  it('should report accepted: false when the actor goes to its error state', () => {
    const actor = createActor(failing, { input }).start();
    const verdict = sendEvent(actor, { type: 'ENGAGE_PREVENTION', month: '2010-02' });
    expect(verdict.accepted).toBe(false);
    expect(!verdict.accepted && verdict.reason).toMatch(
      /^the machine failed on ENGAGE_PREVENTION: .*guard exploded/s,
    );
    expect(actor.getSnapshot().status).toBe('error');
    expect(sendEvent(actor, { type: 'STAND_DOWN', month: '2010-02' })).toEqual({
      accepted: false,
      reason: 'the actor is error; it takes no events',
    });
  });

  it('should let the kernel carry on from the state before a failing step', () => {
    for (const engine of ['actor', 'compiled'] as const) {
      const stepper = createCountryStepper(input, { machine: failing, engine });
      const before = stepper.state;
      const result = stepper.step({ type: 'ENGAGE_PREVENTION', month: '2010-02' });
      expect(result.accepted, engine).toBe(false);
      expect(result.reason, engine).toMatch(
        /^the machine failed on ENGAGE_PREVENTION: .*guard exploded/s,
      );
      expect(stepper.state, engine).toBe(before);
      // Another event through the same guard: still reported, still no throw.
      expect(stepper.step({ type: 'RELAPSE', month: '2010-02' }).accepted).toBe(false);
      stepper.stop();
    }
  });
});

describe('restoring a snapshot checks it first', () => {
  function persisted(): Record<string, unknown> {
    const actor = started();
    sendEvent(actor, {
      type: 'DEPLOY',
      month: '2010-02',
      presence: { name: 'UNAMX', kind: 'spm-field' },
    });
    return JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as Record<string, unknown>;
  }
  const withContext = (change: (context: Record<string, unknown>) => void) => {
    const p = persisted();
    change(p.context as Record<string, unknown>);
    return p;
  };

  it('should restore a good snapshot into a working actor', () => {
    const restored = restoreCountry(persisted());
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    expect(restored.actor.getSnapshot().value).toEqual({ specialPoliticalMission: 'startUp' });
    expect(
      sendEvent(restored.actor, { type: 'RENEW_MANDATE', month: '2010-06', presence: 'UNAMX' }),
    ).toEqual({ accepted: true });
  });

  const bad: [string, () => unknown, RegExp][] = [
    [
      "value 'bogus'",
      () => ({ ...persisted(), value: 'bogus' }),
      /^value "bogus" is not a state of the country machine$/,
    ],
    ['missing caseFile', () => withContext((c) => delete c.caseFile), /^context\.caseFile: /],
    [
      'non-array presences',
      () => withContext((c) => (c.presences = 'UNAMX')),
      /^context\.presences: /,
    ],
    ["lead 'DPKO'", () => withContext((c) => (c.lead = 'DPKO')), /^context\.lead: /],
    [
      'changed team',
      () => withContext((c) => (c.team = { ...(c.team as object), id: 'africa/somewhere-else' })),
      /^context\.team: africa\/somewhere-else is not the regional ASG team of Testland \(africa\/testland\)/,
    ],
    [
      'unknown kind',
      () =>
        withContext(
          (c) => (c.presences = [{ name: 'UNAMX', kind: 'spm-imaginary', since: '2010-02' }]),
        ),
      /^context\.presences\.0\.kind: /,
    ],
    [
      'lead against the doctrine',
      () => withContext((c) => ((c.lead = 'DPPA'), (c.informed = 'DPO'))),
      /^invariant lead-by-doctrine: lead is DPPA but note-2017 gives DPO/,
    ],
    ['not an object', () => 'snapshot', /^a persisted snapshot must be an object$/],
    [
      'a stopped actor',
      () => ({ ...persisted(), status: 'error' }),
      /^snapshot status is "error", not "active"$/,
    ],
    ['a Proxy', throwingProxy, /^the snapshot could not be read: trap$/],
  ];
  for (const [name, make, reason] of bad) {
    it(`should refuse ${name} with a reason`, () => {
      const snapshot = make();
      expect(checkPersistedCountry(snapshot)).toMatch(reason);
      const restored = restoreCountry(snapshot);
      expect(restored.ok).toBe(false);
      expect(!restored.ok && restored.reason).toMatch(reason);
    });
  }
});
