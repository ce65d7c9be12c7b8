/**
 * The inspector's Tasks panel (issue 12): after a scripted sequence the view carries each
 * presence's tasks, the adopted plan (a receiver per task, the WPS element), the tasks handed
 * over, the tasks waiting for a receiver and the tasks orphaned by a forced exit; the page's
 * draft picks the task, its receiver, the plan's receivers and the WPS flag; refused events keep
 * their reason. In a session, along a scenario fixture, and over a real socket on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { CountryEventType, CountryInput } from '../machines/country-types.ts';
import { DraftSchema } from '../src/inspect/protocol.ts';
import { startInspectorServer, type InspectorServer } from '../src/inspect/server.ts';
import { InspectorSession, type InspectorView } from '../src/inspect/session.ts';
import type { Draft } from '../src/inspect/protocol.ts';
import { parseScenarioText } from '../src/scenario/load.ts';

const TASKED: CountryInput = {
  country: 'Testland',
  region: 'africa',
  month: '2020-01',
  presences: [
    {
      name: 'UNTEST',
      kind: 'pko',
      tasks: ['protection-of-civilians', 'rule-of-law', 'human-rights'],
    },
  ],
};

/** Sends the event of `type` the draft describes, as the page's buttons do. */
function drive(
  session: InspectorSession,
  type: CountryEventType,
  draft: Draft = {},
): { accepted: boolean; reason?: string } {
  return session.send(session.eventFor(type, draft));
}

describe('the Tasks panel of a free session', () => {
  it('carries the plan, the handovers, the waiting tasks and their settlement', () => {
    const session = new InspectorSession();
    session.loadTrace(TASKED, []);
    let view = session.getView();
    expect(view.tasks.presences).toEqual([
      {
        name: 'UNTEST',
        kind: 'pko',
        outgoing: false,
        plan: null,
        tasks: [
          { task: 'protection-of-civilians', provider: null, planned: null },
          {
            task: 'rule-of-law',
            provider: 'DPO · ASG for Rule of Law and Security Institutions (OROLSI)',
            planned: null,
          },
          { task: 'human-rights', provider: null, planned: null },
        ],
      },
    ]);
    expect(view.tasks.countryTeam?.present).toBe(true);
    expect(view.tasks.toHandOver).toEqual([]);

    expect(drive(session, 'BEGIN_TRANSITION', { month: '2020-03' }).accepted).toBe(true);
    view = session.getView();
    expect(view.tasks.presences[0]?.outgoing).toBe(true);
    // the draft fills ADOPT_PLAN for the outgoing presence: every task to the country team
    const adopt = view.verdicts.find((v) => v.type === 'ADOPT_PLAN');
    expect(adopt?.event).toEqual({
      type: 'ADOPT_PLAN',
      month: '2020-03',
      presence: 'UNTEST',
      handover: {
        'protection-of-civilians': 'country-team',
        'rule-of-law': 'country-team',
        'human-rights': 'country-team',
      },
      gender: true,
    });

    // without its WPS element the plan is refused, with the reason, and nothing changes
    const refused = drive(session, 'ADOPT_PLAN', { gender: false });
    expect(refused.accepted).toBe(false);
    expect(refused.reason).toMatch(/women, peace and security/);
    view = session.getView({ gender: false });
    expect(view.tasks.plans).toEqual([]);
    expect(view.verdicts.find((v) => v.type === 'ADOPT_PLAN')?.reason).toMatch(
      /women, peace and security/,
    );
    expect(view.log[view.log.length - 1]).toMatchObject({ type: 'ADOPT_PLAN', accepted: false });

    // a drawdown before the plan is refused too
    expect(drive(session, 'DRAWDOWN', { month: '2020-04' }).reason).toMatch(/plan/);

    const plan = { 'protection-of-civilians': 'government', 'human-rights': 'UNHR' } as const;
    expect(
      drive(session, 'ADOPT_PLAN', { plan: { 'protection-of-civilians': 'government' } }).accepted,
    ).toBe(true);
    view = session.getView();
    expect(view.tasks.plans).toEqual([
      {
        at: '2020-03',
        presence: 'UNTEST',
        gender: true,
        receivers: [
          { task: 'protection-of-civilians', to: 'government' },
          { task: 'rule-of-law', to: 'country-team' },
          { task: 'human-rights', to: 'country-team' },
        ],
      },
    ]);
    expect(view.tasks.presences[0]?.plan?.gender).toBe(true);
    expect(view.tasks.presences[0]?.tasks.map((t) => t.planned)).toEqual([
      'government',
      'country-team',
      'country-team',
    ]);
    expect(view.tasks.counts.planned).toBe(3);
    // a second plan for the same presence is refused with its reason
    expect(drive(session, 'ADOPT_PLAN', { plan }).reason).toMatch(/already adopted/);

    expect(drive(session, 'DRAWDOWN', { month: '2020-05' }).accepted).toBe(true);
    // the draft's task and receiver make HAND_OVER_TASK; the default task is the first one held
    view = session.getView({ task: 'rule-of-law', to: 'regional-organization' });
    expect(view.verdicts.find((v) => v.type === 'HAND_OVER_TASK')).toEqual({
      type: 'HAND_OVER_TASK',
      event: {
        type: 'HAND_OVER_TASK',
        month: '2020-05',
        presence: 'UNTEST',
        task: 'rule-of-law',
        to: 'regional-organization',
      },
      accepted: true,
    });
    // a receiver that is not there is refused, with the reason
    expect(drive(session, 'HAND_OVER_TASK', { task: 'rule-of-law', to: 'UNGHOST' }).reason).toMatch(
      /UNGHOST is not present/,
    );
    expect(
      drive(session, 'HAND_OVER_TASK', { task: 'rule-of-law', to: 'regional-organization' })
        .accepted,
    ).toBe(true);
    view = session.getView();
    expect(view.tasks.handovers).toEqual([
      { at: '2020-05', presence: 'UNTEST', task: 'rule-of-law', to: 'regional-organization' },
    ]);
    expect(view.tasks.presences[0]?.tasks.map((t) => t.task)).toEqual([
      'protection-of-civilians',
      'human-rights',
    ]);

    expect(drive(session, 'WITHDRAW', { month: '2020-08' }).accepted).toBe(true);
    view = session.getView();
    expect(view.tasks.presences).toEqual([]);
    expect(view.tasks.pending).toEqual([
      { presence: 'UNTEST', task: 'protection-of-civilians', planned: 'government' },
      { presence: 'UNTEST', task: 'human-rights', planned: 'country-team' },
    ]);
    expect(view.tasks.toHandOver.every((t) => t.waiting)).toBe(true);
    expect(view.tasks.counts).toMatchObject({ handedOver: 1, pending: 2, orphaned: 0 });
    expect(drive(session, 'COMPLETE_HANDOVER').reason).toMatch(
      /protection-of-civilians of UNTEST, human-rights of UNTEST/,
    );
    // the waiting task goes to the receiver its plan names unless the draft says otherwise
    const next = session.getView().verdicts.find((v) => v.type === 'HAND_OVER_TASK');
    expect(next?.event).toMatchObject({
      presence: 'UNTEST',
      task: 'protection-of-civilians',
      to: 'government',
    });
    expect(drive(session, 'HAND_OVER_TASK').accepted).toBe(true);
    expect(drive(session, 'HAND_OVER_TASK', { task: 'human-rights' }).accepted).toBe(true);
    view = session.getView();
    expect(view.tasks.pending).toEqual([]);
    expect(view.tasks.handovers.map((h) => `${h.task}→${h.to}`)).toEqual([
      'rule-of-law→regional-organization',
      'protection-of-civilians→government',
      'human-rights→country-team',
    ]);
    expect(drive(session, 'COMPLETE_HANDOVER').accepted).toBe(true);
    view = session.getView();
    expect(view.phase).toBe('nonMission');
    expect(view.invariants.filter((i) => !i.holds)).toEqual([]);

    // undo takes the last handover back into the waiting list
    session.undo();
    session.undo();
    view = session.getView();
    expect(view.tasks.pending).toEqual([
      { presence: 'UNTEST', task: 'human-rights', planned: 'country-team' },
    ]);
  });

  it('lists the tasks a forced exit orphans, with the month and the cause', () => {
    const session = new InspectorSession();
    session.loadTrace(TASKED, [
      { type: 'FORCED_EXIT', month: '2020-06', cause: 'host-consent-withdrawn' },
      {
        type: 'HAND_OVER_TASK',
        month: '2020-07',
        presence: 'UNTEST',
        task: 'rule-of-law',
        to: 'government',
      },
      { type: 'WITHDRAW', month: '2020-09', presence: 'UNTEST' },
    ]);
    const view = session.getView();
    expect(view.steps).toBe(3);
    expect(view.tasks.handovers).toEqual([
      { at: '2020-07', presence: 'UNTEST', task: 'rule-of-law', to: 'government' },
    ]);
    expect(view.tasks.orphaned).toEqual([
      {
        at: '2020-09',
        presence: 'UNTEST',
        task: 'protection-of-civilians',
        cause: 'host-consent-withdrawn',
      },
      { at: '2020-09', presence: 'UNTEST', task: 'human-rights', cause: 'host-consent-withdrawn' },
    ]);
    expect(view.tasks.pending).toEqual([]);
    expect(view.tasks.counts).toMatchObject({ orphaned: 2, pending: 0, handedOver: 1 });
    expect(view.tasks.plans).toEqual([]);
  });

  it('marks a receiver absent when the country team has left', () => {
    const session = new InspectorSession();
    session.loadTrace({ ...TASKED, countryTeam: { until: '2020-02' } }, [
      { type: 'BEGIN_TRANSITION', month: '2020-03', presence: 'UNTEST' },
    ]);
    const view = session.getView();
    expect(view.tasks.countryTeam?.present).toBe(false);
    expect(view.tasks.receivers.find((r) => r.name === 'country-team')?.present).toBe(false);
    expect(view.tasks.receivers.find((r) => r.name === 'government')?.present).toBe(true);
  });
});

const FIXTURE = `
country: Testland
region: africa
doctrine: note-2017
end: '2019-12'
countryTeam: { residentCoordinator: Jane Doe }
presences:
  - name: UNTEST
    kind: pko
    from: '2010-01'
    to: '2018-03'
    tasks: [protection-of-civilians, rule-of-law, human-rights]
    handover:
      protection-of-civilians: government
      rule-of-law: country-team
      human-rights: { to: UNSUCC, at: "2018-06" }
    plan: { gender: true }
  - name: UNSUCC
    kind: spm-field
    from: '2018-05'
`;

describe('the Tasks panel along a scenario', () => {
  const scenario = parseScenarioText(FIXTURE, 'tasks-fixture.yaml');
  const session = new InspectorSession({ scenario: { id: 'tasks-fixture', scenario } });

  it('shows the selected month: before the plan, the plan, the waiting task, its receiver', () => {
    session.seek('2017-07');
    let view = session.getView();
    expect(view.tasks.asOf).toBe('2017-07');
    expect(view.tasks.countryTeam).toMatchObject({
      present: true,
      residentCoordinator: 'Jane Doe',
    });
    expect(view.tasks.plans).toEqual([]);
    expect(view.tasks.presences[0]?.tasks.map((t) => t.task)).toEqual([
      'protection-of-civilians',
      'rule-of-law',
      'human-rights',
    ]);

    session.seek('2017-08');
    view = session.getView();
    expect(view.tasks.plans).toEqual([
      {
        at: '2017-08',
        presence: 'UNTEST',
        gender: true,
        receivers: [
          { task: 'protection-of-civilians', to: 'government' },
          { task: 'rule-of-law', to: 'country-team' },
          { task: 'human-rights', to: 'UNSUCC' },
        ],
      },
    ]);

    session.seek('2018-04');
    view = session.getView();
    expect(view.tasks.asOf).toBe('2018-04');
    expect(view.tasks.handovers.map((h) => [h.at, h.task, h.to])).toEqual([
      ['2018-04', 'protection-of-civilians', 'government'],
      ['2018-04', 'rule-of-law', 'country-team'],
    ]);
    expect(view.tasks.pending).toEqual([
      { presence: 'UNTEST', task: 'human-rights', planned: 'UNSUCC' },
    ]);

    session.seek('2018-06');
    view = session.getView();
    expect(view.tasks.pending).toEqual([]);
    expect(view.tasks.handovers[2]).toEqual({
      at: '2018-06',
      presence: 'UNTEST',
      task: 'human-rights',
      to: 'UNSUCC',
    });
    // the successor holds the task it received
    expect(view.tasks.presences).toEqual([
      expect.objectContaining({
        name: 'UNSUCC',
        tasks: [expect.objectContaining({ task: 'human-rights' })],
      }),
    ]);
    expect(view.tasks.orphaned).toEqual([]);
    // the timeline band marks every task handover of the whole replay, whatever the cursor
    session.seek('2010-01');
    view = session.getView();
    expect(view.tasks.handovers).toEqual([]);
    expect(view.timeline?.taskHandovers.map((h) => `${h.at} ${h.task}→${h.to}`)).toEqual([
      '2018-04 protection-of-civilians→government',
      '2018-04 rule-of-law→country-team',
      '2018-06 human-rights→UNSUCC',
    ]);
    expect(view.timeline?.orphanedTasks).toEqual([]);
  });
});

describe('the draft schema', () => {
  it('takes a task, a receiver, per-task plan receivers and the WPS flag, and nothing else', () => {
    expect(
      DraftSchema.safeParse({
        task: 'ddr',
        to: 'government',
        plan: { ddr: 'country-team' },
        gender: false,
      }).success,
    ).toBe(true);
    expect(DraftSchema.safeParse({ task: 'tea-making' }).success).toBe(false);
    expect(DraftSchema.safeParse({ plan: { 'tea-making': 'government' } }).success).toBe(false);
    expect(DraftSchema.safeParse({ plan: { ddr: '' } }).success).toBe(false);
    expect(DraftSchema.safeParse({ to: 'x'.repeat(121) }).success).toBe(false);
    expect(DraftSchema.safeParse({ gender: 'yes' }).success).toBe(false);
  });
});

interface Message {
  type: string;
  [key: string]: unknown;
}

describe('the Tasks panel over a socket', () => {
  let server: InspectorServer;
  let ws: WebSocket;
  const messages: Message[] = [];
  let waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];

  const next = (test: (m: Message) => boolean, from: number): Promise<Message> => {
    const seen = messages.slice(from).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => waiters.push({ test, resolve }));
  };
  const ask = (payload: unknown, type: string): Promise<Message> => {
    const from = messages.length;
    ws.send(JSON.stringify(payload));
    return next((m) => m.type === type || m.type === 'error', from);
  };
  const view = async (draft: Draft): Promise<InspectorView> => {
    const reply = await ask({ type: 'draft', draft }, 'view');
    if (reply.type !== 'view') throw new Error(String(reply.message));
    return reply.view as InspectorView;
  };

  beforeAll(async () => {
    server = await startInspectorServer({ port: 0, statechartSvg: '<svg/>' });
    server.session.loadTrace(TASKED, [
      { type: 'BEGIN_TRANSITION', month: '2020-03', presence: 'UNTEST' },
    ]);
    const url = new URL(server.url);
    ws = new WebSocket(`ws://${url.host}/ws?token=${server.token}`, {
      headers: { Origin: `http://${url.host}` },
    });
    ws.on('message', (data) => {
      const message = JSON.parse((data as Buffer).toString('utf8')) as Message;
      messages.push(message);
      waiters = waiters.filter((w) => {
        if (!w.test(message)) return true;
        w.resolve(message);
        return false;
      });
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
  });

  afterAll(async () => {
    ws?.close();
    await server?.close();
  });

  it('sends the task list with hello, and drives ADOPT_PLAN and HAND_OVER_TASK from drafts', async () => {
    const hello = await next((m) => m.type === 'hello', 0);
    expect(hello.tasks).toContain('women-peace-security');

    const refused = await ask(
      { type: 'send', eventType: 'ADOPT_PLAN', draft: { gender: false }, id: 1 },
      'result',
    );
    expect(refused).toMatchObject({ accepted: false, id: 1 });
    expect(String(refused.reason)).toMatch(/women, peace and security/);

    const adopted = await ask(
      {
        type: 'send',
        eventType: 'ADOPT_PLAN',
        draft: { plan: { 'human-rights': 'government' }, to: 'completed' },
        id: 2,
      },
      'result',
    );
    expect(adopted).toMatchObject({ accepted: true, id: 2 });
    let v = await view({});
    expect(v.tasks.plans[0]?.receivers).toEqual([
      { task: 'protection-of-civilians', to: 'completed' },
      { task: 'rule-of-law', to: 'completed' },
      { task: 'human-rights', to: 'government' },
    ]);

    await ask({ type: 'send', eventType: 'DRAWDOWN', draft: {}, id: 3 }, 'result');
    const handed = await ask(
      {
        type: 'send',
        eventType: 'HAND_OVER_TASK',
        draft: { task: 'human-rights', to: 'country-team' },
        id: 4,
      },
      'result',
    );
    expect(handed).toMatchObject({ accepted: true, id: 4 });
    v = await view({ task: 'human-rights' });
    expect(v.tasks.handovers).toEqual([
      { at: '2020-03', presence: 'UNTEST', task: 'human-rights', to: 'country-team' },
    ]);
    // the task is gone from the presence: handing it over again is refused with the reason
    expect(v.verdicts.find((x) => x.type === 'HAND_OVER_TASK')?.reason).toMatch(
      /has no human-rights to hand over/,
    );

    const bad = await ask({ type: 'draft', draft: { task: 'tea-making' } }, 'error');
    expect(String(bad.message)).toMatch(/draft\.task/);
  });
});
