import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { pillarMachine } from '../machines/pillar.ts';
import type { PillarEvent } from '../machines/pillar-types.ts';
import { runPillar, toPillarState } from '../src/pillar/index.ts';

const SL = { country: 'Sierra Leone', region: 'africa' as const, month: '1998-01' };
const deploy = (month: string, name: string, kind: 'pko' | 'spm-field' = 'pko'): PillarEvent => ({
  type: 'PROPOSE',
  country: SL.country,
  event: { type: 'DEPLOY', month, presence: { name, kind } },
});

describe('pillar machine: registration', () => {
  it('should spawn one country actor per registered country, in its region\u2019s portfolio', () => {
    const run = runPillar({ countries: [SL] }, [
      {
        type: 'REGISTER',
        country: 'Nepal',
        region: 'middle-east-asia-pacific',
        division: 'asia-pacific',
      },
    ]);
    expect(Object.keys(run.final.actors).sort()).toEqual(['country:nepal', 'country:sierra-leone']);
    expect(run.final.context.portfolios.map((p) => p.countries)).toEqual([
      ['Sierra Leone'],
      ['Nepal'],
      [],
    ]);
    expect(run.final.context.countries[1]).toMatchObject({
      division: 'asia-pacific',
      team: { id: 'middle-east-asia-pacific/nepal' },
    });
    expect(run.violations).toEqual([]);
  });

  it('should refuse duplicates, unknown regions and divisions without changing the snapshot', () => {
    const actor = createActor(pillarMachine, { input: { countries: [SL] } }).start();
    const before = actor.getSnapshot();
    const bad: unknown[] = [
      { type: 'REGISTER', country: 'Sierra Leone', region: 'africa' },
      { type: 'REGISTER', country: 'sierra leone', region: 'europe-central-asia-americas' },
      { type: 'REGISTER', country: 'Atlantis', region: 'oceania' },
      { type: 'REGISTER', country: 'Chad', region: 'africa', division: 'americas' },
      { type: 'REGISTER', country: '', region: 'africa' },
    ];
    for (const event of bad) actor.send(event as PillarEvent);
    expect(actor.getSnapshot()).toBe(before);
  });
});

describe('pillar machine: the Standing Principals\u2019 Group', () => {
  it('should forward an endorsed proposal to the country and record the decision first', () => {
    const run = runPillar({ countries: [SL] }, [deploy('1998-07', 'UNOMSIL')]);
    const { context, actors } = run.final;
    expect(context.decisions).toMatchObject([
      { proposal: 1, decision: 'endorsed', eventType: 'DEPLOY' },
    ]);
    expect(context.forwarded).toMatchObject([
      { proposal: 1, status: 'taken', leadBefore: 'DPPA', leadAfter: 'DPO' },
    ]);
    expect(actors['country:sierra-leone']?.lead).toBe('DPO');
    expect(actors['country:sierra-leone']?.handovers).toEqual([
      { from: 'DPPA', to: 'DPO', month: '1998-07' },
    ]);
    expect(context.decisions[0]!.tick).toBeLessThan(context.forwarded[0]!.tick);
  });

  it('should never change the lead when the SPG sends a proposal back (policy swapped with provide)', () => {
    const machine = pillarMachine.provide({ guards: { endorse: () => false } });
    const run = runPillar({ countries: [SL] }, [deploy('1998-07', 'UNOMSIL')], { machine });
    expect(run.final.context.decisions).toMatchObject([{ decision: 'sent-back' }]);
    expect(run.final.context.forwarded).toEqual([]);
    expect(run.final.actors['country:sierra-leone']?.lead).toBe('DPPA');
    expect(run.final.context.messages).toEqual([]);
    expect(run.violations).toEqual([]);
  });

  it('should wait for ENDORSE or SEND_BACK when the SPG does not decide by policy', () => {
    const run = runPillar({ countries: [SL], autoDecide: false }, [
      deploy('1998-07', 'UNOMSIL'),
      deploy('1998-08', 'OTHER'),
      { type: 'SEND_BACK', proposal: 2, reason: 'not now' },
      { type: 'SEND_BACK', proposal: 2, reason: 'twice' },
      { type: 'ENDORSE', proposal: 1 },
    ]);
    expect(run.steps.map((s) => s.accepted)).toEqual([true, true, true, false, true]);
    expect(run.steps[0]!.after.actors['country:sierra-leone']?.lead).toBe('DPPA');
    expect(run.steps[0]!.after.value).toEqual({
      regionalAsgs: {},
      standingPrincipalsGroup: 'deliberating',
    });
    expect(run.final.value).toEqual({ regionalAsgs: {}, standingPrincipalsGroup: 'convened' });
    expect(run.final.context.decisions.map((d) => [d.proposal, d.decision])).toEqual([
      [2, 'sent-back'],
      [1, 'endorsed'],
    ]);
    expect(run.final.actors['country:sierra-leone']?.lead).toBe('DPO');
  });

  it('should send back by default a proposal dated before what the pillar knows', () => {
    const run = runPillar({ countries: [SL] }, [
      deploy('1999-01', 'UNOMSIL'),
      deploy('1998-07', 'LATE'),
    ]);
    expect(run.final.context.decisions[1]).toMatchObject({
      decision: 'sent-back',
      reason: expect.stringContaining('before') as unknown,
    });
  });

  it('should refuse strategic events sent around the SPG, and routine ones sent to it', () => {
    const actor = createActor(pillarMachine, { input: { countries: [SL] } }).start();
    const before = actor.getSnapshot();
    actor.send({
      type: 'COUNTRY',
      country: SL.country,
      event: { type: 'DEPLOY', month: '1998-07', presence: { name: 'X', kind: 'pko' } },
    });
    actor.send({
      type: 'PROPOSE',
      country: SL.country,
      event: { type: 'ENGAGE_PREVENTION', month: '1998-07' },
    });
    actor.send({
      type: 'PROPOSE',
      country: 'Atlantis',
      event: { type: 'DEPLOY', month: '1998-07', presence: { name: 'X', kind: 'pko' } },
    });
    actor.send({
      type: 'PROPOSE',
      country: SL.country,
      event: { type: 'DEPLOY', month: 'soon' },
    } as never);
    actor.send({ type: 'COUNTRY.SETTLE', country: SL.country });
    expect(actor.getSnapshot()).toBe(before);
  });
});

describe('pillar machine: dual reporting', () => {
  it('should report every country event to the lead USG with a copy to the other', () => {
    const run = runPillar({ countries: [SL] }, [
      {
        type: 'COUNTRY',
        country: SL.country,
        event: { type: 'ENGAGE_PREVENTION', month: '1998-02' },
      },
      deploy('1998-07', 'UNOMSIL'),
      { type: 'REPORT', country: SL.country, month: '1998-08', text: 'security situation' },
    ]);
    const { messages, inboxes } = run.final.context;
    expect(messages.map((m) => [m.from, m.to, m.cc, m.subject])).toEqual([
      ['ASG for Africa', 'USG/DPPA', 'USG/DPO', 'ENGAGE_PREVENTION'],
      ['ASG for Africa', 'USG/DPO', 'USG/DPPA', 'DEPLOY'],
      ['ASG for Africa', 'USG/DPO', 'USG/DPPA', 'report'],
    ]);
    expect(inboxes['USG/DPO']).toHaveLength(3);
    expect(inboxes['USG/DPPA']).toHaveLength(3);
    expect(JSON.parse(JSON.stringify(messages))).toEqual(messages);
  });

  it('should record a forward the country refuses, without a report', () => {
    const run = runPillar({ countries: [SL] }, [
      {
        type: 'COUNTRY',
        country: SL.country,
        event: { type: 'RENEW_MANDATE', month: '1998-02', presence: 'NONE' },
      },
    ]);
    expect(run.final.context.forwarded).toMatchObject([{ status: 'refused', report: null }]);
    expect(run.final.context.messages).toEqual([]);
  });
});

describe('pillar machine: persistence', () => {
  it('should restore from its persisted snapshot with the country actors', () => {
    const actor = createActor(pillarMachine, { input: { countries: [SL] } }).start();
    actor.send(deploy('1998-07', 'UNOMSIL'));
    const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as unknown;
    const restored = createActor(pillarMachine, {
      snapshot: persisted as never,
      input: {},
    }).start();
    expect(toPillarState(restored.getSnapshot())).toEqual(toPillarState(actor.getSnapshot()));
    restored.send({
      type: 'COUNTRY',
      country: SL.country,
      event: { type: 'RENEW_MANDATE', month: '1999-01', presence: 'UNOMSIL' },
    });
    expect(restored.getSnapshot().context.messages).toHaveLength(2);
  });
});
