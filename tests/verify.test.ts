import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';

import { countryMachine, createCountryActions, type CountryMachine } from '../machines/country.ts';
import * as logic from '../machines/country-logic.ts';
import type { CountryContext, CountryEvent } from '../machines/country-types.ts';
import { getLeadDepartment, getOtherDepartment, type Doctrine } from '../src/domain/index.ts';
import { progressLine, registerVerifyCommand, runVerify } from '../src/cli/commands/verify.ts';
import { InputError } from '../src/cli/shared.ts';
import { BUGS as PLANTED } from './support/planted-bugs.ts';
import { createCompiledEngine } from '../src/verify/engine.ts';
import {
  NO_COUNTRY_TEAM_START,
  PROGRESS_EVERY,
  START_CASES,
  getAbstractKey,
  getReplayCommand,
  replayTrace,
  verifyCountryMachine,
  formatVerifyTable,
  type ExploreProgress,
  type VerifyReport,
  type VerifyTrace,
} from '../src/verify/index.ts';

const DOCTRINES: Doctrine[] = ['note-2017', 'adopted-2019'];
const reports = new Map<Doctrine, VerifyReport>();
function realReport(doctrine: Doctrine): VerifyReport {
  let report = reports.get(doctrine);
  if (!report) {
    report = verifyCountryMachine({ doctrine });
    reports.set(doctrine, report);
  }
  return report;
}

function failed(report: VerifyReport, id: string) {
  const check = report.checks.find((c) => c.id === id);
  expect(check, `check ${id} exists`).toBeDefined();
  expect(check?.holds, `${id} should fail`).toBe(false);
  const trace = check?.counterexample;
  if (!trace) throw new Error(`no counterexample for ${id}`);
  return trace;
}

const onlyStart = (id: string) => START_CASES.filter((s) => s.id === id);

describe('verify on the real country machine', () => {
  it.each(DOCTRINES)('explores the whole space under %s with every check holding', (doctrine) => {
    const report = realReport(doctrine);
    expect(report.complete).toBe(true);
    expect(report.states).toBeGreaterThan(100);
    expect(report.edges).toBeGreaterThan(report.states);
    expect(report.maxDepth).toBeGreaterThan(3);
    expect(report.checks.filter((c) => !c.holds).map((c) => c.id)).toEqual([]);
    expect(report.violation).toBeUndefined();
    expect(report.ok).toBe(true);
  });

  it.each(DOCTRINES)('covers every state and transition of the definition under %s', (doctrine) => {
    const { coverage } = realReport(doctrine);
    expect(coverage.states.total).toBeGreaterThan(10);
    expect(coverage.states.neverReached).toEqual([]);
    expect(coverage.states.reached).toBe(coverage.states.total);
    expect(coverage.transitions.total).toBeGreaterThan(40);
    expect(coverage.transitions.neverTaken).toEqual([]);
    expect(coverage.transitions.taken).toBe(coverage.transitions.total);
  });

  it.each(DOCTRINES)(
    'reaches every "sometimes" goal under %s, with hand-checked shortest paths',
    (doctrine) => {
      const goals = new Map(realReport(doctrine).goals.map((g) => [g.id, g]));
      expect([...goals.values()].filter((g) => !g.reached)).toEqual([]);
      // Starting states already are in nonMission, SPM and PKO.
      expect(goals.get('reach:peacekeeping')?.length).toBe(0);
      // spm-field start: FORCED_EXIT -> drawdown, WITHDRAW A (last outgoing) -> handover,
      // COMPLETE_HANDOVER -> nonMission. No start is in a transition, so no shorter path exists.
      expect(goals.get('drawdown:to-non-mission')?.length).toBe(3);
      // pko start: FORCED_EXIT (A outgoing), DEPLOY B pko, WITHDRAW A -> handover with B carrying on.
      expect(goals.get('rehatting:PKO->PKO')?.length).toBe(3);
      // A DPO presence can only end inside a transition: FORCED_EXIT, then WITHDRAW.
      expect(goals.get('handover:DPO->DPPA')?.length).toBe(2);
      // FORCED_EXIT (or BEGIN_TRANSITION), then RELAPSE.
      expect(goals.get('relapse')?.length).toBe(2);
      // Tasks, from pko-with-task: BEGIN_TRANSITION, ADOPT_PLAN.
      expect(goals.get('task:plan-adopted')?.length).toBe(2);
      // FORCED_EXIT, WITHDRAW A (its task orphaned).
      expect(goals.get('task:orphaned-forced')?.length).toBe(2);
      // FORCED_EXIT, DEPLOY B (not leaving), HAND_OVER_TASK to B.
      expect(goals.get('task:to-presence')?.length).toBe(3);
      // BEGIN_TRANSITION, ADOPT_PLAN, DRAWDOWN, WITHDRAW A (task pending), HAND_OVER_TASK.
      expect(goals.get('task:pending-received')?.length).toBe(5);
      // RELAPSE needs a mission to return to: DEPLOY B first, then the five steps ending in RELAPSE.
      expect(goals.get('task:orphaned-relapse')?.length).toBe(6);
    },
  );
});

/**
 * Planted bugs: the five of tests/support/planted-bugs.ts, and two more that only an exhaustive
 * exploration is asked to tell apart.
 */
const BUGS = {
  leadSwapped: PLANTED.leadSwapped.machine,
  silentNotices: PLANTED.silentNotices.machine,
  teamRenamed: PLANTED.teamRenamed.machine,
  journalDropsOldest: PLANTED.journalDropsOldest.machine,
  anyWithdrawal: PLANTED.anyWithdrawal.machine,
  adoptedRuleAlways: countryMachine.provide({
    actions: createCountryActions({
      deriveLead: (context): CountryContext => {
        const lead = getLeadDepartment('adopted-2019', context.presences);
        if (lead === context.lead) return context;
        const handover = { from: context.lead, to: lead, month: context.month };
        return {
          ...context,
          lead,
          informed: getOtherDepartment(lead),
          handovers: [...context.handovers, handover],
        };
      },
    }),
  }),
  staleAccepted: countryMachine.provide({
    guards: {
      isAdmissible: ({ event }) => logic.getPayloadError(event) === null,
      canDeploy: ({ context, event }) =>
        logic.getPayloadError(event) === null && logic.isNewPresence(context, event),
    },
  }),
} satisfies Record<string, CountryMachine>;

/** The counterexample replays on the buggy machine and breaks the same check at its last event. */
function expectReplays(machine: CountryMachine, trace: ReturnType<typeof failed>): void {
  const replay = replayTrace(trace, machine);
  expect(replay.violations.map((v) => v.id)).toContain(trace.violation.id);
  const at = replay.violations.find((v) => v.id === trace.violation.id)?.step;
  expect(at).toBe(trace.events.length - 1);
  expect(replayTrace(trace).violations).toEqual([]);
  // The compiled form replays it the same way.
  const compiled = replayTrace(trace, machine, createCompiledEngine(machine));
  expect(compiled.violations).toEqual(replay.violations);
  expect(compiled.states).toEqual(replay.states);
}

describe('progress of a long exploration', () => {
  it('reports growing counts every few thousand states, and the totals at the end', () => {
    const calls: ExploreProgress[] = [];
    const report = verifyCountryMachine({
      doctrine: 'note-2017',
      onProgress: (p) => calls.push({ ...p }),
    });
    const last = calls.at(-1);
    expect(last).toEqual({
      states: report.states,
      expanded: report.states,
      edges: report.edges,
      depth: report.maxDepth,
      done: true,
    });
    expect(calls.filter((c) => c.done)).toHaveLength(1);
    expect(calls.length - 1).toBe(Math.floor((report.states - 1) / PROGRESS_EVERY));
    for (let i = 1; i < calls.length; i++) {
      const [a, b] = [calls[i - 1] as ExploreProgress, calls[i] as ExploreProgress];
      expect(b.states).toBeGreaterThanOrEqual(a.states);
      expect(b.expanded).toBeGreaterThan(a.expanded);
      expect(b.edges).toBeGreaterThanOrEqual(a.edges);
      expect(b.depth).toBeGreaterThanOrEqual(a.depth);
    }
  });

  it('shows a line on a terminal only, rewritten in place and cleared at the end', () => {
    expect(progressLine('x', { isTTY: false, write: () => true })).toBeUndefined();
    const written: string[] = [];
    const line = progressLine('pillar verify note-2017', {
      isTTY: true,
      write: (text: string) => written.push(text),
    });
    expect(line).toBeDefined();
    line?.({ states: 12345, expanded: 10000, edges: 99999, depth: 7, done: false });
    expect(written).toHaveLength(1);
    // Back to the line's start and erase it (carriage return, ESC [K), then the counts.
    expect(written[0]?.startsWith('\r\u001b[K')).toBe(true);
    expect(written[0]?.slice(4)).toMatch(
      /^pillar verify note-2017: 12,345 states, 10,000 expanded, 99,999 edges, depth 7, \d+ s$/,
    );
    // At most one line per half second.
    line?.({ states: 12346, expanded: 10001, edges: 100000, depth: 7, done: false });
    expect(written).toHaveLength(1);
    line?.({ states: 20000, expanded: 20000, edges: 150000, depth: 9, done: true });
    expect(written.at(-1)).toBe('\r\u001b[K');
  });
});

describe('a country without a UN country team', () => {
  it.each(DOCTRINES)(
    'is explored whole under %s from its own start, every check holding',
    (doctrine) => {
      const report = verifyCountryMachine({ doctrine, starts: [NO_COUNTRY_TEAM_START] });
      expect(report.complete).toBe(true);
      expect(report.checks.filter((c) => !c.holds).map((c) => c.id)).toEqual([]);
      expect(report.starts).toEqual(['pko-with-task-no-team']);
      // The tasks' situations happen there too: a plan, a task to a presence, an orphan.
      const reached = new Set(report.goals.filter((g) => g.reached).map((g) => g.id));
      for (const goal of ['task:plan-adopted', 'task:to-presence', 'task:orphaned-forced']) {
        expect(reached.has(goal), goal).toBe(true);
      }
    },
  );

  it('catches a handover rule that forgets the team may be absent, which the usual starts cannot', () => {
    // Planted: the country team is taken as present whether or not the country has one.
    const teamAlways = countryMachine.provide({
      guards: {
        canHandOverTask: ({ context, event }) =>
          logic.isAdmissible(context, event) &&
          logic.getHandOverError(
            context.countryTeam === null
              ? { ...context, countryTeam: { since: null, until: null } }
              : context,
            event,
          ) === null,
      },
    });
    // Every usual start has a team: the bug is invisible there.
    expect(verifyCountryMachine({ doctrine: 'note-2017', machine: teamAlways }).ok).toBe(true);
    const report = verifyCountryMachine({
      doctrine: 'note-2017',
      machine: teamAlways,
      starts: [NO_COUNTRY_TEAM_START],
      stopAtFirstViolation: true,
    });
    const trace = failed(report, 'receiver-exists');
    // FORCED_EXIT (the task may then go to a receiver), HAND_OVER_TASK to the absent team.
    expect(trace.events).toHaveLength(2);
    expect(trace.events[1]).toMatchObject({ type: 'HAND_OVER_TASK', to: 'country-team' });
    expect(trace.input.countryTeam).toBe(false);
    expectReplays(teamAlways, trace);
  });
});

describe('planted bugs are caught with shortest counterexamples', () => {
  it('(a) lead swapped to the other department breaks lead-by-doctrine in one event', () => {
    const report = verifyCountryMachine({
      doctrine: 'note-2017',
      machine: BUGS.leadSwapped,
      stopAtFirstViolation: true,
    });
    expect(report.ok).toBe(false);
    // Starting contexts are built without deriveLead, so they are right; the first event that
    // changes presences (any DEPLOY) derives the lead and gets it wrong.
    const trace = failed(report, 'lead-by-doctrine');
    expect(trace.events).toHaveLength(1);
    expect(trace.events[0]?.type).toBe('DEPLOY');
    expect(report.violation?.events).toHaveLength(1);
    expectReplays(BUGS.leadSwapped, trace);
  });

  it('(b) notifyInformed as a no-op breaks other-informed in one event', () => {
    const report = verifyCountryMachine({
      doctrine: 'adopted-2019',
      machine: BUGS.silentNotices,
      stopAtFirstViolation: true,
    });
    const trace = failed(report, 'other-informed');
    expect(trace.events).toHaveLength(1);
    expect(trace.violation.message).toMatch(/without a notice/);
    expectReplays(BUGS.silentNotices, trace);
  });

  it('(c) a tailoring that renames the team breaks team-constant in one event', () => {
    const report = verifyCountryMachine({
      doctrine: 'note-2017',
      machine: BUGS.teamRenamed,
      stopAtFirstViolation: true,
    });
    const trace = failed(report, 'team-constant');
    expect(trace.events).toHaveLength(1);
    expect(trace.states[0]?.context.team.id).toBe('africa/exemplar');
    expect(trace.states[1]?.context.team.id).not.toBe('africa/exemplar');
    expectReplays(BUGS.teamRenamed, trace);
  });

  it('(d) a journal dropping its oldest entry breaks case-file-kept in one event', () => {
    const report = verifyCountryMachine({
      doctrine: 'note-2017',
      machine: BUGS.journalDropsOldest,
      stopAtFirstViolation: true,
    });
    const trace = failed(report, 'case-file-kept');
    expect(trace.events).toHaveLength(1);
    expectReplays(BUGS.journalDropsOldest, trace);
  });

  it('(e) isActiveCoverage true for any active presence lets a mission end outside transition', () => {
    const all = verifyCountryMachine({
      doctrine: 'note-2017',
      machine: BUGS.anyWithdrawal,
      stopAtFirstViolation: true,
    });
    // From the pko start, WITHDRAW A alone does it.
    const short = failed(all, 'transition-passage');
    expect(short.events).toHaveLength(1);
    expect(short.events[0]).toMatchObject({ type: 'WITHDRAW', presence: 'A' });
    expectReplays(BUGS.anyWithdrawal, short);
    // From an empty country a mission must first be deployed: 2 events, no fewer (withdrawing
    // a presence that does not exist changes nothing an invariant sees).
    const fromNone = verifyCountryMachine({
      doctrine: 'note-2017',
      machine: BUGS.anyWithdrawal,
      starts: onlyStart('none'),
      stopAtFirstViolation: true,
    });
    const trace = failed(fromNone, 'transition-passage');
    expect(trace.events).toHaveLength(2);
    const [deploy, withdraw] = trace.events as [CountryEvent, CountryEvent];
    expect(deploy.type).toBe('DEPLOY');
    expect(withdraw).toMatchObject({ type: 'WITHDRAW' });
    expect(
      deploy.type === 'DEPLOY' &&
        'presence' in withdraw &&
        withdraw.presence === deploy.presence.name,
    ).toBe(true);
    expect(trace.states.map((s) => Object.keys(s.value as object)[0])).toEqual([
      'nonMission',
      'peacekeeping',
      'peacekeeping',
    ]);
    expectReplays(BUGS.anyWithdrawal, trace);
  });

  // The task bugs (issue 12), from the start where A is a pko holding rule-of-law. Shortest
  // counterexamples, checked by hand: a plan needs the transition begun (BEGIN_TRANSITION, then
  // ADOPT_PLAN); a drawdown needs it too (BEGIN_TRANSITION, DRAWDOWN); a handover needs a drawdown
  // (FORCED_EXIT reaches one at once, then HAND_OVER_TASK to B, absent); completing with a task
  // pending needs BEGIN_TRANSITION, ADOPT_PLAN, DRAWDOWN, WITHDRAW A, COMPLETE_HANDOVER.
  it.each([
    ['genderlessPlan', 'gender-in-plan', 2, 'ADOPT_PLAN'],
    ['drawdownBeforePlan', 'plan-before-drawdown', 2, 'DRAWDOWN'],
    ['receiverGone', 'receiver-exists', 2, 'HAND_OVER_TASK'],
    ['completesWithPending', 'no-task-orphaned', 5, 'COMPLETE_HANDOVER'],
  ] as const)('task bug %s breaks %s in %i events, ending with %s', (bug, id, length, last) => {
    const machine = PLANTED[bug].machine;
    const report = verifyCountryMachine({
      doctrine: 'note-2017',
      machine,
      starts: onlyStart('pko-with-task'),
      stopAtFirstViolation: true,
    });
    const trace = failed(report, id);
    expect(trace.events).toHaveLength(length);
    expect(trace.events[length - 1]?.type).toBe(last);
    expectReplays(machine, trace);
  });

  it('a lead rule that ignores the doctrine is caught under note-2017 only', () => {
    const note = verifyCountryMachine({
      doctrine: 'note-2017',
      machine: BUGS.adoptedRuleAlways,
      stopAtFirstViolation: true,
    });
    const trace = failed(note, 'lead-by-doctrine');
    // From the empty start: DEPLOY A spm-field (DPO leads under the note; the bug keeps DPPA).
    expect(trace.events).toHaveLength(1);
    const adopted = verifyCountryMachine({
      doctrine: 'adopted-2019',
      machine: BUGS.adoptedRuleAlways,
    });
    expect(adopted.ok).toBe(true);
  });

  it('accepting events dated before the country month breaks refuses-invalid at once', () => {
    const report = verifyCountryMachine({
      doctrine: 'note-2017',
      machine: BUGS.staleAccepted,
      starts: onlyStart('none'),
    });
    const trace = failed(report, 'refuses-invalid');
    expect(trace.events).toHaveLength(1);
    expect(trace.events[0]?.month).toBe('1999-12');
  });

  it('reports an incomplete exploration as not ok', () => {
    const report = verifyCountryMachine({ doctrine: 'note-2017', maxStates: 50 });
    expect(report.complete).toBe(false);
    expect(report.states).toBe(50);
    expect(report.ok).toBe(false);
  });
});

describe('abstraction', () => {
  const snapshot = (names: [string, string], kinds: ['pko' | 'spm-field', 'pko' | 'spm-field']) => {
    const context = logic.createCountryContext({
      country: 'X',
      region: 'africa',
      presences: [
        { name: names[0], kind: kinds[0] },
        { name: names[1], kind: kinds[1] },
      ],
    });
    return { value: { peacekeeping: 'startUp' }, context };
  };

  it('identifies states that differ only by the names of presences', () => {
    expect(getAbstractKey(snapshot(['A', 'B'], ['pko', 'spm-field']))).toBe(
      getAbstractKey(snapshot(['B', 'A'], ['pko', 'spm-field'])),
    );
    expect(getAbstractKey(snapshot(['A', 'B'], ['pko', 'spm-field']), false)).not.toBe(
      getAbstractKey(snapshot(['B', 'A'], ['pko', 'spm-field']), false),
    );
  });

  it('keeps kinds and their order apart', () => {
    expect(getAbstractKey(snapshot(['A', 'B'], ['pko', 'spm-field']))).not.toBe(
      getAbstractKey(snapshot(['A', 'B'], ['spm-field', 'pko'])),
    );
  });
});

function captureStdout(fn: () => void): string {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    fn();
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
  return out;
}

describe('pillar verify (command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pillar-verify-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[]): Promise<{ out: string; error?: InputError }> {
    const program = new Command('pillar').exitOverride();
    registerVerifyCommand(program);
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(['verify', ...args], { from: 'user' });
      return { out };
    } catch (error) {
      if (error instanceof InputError) return { out, error };
      throw error;
    } finally {
      spy.mockRestore();
      err.mockRestore();
    }
  }

  it('prints a JSON report and succeeds on the real machine', async () => {
    const { out, error } = await run(['--doctrine', 'adopted-2019', '--format', 'json']);
    expect(error).toBeUndefined();
    const data = JSON.parse(out) as { machine: string; ok: boolean; reports: VerifyReport[] };
    expect(data.machine).toBe('country');
    expect(data.ok).toBe(true);
    expect(data.reports.map((r) => r.doctrine)).toEqual(['adopted-2019']);
  });

  it('refuses unknown machines and bad limits with exit code 2', async () => {
    const unknown = await run(['--machine', 'restructuring']);
    expect(unknown.error?.exitCode).toBe(2);
    expect(unknown.error?.message).toBe(
      '--machine must be one of country, pillar (got "restructuring")',
    );
    const depth = await run(['--machine', 'pillar', '--depth', '0']);
    expect(depth.error?.exitCode).toBe(2);
    expect(depth.error?.message).toMatch(/--depth must be a whole number from 1 to 12/);
    const bad = await run(['--max-states', 'lots']);
    expect(bad.error?.exitCode).toBe(2);
    expect(bad.error?.message).toMatch(/--max-states/);
  });

  it('exits 1 when the state limit stops the exploration, and writes no trace', async () => {
    const file = join(dir, 'trace.json');
    const { out, error } = await run([
      '--doctrine',
      'note-2017',
      '--max-states',
      '20',
      '--trace-out',
      file,
    ]);
    expect(error?.exitCode).toBe(1);
    expect(out).toMatch(/INCOMPLETE/);
    expect(existsSync(file)).toBe(false);
  });

  it('writes the shortest counterexample with --trace-out and exits 1', async () => {
    const file = join(dir, 'found.json');
    let caught: unknown;
    const out = captureStdout(() => {
      try {
        runVerify(
          { machine: 'country', doctrine: 'note-2017', format: 'table', traceOut: file },
          BUGS.anyWithdrawal,
        );
      } catch (error) {
        caught = error;
      }
    });
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).exitCode).toBe(1);
    expect(out).toMatch(/VIOLATION/);
    expect(out).toMatch(/replay: pillar verify --replay '/);
    const trace = JSON.parse(readFileSync(file, 'utf8')) as VerifyTrace;
    expect(Object.keys(trace)).toEqual(
      expect.arrayContaining(['machine', 'doctrine', 'input', 'events', 'states', 'violation']),
    );
    expect(trace.machine).toBe('country');
    expect(trace.events).toHaveLength(1);
    expect(trace.states).toHaveLength(2);
    // The real machine refuses that withdrawal: replaying the file holds (exit 0) ...
    const fromFile = await run(['--replay', file]);
    expect(fromFile.error).toBeUndefined();
    expect(fromFile.out).toMatch(/refused/);
    // ... and so does the inline command the report prints.
    const command = getReplayCommand(trace);
    const inline = command.slice(command.indexOf("'") + 1, command.lastIndexOf("'"));
    const fromLine = await run(['--replay', inline, '--format', 'json']);
    expect(fromLine.error).toBeUndefined();
    expect(JSON.parse(fromLine.out)).toMatchObject({ accepted: [false], violations: [] });
  });

  it('names the file and field of a bad replay request', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ input: { country: 'X', region: 'mars' }, events: [] }));
    const result = await run(['--replay', file]);
    expect(result.error?.exitCode).toBe(2);
    expect(result.error?.message).toContain(`${file}: input.region`);
    const missing = await run(['--replay', join(dir, 'nope.json')]);
    expect(missing.error?.message).toMatch(/nope\.json: cannot read/);
  });
});

describe('pillar verify (help and table)', () => {
  it('shows examples, the exit codes and what --replay takes', async () => {
    let help = '';
    const program = new Command('pillar')
      .exitOverride()
      .configureOutput({ writeOut: (text) => (help += text), writeErr: () => {} });
    registerVerifyCommand(program);
    await expect(program.parseAsync(['verify', '--help'], { from: 'user' })).rejects.toMatchObject({
      code: 'commander.helpDisplayed',
    });
    expect(help).toMatch(/\nExamples:\n {2}\$ pillar verify\n/);
    expect(help).toContain('$ pillar verify --replay counterexample.json');
    expect(help).toMatch(/Exit codes:\n {2}0 .*every check holds/);
    expect(help).toMatch(/\n {2}1 .*a check fails/);
    expect(help).toMatch(/\n {2}2 .*bad input/);
    expect(help).toMatch(/--replay <file-or-json>[\s\S]*--trace-out/);
    expect(help).not.toContain('exists yet');
  });

  it('lines up the last column of the table, whatever the length of the ids', () => {
    const report = realReport('note-2017');
    const longest = [...report.checks, ...report.goals]
      .map((x) => x.id)
      .reduce((a, b) => (b.length > a.length ? b : a));
    expect(longest.length).toBeGreaterThan(27);
    const lines = formatVerifyTable([report]).split('\n');
    const goalLines = lines.filter((l) => / shortest \d+ event\(s\)$/.test(l));
    expect(goalLines).toHaveLength(report.goals.length);
    const columns = new Set(goalLines.map((l) => l.indexOf(' shortest ')));
    expect(columns.size).toBe(1);
    expect(goalLines.find((l) => l.includes(longest))).toMatch(/ {2}shortest/);
    expect(lines.filter((l) => / $/.test(l))).toEqual([]);
    // A failing check's tail starts in the same column.
    const failing: VerifyReport = {
      ...report,
      ok: false,
      checks: report.checks.map((c, i) => (i === 0 ? { ...c, holds: false } : c)),
    };
    const failLine = formatVerifyTable([failing])
      .split('\n')
      .find((l) => l.startsWith('    FAIL '));
    expect(failLine?.indexOf('-> ')).toBe([...columns][0]! + 1);
  });
});
