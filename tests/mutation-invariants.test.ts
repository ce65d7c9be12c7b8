/**
 * The invariant catalogue as a user of `pillar verify` and the CLI reads it: each invariant's exact
 * message, the step it names, what it lets pass, and the structural equality it relies on.
 */
import { describe, expect, it } from 'vitest';
import type { CountryEvent } from '../machines/country-types.ts';
import { runCountry, type CountryState, type CountryStep } from '../src/country/index.ts';
import {
  INVARIANTS,
  checkState,
  checkStep,
  checkTrace,
  findLostEntry,
  getInvariant,
  isDeepEqual,
  type InvariantId,
} from '../src/invariants/index.ts';
import { PresenceList } from '../src/domain/index.ts';
import { cloneState, cloneStep } from './support/clone.ts';

const EVENTS: CountryEvent[] = [
  { type: 'DEPLOY', month: '2010-02', presence: { name: 'M', kind: 'pko' } },
  { type: 'DEPLOY', month: '2010-03', presence: { name: 'E', kind: 'spm-envoy' } },
  { type: 'BEGIN_TRANSITION', month: '2010-04', presence: 'M' },
  { type: 'DRAWDOWN', month: '2010-05', presence: 'M' },
  { type: 'WITHDRAW', month: '2010-06', presence: 'M' },
  { type: 'COMPLETE_HANDOVER', month: '2010-07' },
  { type: 'REQUEST_SERVICE', month: '2010-08', service: 'ddr' },
];

/** A copy of real step `index` of a short history (see EVENTS), to corrupt by hand. */
function step(index: number): CountryStep {
  const run = runCountry({ country: 'Testland', region: 'africa', month: '2010-01' }, EVENTS);
  const found = run.steps[index];
  if (!found) throw new Error(`no step ${index}`);
  return cloneStep(found);
}

/** The message of one invariant on one step, or null when it holds. */
function message(id: InvariantId, s: CountryStep): string | null {
  return checkStep(s, [getInvariant(id)])[0]?.message ?? null;
}

describe('every invariant holds on a real history', () => {
  it('should report nothing on each real step, and every invariant as holding on the trace', () => {
    const run = runCountry({ country: 'Testland', region: 'africa', month: '2010-01' }, EVENTS);
    expect(run.refused).toBe(0);
    for (const s of run.steps) expect(checkStep(s)).toEqual([]);
    expect(checkState(run.initial)).toEqual([]);
    const results = checkTrace(run.initial, run.steps);
    expect(results).toEqual(
      INVARIANTS.map((i) => ({ id: i.id, description: i.description, holds: true })),
    );
  });
});

describe('invariant messages', () => {
  it('team-constant: names both team ids', () => {
    const s = step(0);
    s.after.context.team = { ...s.after.context.team, id: 'africa/elsewhere' };
    expect(message('team-constant', s)).toBe(
      'team changed from africa/testland to africa/elsewhere',
    );
  });

  it('single-lead: names the lead that is neither department', () => {
    const s = step(0);
    s.after.context.lead = 'DPX' as never;
    expect(message('single-lead', s)).toBe('lead is "DPX", not one of DPPA, DPO');
    // DPKO led before 2019 under historical only
    s.after.context.lead = 'DPKO';
    expect(message('single-lead', s)).toBe('lead is "DPKO", not one of DPPA, DPO');
    s.after.context.lead = 'DPPA';
    expect(message('single-lead', s)).toBeNull();
  });

  it('lead-by-doctrine: names the lead, the doctrine, what it gives and the presences', () => {
    const s = step(1);
    s.after.context.lead = 'DPPA';
    expect(message('lead-by-doctrine', s)).toBe(
      'lead is DPPA but note-2017 gives DPO for [M:pko, E:spm-envoy]',
    );
  });

  it('other-informed: a misaddressed state, a lost notice, a misaddressed or misdated notice, a missing one', () => {
    const s = step(3);
    s.after.context.informed = 'DPO';
    expect(message('other-informed', s)).toBe('informed is DPO while DPO leads');

    const lost = step(2);
    lost.after.context.notices = lost.after.context.notices.slice(1);
    expect(message('other-informed', lost)).toBe('notice 1 was lost');

    const wrongTo = step(0);
    wrongTo.after.context.notices[0] = { ...wrongTo.after.context.notices[0]!, to: 'DPO' };
    expect(message('other-informed', wrongTo)).toBe(
      'notice "phase nonMission -> peacekeeping" went to DPO at 2010-02, not to DPPA at 2010-02',
    );
    const wrongMonth = step(0);
    wrongMonth.after.context.notices[1] = { ...wrongMonth.after.context.notices[1]!, month: null };
    expect(message('other-informed', wrongMonth)).toBe(
      'notice "presences +M (1 active)" went to DPPA at null, not to DPPA at 2010-02',
    );

    const missing = step(0);
    missing.after.context.notices = [];
    expect(message('other-informed', missing)).toBe(
      'phase, presence, lead changed without a notice to DPPA',
    );
    const onlyPresence = step(1);
    onlyPresence.after.context.notices = onlyPresence.before.context.notices;
    expect(message('other-informed', onlyPresence)).toBe(
      'presence changed without a notice to DPPA',
    );
    const onlyPhase = step(2);
    onlyPhase.after.context.notices = onlyPhase.before.context.notices;
    expect(message('other-informed', onlyPhase)).toBe('phase changed without a notice to DPPA');
    const onlyLead = step(4);
    const kept = onlyLead.before.context.notices.length;
    onlyLead.after.context.notices = [
      ...onlyLead.before.context.notices,
      ...onlyLead.after.context.notices.slice(kept).filter((n) => n.subject !== 'lead'),
    ];
    expect(message('other-informed', onlyLead)).toBe('lead changed without a notice to DPO');
  });

  it('other-informed: a presence swapped for another in one step needs a notice', () => {
    const swapped = step(6);
    swapped.after.context.presences = PresenceList.from([
      { name: 'F', kind: 'spm-envoy', since: '2010-08' },
    ]);
    expect(message('other-informed', swapped)).toBe('presence changed without a notice to DPO');
  });

  it('other-informed: a step that changes nothing needs no notice', () => {
    expect(message('other-informed', step(3))).toBeNull();
    expect(message('other-informed', step(6))).toBeNull();
  });

  it('seamless-handover: a lost, a needless, a missing, a misdated handover, or a change without a presence', () => {
    const lost = step(4);
    lost.after.context.handovers = [];
    expect(message('seamless-handover', lost)).toBe('handover 1 was lost');

    const needless = step(1);
    needless.after.context.handovers = [
      ...needless.after.context.handovers,
      { from: 'DPO', to: 'DPO', month: '2010-03' },
    ];
    expect(message('seamless-handover', needless)).toBe(
      'handover recorded while the lead stayed on the line of DPO',
    );

    const missing = step(0);
    missing.after.context.handovers = [];
    expect(message('seamless-handover', missing)).toBe(
      'lead changed DPPA -> DPO at 2010-02 but the handovers recorded were []',
    );
    const misdated = step(0);
    misdated.after.context.handovers = [{ from: 'DPPA', to: 'DPO', month: '2010-01' }];
    expect(message('seamless-handover', misdated)).toBe(
      'lead changed DPPA -> DPO at 2010-02 but the handovers recorded were [{"from":"DPPA","to":"DPO","month":"2010-01"}]',
    );
    const twice = step(0);
    twice.after.context.handovers = [
      { from: 'DPPA', to: 'DPO', month: '2010-02' },
      { from: 'DPPA', to: 'DPO', month: '2010-02' },
    ];
    expect(message('seamless-handover', twice)).toMatch(/^lead changed DPPA -> DPO at 2010-02 but/);

    const noPresence = step(6);
    noPresence.after.context.lead = 'DPO';
    noPresence.after.context.handovers = [
      ...noPresence.before.context.handovers,
      { from: 'DPPA', to: 'DPO', month: '2010-08' },
    ];
    expect(message('seamless-handover', noPresence)).toBe(
      'lead changed DPPA -> DPO though no presence started or ended',
    );
    expect(message('seamless-handover', step(0))).toBeNull();
    expect(message('seamless-handover', step(4))).toBeNull();
  });

  it('case-file-kept: a lost or altered entry, an accepted event without an entry', () => {
    const lost = step(0);
    lost.after.context.caseFile = lost.after.context.caseFile.slice(1);
    expect(message('case-file-kept', lost)).toBe('case file entry 1 was lost or altered');
    const altered = step(1);
    altered.after.context.caseFile[1] = {
      ...altered.after.context.caseFile[1]!,
      text: 'rewritten',
    };
    expect(message('case-file-kept', altered)).toBe('case file entry 2 was lost or altered');
    const silent = step(3);
    silent.after.context.caseFile = silent.before.context.caseFile;
    expect(message('case-file-kept', silent)).toBe(
      'an accepted event left no entry in the case file',
    );
    silent.accepted = false;
    expect(message('case-file-kept', silent)).toBeNull();
  });

  it('transition-passage: a mission ending outside transition, or leaving a mission phase directly', () => {
    const ended = step(4);
    ended.after.value = { specialPoliticalMission: 'startUp' };
    expect(message('transition-passage', ended)).toBe(
      'M ended in a step from transition to specialPoliticalMission, not within transition',
    );
    const fromMission = step(4);
    fromMission.before.value = { peacekeeping: 'mandateImplementation' };
    expect(message('transition-passage', fromMission)).toBe(
      'M ended in a step from peacekeeping to transition, not within transition',
    );
    const down = step(1);
    down.after.value = { specialPoliticalMission: 'startUp' };
    expect(message('transition-passage', down)).toBe(
      'left peacekeeping for specialPoliticalMission without passing through transition',
    );
    const out = step(1);
    out.after.value = { nonMission: 'earlyWarning' };
    expect(message('transition-passage', out)).toBe(
      'left peacekeeping for nonMission without passing through transition',
    );
  });

  it('transition-passage: names every mission that ended, and a special political mission left directly', () => {
    const two = step(4);
    two.before.context.presences = PresenceList.from([
      { name: 'M', kind: 'pko', since: '2010-02' },
      { name: 'E', kind: 'spm-envoy', since: '2010-03' },
    ]);
    two.after.context.presences = PresenceList.EMPTY;
    two.after.value = { nonMission: 'earlyWarning' };
    expect(message('transition-passage', two)).toBe(
      'M, E ended in a step from transition to nonMission, not within transition',
    );
    const spm = step(6);
    spm.after.value = { nonMission: 'earlyWarning' };
    expect(message('transition-passage', spm)).toBe(
      'left specialPoliticalMission for nonMission without passing through transition',
    );
  });

  it('transition-passage: lets escalation, entering transition and regional offices ending pass', () => {
    const escalation = step(1);
    escalation.before.value = { specialPoliticalMission: 'startUp' };
    expect(message('transition-passage', escalation)).toBeNull();
    expect(message('transition-passage', step(2))).toBeNull();
    expect(message('transition-passage', step(5))).toBeNull();
    const run = runCountry({ country: 'T', region: 'africa' }, [
      { type: 'DEPLOY', month: '2010-01', presence: { name: 'M', kind: 'pko' } },
      { type: 'DEPLOY', month: '2010-01', presence: { name: 'R', kind: 'spm-regional-office' } },
      { type: 'WITHDRAW', month: '2010-02', presence: 'R' },
    ]);
    expect(message('transition-passage', run.steps[2]!)).toBeNull();
  });

  it('service-provider-stable: names the service and its wrong provider; a lost record', () => {
    const s = step(6);
    s.after.context.services = [
      { service: 'ddr', month: '2010-08', provider: { department: 'DPPA', office: 'x' } },
    ];
    expect(message('service-provider-stable', s)).toBe('ddr provided by DPPA/x');
    const lost = step(6);
    lost.before.context.services = lost.after.context.services;
    lost.after.context.services = [];
    expect(message('service-provider-stable', lost)).toBe('service record 1 was lost or altered');
    expect(message('service-provider-stable', step(6))).toBeNull();
  });

  it('phase-by-presences: a team tailored for the wrong work, a phase the presences do not call for', () => {
    const tailoring = step(0);
    tailoring.after.context.teamTailoring = 'non-mission';
    expect(message('phase-by-presences', tailoring)).toBe(
      'team tailored for non-mission work in peacekeeping',
    );
    const inTransition = step(2);
    inTransition.after.context.teamTailoring = 'non-mission';
    expect(message('phase-by-presences', inTransition)).toBe(
      'team tailored for non-mission work in transition',
    );
    const idle = step(0).before;
    idle.context.teamTailoring = 'mission';
    expect(checkState(idle, [getInvariant('phase-by-presences')])[0]?.message).toBe(
      'team tailored for mission work in nonMission',
    );
    const phase = step(1);
    phase.after.value = { specialPoliticalMission: 'startUp' };
    expect(message('phase-by-presences', phase)).toBe(
      'phase specialPoliticalMission but the presences call for peacekeeping',
    );
    // Inside a transition the presences do not decide the phase.
    expect(message('phase-by-presences', step(4))).toBeNull();
  });
});

describe('checking steps, states and traces', () => {
  it('should name the step, the event and the invariant of each violation', () => {
    const s = step(2);
    s.after.context.lead = 'DPPA';
    const violations = checkStep(s);
    expect(violations.map((v) => v.id)).toEqual([
      'lead-by-doctrine',
      'other-informed',
      'seamless-handover',
    ]);
    for (const v of violations) expect(v).toMatchObject({ step: 2, event: EVENTS[2] });
  });

  it('should check a state on its own as step -1 and without an event', () => {
    const s = step(0).after;
    const bad: CountryState = { ...s, context: { ...s.context, informed: 'DPO' } };
    expect(checkState(bad)).toEqual([
      { id: 'other-informed', message: 'informed is DPO while DPO leads', step: -1 },
    ]);
    expect(checkState(bad, [getInvariant('single-lead')])).toEqual([]);
  });

  it('should report the first step that broke each invariant, and the initial state as step -1', () => {
    const run = runCountry({ country: 'Testland', region: 'africa', month: '2010-01' }, EVENTS);
    const initial = cloneState(run.initial);
    initial.context.teamTailoring = 'mission';
    const steps = run.steps.map((s) => cloneStep(s));
    steps[3]!.after.context.caseFile = steps[3]!.before.context.caseFile;
    steps[5]!.after.context.caseFile = [];
    const results = checkTrace(initial, steps);
    const broken = results.filter((r) => !r.holds);
    expect(broken.map((r) => [r.id, r.violation?.step])).toEqual([
      ['case-file-kept', 3],
      ['phase-by-presences', -1],
    ]);
    expect(broken[0]?.violation).toEqual({
      id: 'case-file-kept',
      message: 'an accepted event left no entry in the case file',
      step: 3,
      event: EVENTS[3],
    });
    expect(results.find((r) => r.id === 'team-constant')).toEqual({
      id: 'team-constant',
      description: getInvariant('team-constant').description,
      holds: true,
    });
  });

  it('should keep checking the remaining invariants after some have broken', () => {
    const run = runCountry({ country: 'Testland', region: 'africa', month: '2010-01' }, EVENTS);
    const steps = run.steps.map((s) => cloneStep(s));
    steps[0]!.after.context.team = { ...steps[0]!.after.context.team, id: 'x' };
    steps[6]!.after.context.services = [
      { service: 'ddr', month: '2010-08', provider: { department: 'DPPA', office: 'x' } },
    ];
    const only = [getInvariant('team-constant'), getInvariant('service-provider-stable')];
    expect(checkTrace(run.initial, steps, only).map((r) => r.violation?.step)).toEqual([0, 6]);
  });

  it('should refuse an unknown invariant id', () => {
    expect(() => getInvariant('no-such')).toThrow(new RangeError('unknown invariant no-such'));
  });
});

describe('structural equality of JSON values', () => {
  it('should compare values, arrays and objects by content', () => {
    expect(isDeepEqual({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(isDeepEqual({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] })).toBe(false);
    expect(isDeepEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(isDeepEqual([1, 2, 3], [1, 2])).toBe(false);
    expect(isDeepEqual([1, 2], [2, 1])).toBe(false);
    expect(isDeepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(isDeepEqual({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
    expect(isDeepEqual('DPO', 'DPO')).toBe(true);
    expect(isDeepEqual('DPO', 'DPPA')).toBe(false);
  });

  it('should tell an array from an object, and null from an object', () => {
    expect(isDeepEqual(['x'], { 0: 'x' })).toBe(false);
    expect(isDeepEqual({ 0: 'x' }, ['x'])).toBe(false);
    expect(isDeepEqual([], {})).toBe(false);
    expect(isDeepEqual(null, {})).toBe(false);
    expect(isDeepEqual({}, null)).toBe(false);
    expect(isDeepEqual(null, null)).toBe(true);
    expect(isDeepEqual(1, '1')).toBe(false);
    expect(isDeepEqual(1, {})).toBe(false);
    expect(isDeepEqual({}, 1)).toBe(false);
    expect(isDeepEqual('', {})).toBe(false);
  });

  it('should treat a missing field and a field set to undefined alike, as JSON does', () => {
    expect(isDeepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(isDeepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(isDeepEqual({ a: undefined }, { b: undefined })).toBe(true);
  });

  it('should find the first entry a list lost or changed', () => {
    expect(findLostEntry(['a', 'b'], ['a', 'b', 'c'])).toBe(-1);
    expect(findLostEntry(['a', 'b'], ['a', 'b'])).toBe(-1);
    expect(findLostEntry(['a', 'b'], ['a'])).toBe(1);
    expect(findLostEntry(['a', 'b'], ['x', 'b'])).toBe(0);
    expect(findLostEntry([{ n: 1 }, { n: 2 }], [{ n: 1 }, { n: 3 }])).toBe(1);
    expect(findLostEntry([], [])).toBe(-1);
  });
});
