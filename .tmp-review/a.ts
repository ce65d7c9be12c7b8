import { createActor } from 'xstate';
import { countryMachine } from '/work/main/machines/country.ts';
import { checkStep } from '/work/main/src/invariants/index.ts';
import { toCountryState } from '/work/main/src/country/index.ts';

function run(label: string, events: any[]) {
  const actor = createActor(countryMachine, { input: { country: 'Testland', region: 'africa' } as any });
  actor.start();
  console.log('==', label);
  for (const e of events) {
    const before = actor.getSnapshot();
    actor.send(e);
    const after = actor.getSnapshot();
    const accepted = before !== after && JSON.stringify(before.value)+JSON.stringify(before.context) !== JSON.stringify(after.value)+JSON.stringify(after.context);
    let v: any = [];
    try { v = checkStep({ before: toCountryState(before), after: toCountryState(after), event: e, accepted } as any); } catch (err) { v = String(err); }
    console.log(e.type, e.presence?.name ?? e.presence ?? '', accepted ? 'ok' : 'REFUSED', JSON.stringify(after.value), v.length ? JSON.stringify(v) : '');
  }
  const c = actor.getSnapshot().context;
  console.log(' presences', JSON.stringify(c.presences.map((p:any)=>[p.name,p.tasks])), 'pending', JSON.stringify(c.pendingTasks), 'orphaned', JSON.stringify(c.orphanedTasks), 'handovers', JSON.stringify(c.taskHandovers));
}
const rol = 'rule-of-law';
run('regional office holding a task withdraws outside a transition', [
  { type: 'DEPLOY', month: '2003-01', presence: { name: 'UNMIL', kind: 'pko', tasks: [rol] } },
  { type: 'DEPLOY', month: '2003-02', presence: { name: 'UNOWA', kind: 'spm-regional-office' } },
  { type: 'BEGIN_TRANSITION', month: '2010-01', presence: 'UNMIL' },
  { type: 'ADOPT_PLAN', month: '2010-02', presence: 'UNMIL', handover: { [rol]: 'UNOWA' }, gender: true },
  { type: 'DRAWDOWN', month: '2010-03', presence: 'UNMIL' },
  { type: 'HAND_OVER_TASK', month: '2010-04', presence: 'UNMIL', task: rol, to: 'UNOWA' },
  { type: 'WITHDRAW', month: '2010-05', presence: 'UNMIL' },
  { type: 'COMPLETE_HANDOVER', month: '2010-06' },
  { type: 'WITHDRAW', month: '2011-01', presence: 'UNOWA' },
  { type: 'HAND_OVER_TASK', month: '2011-02', presence: 'UNOWA', task: rol, to: 'government' },
]);
run('withdraw without drawdown/plan', [
  { type: 'DEPLOY', month: '2003-01', presence: { name: 'A', kind: 'pko', tasks: [rol] } },
  { type: 'DEPLOY', month: '2003-01', presence: { name: 'B', kind: 'spm-field' } },
  { type: 'BEGIN_TRANSITION', month: '2010-01', presence: 'A' },
  { type: 'BEGIN_TRANSITION', month: '2010-01', presence: 'B' },
  { type: 'DRAWDOWN', month: '2010-03', presence: 'B' },
  { type: 'WITHDRAW', month: '2010-04', presence: 'A' },
  { type: 'WITHDRAW', month: '2010-04', presence: 'B' },
  { type: 'HAND_OVER_TASK', month: '2010-05', presence: 'A', task: rol, to: 'government' },
  { type: 'COMPLETE_HANDOVER', month: '2010-06' },
]);
run('same-name redeploy merges pending', [
  { type: 'DEPLOY', month: '2003-01', presence: { name: 'A', kind: 'pko', tasks: [rol] } },
  { type: 'BEGIN_TRANSITION', month: '2010-01', presence: 'A' },
  { type: 'ADOPT_PLAN', month: '2010-02', presence: 'A', handover: { [rol]: 'government' }, gender: true },
  { type: 'DRAWDOWN', month: '2010-03', presence: 'A' },
  { type: 'WITHDRAW', month: '2010-04', presence: 'A' },
  { type: 'DEPLOY', month: '2010-05', presence: { name: 'A', kind: 'pko', tasks: [rol] } },
  { type: 'HAND_OVER_TASK', month: '2010-06', presence: 'A', task: rol, to: 'government' },
  { type: 'COMPLETE_HANDOVER', month: '2010-07' },
]);
run('handover contrary to plan', [
  { type: 'DEPLOY', month: '2003-01', presence: { name: 'A', kind: 'pko', tasks: [rol] } },
  { type: 'BEGIN_TRANSITION', month: '2010-01', presence: 'A' },
  { type: 'ADOPT_PLAN', month: '2010-02', presence: 'A', handover: { [rol]: 'government' }, gender: true },
  { type: 'DRAWDOWN', month: '2010-03', presence: 'A' },
  { type: 'HAND_OVER_TASK', month: '2010-03', presence: 'A', task: rol, to: 'regional-organization' },
  { type: 'WITHDRAW', month: '2010-04', presence: 'A' },
  { type: 'COMPLETE_HANDOVER', month: '2010-07' },
]);
