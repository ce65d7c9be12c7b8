/**
 * `pillar verify`: explores the country machine's whole reachable abstract state space under
 * one or both doctrines, checks every invariant on every edge, and prints coverage, "sometimes"
 * goals and the shortest counterexample of any violation. `--replay` runs a counterexample again.
 */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import {
  COUNTERFACTUAL_DOCTRINES,
  DOCTRINES,
  isDoctrine,
  isRegion,
  type Doctrine,
} from '../../domain/index.ts';
import type { CountryEvent, CountryInput } from '../../../machines/country-types.ts';
import type { CountryMachine } from '../../../machines/country.ts';
import { getPhase, getStage } from '../../country/state.ts';
import {
  DEFAULT_MAX_STATES,
  formatVerifyTable,
  replayTrace,
  verifyCountryMachine,
  type ReplayRequest,
  type VerifyReport,
  type VerifyTrace,
} from '../../verify/index.ts';
import { describeState } from '../../verify/report.ts';
import { EXIT_INVARIANT, InputError, writeOutput } from '../shared.ts';

/**
 * Machines `pillar verify` can explore. Only the country machine so far: the pillar machine
 * (machines/pillar.ts) has its invariants property-tested in tests/pillar-*.test.ts instead.
 */
export const VERIFIABLE_MACHINES = ['country'] as const;

/** The options of `pillar verify` as commander parses them. */
export interface VerifyCommandOptions {
  machine: string;
  doctrine: Doctrine | 'all';
  maxStates?: string;
  traceOut?: string;
  format: 'table' | 'json';
  replay?: string;
}

function parseMaxStates(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_STATES;
  if (!/^[1-9]\d*$/.test(value)) {
    throw new InputError(
      `--max-states must be a positive whole number (got ${JSON.stringify(value)})`,
    );
  }
  return Number(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a replay request: a trace file written by `--trace-out`, or the inline JSON object
 * `{ doctrine?, input, events }` a counterexample's replay line carries.
 */
export function readReplayRequest(arg: string): ReplayRequest {
  const inline = arg.trim().startsWith('{');
  const source = inline ? '--replay' : arg;
  let text = arg;
  if (!inline) {
    try {
      text = readFileSync(arg, 'utf8');
    } catch (error) {
      throw new InputError(
        `${arg}: cannot read the trace file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  const fail = (path: string, what: string): never => {
    throw new InputError(`${source}: ${path}: ${what}`);
  };
  if (!isRecord(data)) return fail('(top)', 'expected an object { doctrine?, input, events }');
  if (data.machine !== undefined && data.machine !== 'country') {
    fail('machine', `only "country" can be replayed (got ${JSON.stringify(data.machine)})`);
  }
  if (data.doctrine !== undefined && !isDoctrine(data.doctrine)) {
    fail('doctrine', `must be one of ${DOCTRINES.join(', ')}`);
  }
  const input = data.input;
  if (!isRecord(input)) return fail('input', 'expected an object { country, region, ... }');
  if (typeof input.country !== 'string' || input.country.length === 0)
    fail('input.country', 'expected a name');
  if (!isRegion(input.region)) fail('input.region', 'not a known region');
  if (input.doctrine !== undefined && !isDoctrine(input.doctrine))
    fail('input.doctrine', 'unknown doctrine');
  if (input.presences !== undefined && !Array.isArray(input.presences))
    fail('input.presences', 'expected a list');
  if (!Array.isArray(data.events)) return fail('events', 'expected a list of events');
  data.events.forEach((event, i) => {
    if (!isRecord(event) || typeof event.type !== 'string')
      fail(`events[${i}]`, 'expected an object with a type');
  });
  const request: ReplayRequest = {
    input: input as unknown as CountryInput,
    events: data.events as CountryEvent[],
  };
  if (data.doctrine !== undefined) request.doctrine = data.doctrine as Doctrine;
  return request;
}

function runReplay(arg: string, format: 'table' | 'json'): void {
  const request = readReplayRequest(arg);
  const result = replayTrace(request);
  if (format === 'json') {
    writeOutput(undefined, JSON.stringify(result, null, 2));
  } else {
    const lines = [`replay of ${request.events.length} event(s) with the country machine`];
    const first = result.states[0];
    if (first) lines.push(`  0. start -> ${describeState(first)}`);
    let s = 1;
    request.events.forEach((event, i) => {
      const taken = result.accepted[i];
      const state = taken ? result.states[s++] : undefined;
      const tail =
        taken === undefined
          ? 'not reached'
          : taken
            ? `-> ${state ? describeState(state) : ''}`
            : 'refused';
      lines.push(`  ${i + 1}. ${JSON.stringify(event)}\n       ${tail}`);
    });
    for (const v of result.violations)
      lines.push(`VIOLATION ${v.id} at event ${v.step + 1}: ${v.message}`);
    if (result.violations.length === 0) lines.push('every invariant holds on this trace');
    writeOutput(undefined, lines.join('\n'));
  }
  if (result.violations.length > 0) {
    throw new InputError(
      `replayed trace breaks ${[...new Set(result.violations.map((v) => v.id))].join(', ')}`,
      EXIT_INVARIANT,
    );
  }
}

/** The trace file `--trace-out` writes: the shortest counterexample, with stage names for a viewer. */
function toTraceFile(trace: VerifyTrace): string {
  const states = trace.states.map((s) => ({
    ...s,
    phase: getPhase(s.value),
    stage: getStage(s.value),
  }));
  return JSON.stringify({ ...trace, states }, null, 2);
}

/**
 * Runs `pillar verify`; throws InputError (exit 2) or, after printing, exit code 1 on a failure.
 * `machine` replaces the country machine (tests plant bugs with it).
 */
export function runVerify(options: VerifyCommandOptions, machine?: CountryMachine): void {
  if (options.replay !== undefined) {
    runReplay(options.replay, options.format);
    return;
  }
  if (!(VERIFIABLE_MACHINES as readonly string[]).includes(options.machine)) {
    throw new InputError(
      `--machine: only the country machine can be verified so far (got ${JSON.stringify(options.machine)}); the pillar machine's invariants are property-tested in tests/pillar-*.test.ts (npx vitest run tests/pillar-)`,
    );
  }
  if (options.doctrine === 'historical') {
    throw new InputError(
      '--doctrine historical cannot be verified by exploration: its lead depends on the month (DPA or DPKO by backstop before 2019-01) and the explored states carry no month; it is checked by property tests (tests/historical-doctrine.test.ts) and on every replay. Verify note-2017, adopted-2019 or all (the two)',
    );
  }
  const maxStates = parseMaxStates(options.maxStates);
  const doctrines: readonly Doctrine[] =
    options.doctrine === 'all' ? COUNTERFACTUAL_DOCTRINES : [options.doctrine];
  const reports: VerifyReport[] = doctrines.map((doctrine) =>
    verifyCountryMachine(machine ? { doctrine, maxStates, machine } : { doctrine, maxStates }),
  );
  const ok = reports.every((r) => r.ok);
  const shortest = reports
    .map((r) => r.violation)
    .filter((v): v is VerifyTrace => v !== undefined)
    .sort((a, b) => a.events.length - b.events.length)[0];
  if (options.traceOut !== undefined && shortest)
    writeOutput(options.traceOut, toTraceFile(shortest));
  const text =
    options.format === 'json'
      ? JSON.stringify({ machine: 'country', ok, reports }, null, 2)
      : formatVerifyTable(reports);
  writeOutput(undefined, text);
  if (options.traceOut !== undefined && !shortest) {
    process.stderr.write(`no violation: nothing written to ${options.traceOut}\n`);
  }
  if (!ok) {
    const failed = reports.flatMap((r) => [
      ...r.checks.filter((c) => !c.holds).map((c) => `${r.doctrine}: ${c.id} fails`),
      ...r.goals.filter((g) => !g.reached).map((g) => `${r.doctrine}: ${g.id} never reached`),
      ...(r.complete ? [] : [`${r.doctrine}: exploration stopped at --max-states ${maxStates}`]),
    ]);
    throw new InputError(`pillar verify: ${failed.join('; ')}`, EXIT_INVARIANT);
  }
}

/** Adds `pillar verify` to the program. */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .summary('explore every reachable state of the country machine and check the invariants')
    .description(
      'Breadth-first exploration of the country machine under each doctrine, over a finite universe of presences and events (malformed ones included). Every invariant is checked on every edge; state and transition coverage and "sometimes" goals are reported. A violation prints the shortest event sequence that breaks it and a command replaying it. Exit code 1 when a check fails, a goal is never reached or the state limit stops the exploration; 2 for bad input.',
    )
    .addOption(
      new Option(
        '-m, --machine <machine>',
        'machine to verify: only "country" can be verified so far (the pillar machine is property-tested instead)',
      ).default('country'),
    )
    .addOption(
      new Option(
        '-d, --doctrine <doctrine>',
        'lead doctrine, or all (note-2017 and adopted-2019; historical is refused: its lead depends on the month)',
      )
        .choices([...DOCTRINES, 'all'])
        .default('all'),
    )
    .option(
      '--max-states <n>',
      `stop after this many abstract states (default ${DEFAULT_MAX_STATES})`,
    )
    .option(
      '--trace-out <file>',
      'write the shortest counterexample as JSON (machine, doctrine, input, events, states, violation)',
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['table', 'json'])
        .default('table'),
    )
    .option(
      '--replay <file-or-json>',
      'instead of exploring, run a trace again with the real country machine: a file written by --trace-out, or the inline JSON {"doctrine"?,"input","events"} of a counterexample\'s "replay:" line',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ pillar verify
  $ pillar verify --doctrine adopted-2019 --format json
  $ pillar verify --max-states 500000 --trace-out counterexample.json
  $ pillar verify --replay counterexample.json
  $ pillar verify --replay '{"input":{"country":"X","region":"africa"},"events":[{"type":"ENGAGE_PREVENTION","month":"2000-02"}]}'

--replay runs the events one by one and prints, for each, the state it leads to or "refused",
then every invariant broken on the way; it does not explore.

Exit codes:
  0  every check holds, every goal is reached and the exploration is complete
     (with --replay: every invariant holds on the trace)
  1  a check fails (a violation), a goal is never reached, or --max-states stopped the
     exploration (with --replay: the trace breaks an invariant)
  2  bad input (unknown machine or doctrine, bad --max-states, unreadable or invalid trace)`,
    )
    .action((options: VerifyCommandOptions) => runVerify(options));
}
