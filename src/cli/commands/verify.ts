/**
 * `pillar verify`: explores the country machine's whole reachable abstract state space under
 * one or both doctrines, checks every invariant on every edge, and prints coverage, "sometimes"
 * goals and the shortest counterexample of any violation. `--replay` runs a counterexample again.
 */
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
  ABSTRACTIONS,
  formatVerifyTable,
  replayTrace,
  verifyCountryMachine,
  type ExploreProgress,
  type ReplayRequest,
  type VerifyReport,
  type AbstractionId,
  type VerifyTrace,
} from '../../verify/index.ts';
import { describeState } from '../../verify/report.ts';
import { FileError } from '../../io/errors.ts';
import { readInputText } from '../../io/read.ts';
import { parseStructured } from '../../io/structured.ts';
import {
  DEFAULT_PILLAR_DEPTH,
  formatPillarReport,
  verifyPillarMachine,
} from '../../verify/pillar.ts';
import {
  EXIT_INVARIANT,
  InputError,
  statusLine,
  writeOutput,
  type StatusStream,
} from '../shared.ts';

/**
 * Machines `pillar verify` can explore: the country machine (whole abstract state space) and the
 * pillar machine (bounded universe, to a depth bound; src/verify/pillar.ts).
 */
export const VERIFIABLE_MACHINES = ['country', 'pillar'] as const;

/** The options of `pillar verify` as commander parses them. */
export interface VerifyCommandOptions {
  machine: string;
  doctrine: Doctrine | 'all';
  abstraction?: AbstractionId;
  /** Depth bound of the pillar machine's exploration. */
  depth?: string;
  maxStates?: string;
  traceOut?: string;
  format: 'table' | 'json';
  replay?: string;
}

function parseMaxStates(value: string | undefined, abstraction: AbstractionId): number {
  if (value === undefined) return ABSTRACTIONS[abstraction].maxStates;
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
  // One reader and one parser for every input (regular files only, size limit, strict UTF-8,
  // duplicate keys and deep nesting refused); their errors are InputErrors with positions.
  let text = arg;
  if (!inline) {
    try {
      text = readInputText(arg, { what: 'a trace file' });
    } catch (error) {
      if (!(error instanceof FileError)) throw error;
      throw new FileError(
        error.issues.map((i) => ({ ...i, message: `cannot read the trace file (${i.message})` })),
      );
    }
  }
  const { data } = parseStructured(text, source, { json: true, expected: 'a trace' });
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

function parseDepth(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PILLAR_DEPTH;
  if (!/^[1-9]\d*$/.test(value) || Number(value) > 12) {
    throw new InputError(
      `--depth must be a whole number from 1 to 12 (got ${JSON.stringify(value)})`,
    );
  }
  return Number(value);
}

/** `pillar verify --machine pillar`: the pillar machine over its bounded universe. */
function runPillarVerify(options: VerifyCommandOptions): void {
  const maxDepth = parseDepth(options.depth);
  const maxStates = parseMaxStates(options.maxStates, 'default');
  const doctrines: readonly Doctrine[] =
    options.doctrine === 'all' ? DOCTRINES : [options.doctrine];
  const reports = doctrines.map((doctrine) =>
    verifyPillarMachine({ doctrine, maxDepth, maxStates }),
  );
  const ok = reports.every((r) => r.ok);
  writeOutput(
    undefined,
    options.format === 'json'
      ? JSON.stringify({ machine: 'pillar', ok, reports }, null, 2)
      : reports.map(formatPillarReport).join('\n'),
  );
  if (!ok) {
    const failed = reports.flatMap((r) => [
      ...r.checks.filter((c) => !c.holds).map((c) => `${r.doctrine}: ${c.id} fails`),
      ...(r.complete ? [] : [`${r.doctrine}: exploration stopped at --max-states ${maxStates}`]),
    ]);
    throw new InputError(`pillar verify: ${failed.join('; ')}`, EXIT_INVARIANT);
  }
}

/**
 * On a terminal, a progress line for a long exploration (rewritten in place, at most every
 * half second, cleared at the end); elsewhere nothing, so piped output and logs stay clean.
 */
export function progressLine(
  label: string,
  stream?: StatusStream,
): ((progress: ExploreProgress) => void) | undefined {
  const line = statusLine(500, stream);
  if (line === undefined) return undefined;
  const started = Date.now();
  const n = (x: number) => x.toLocaleString('en-US');
  return ({ states, expanded, edges, depth, done }) => {
    if (done) return line.clear();
    const seconds = Math.round((Date.now() - started) / 1000);
    line.show(
      `${label}: ${n(states)} states, ${n(expanded)} expanded, ${n(edges)} edges, depth ${depth}, ${seconds} s`,
    );
  };
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
      `--machine must be one of ${VERIFIABLE_MACHINES.join(', ')} (got ${JSON.stringify(options.machine)})`,
    );
  }
  if (options.machine === 'pillar') {
    runPillarVerify(options);
    return;
  }
  if (options.doctrine === 'historical') {
    throw new InputError(
      '--doctrine historical cannot be verified by exploration: its lead depends on the month (DPA or DPKO by backstop before 2019-01) and the explored states carry no month; it is checked by property tests (tests/historical-doctrine.test.ts) and on every replay. Verify note-2017, adopted-2019 or all (the two)',
    );
  }
  const abstraction = options.abstraction ?? 'default';
  const maxStates = parseMaxStates(options.maxStates, abstraction);
  const doctrines: readonly Doctrine[] =
    options.doctrine === 'all' ? COUNTERFACTUAL_DOCTRINES : [options.doctrine];
  const reports: VerifyReport[] = doctrines.map((doctrine) => {
    const onProgress = progressLine(`pillar verify ${doctrine}`);
    return verifyCountryMachine({
      doctrine,
      abstraction,
      maxStates,
      ...(machine ? { machine } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  });
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
    .summary(
      'explore every reachable state of the country (or pillar) machine and check the invariants',
    )
    .description(
      'Breadth-first exploration of the country machine under each doctrine, over a finite universe of presences and events (malformed ones included). Every invariant is checked on every edge; state and transition coverage and "sometimes" goals are reported. A violation prints the shortest event sequence that breaks it and a command replaying it. Exit code 1 when a check fails, a goal is never reached or the state limit stops the exploration; 2 for bad input.',
    )
    .addOption(
      new Option(
        '-m, --machine <machine>',
        'machine to verify: country (its whole abstract state space) or pillar (a bounded universe of two countries, to --depth)',
      ).default('country'),
    )
    .option(
      '--depth <n>',
      `with --machine pillar: the longest event sequence explored (default ${DEFAULT_PILLAR_DEPTH})`,
    )
    .addOption(
      new Option(
        '-d, --doctrine <doctrine>',
        'lead doctrine, or all (note-2017 and adopted-2019; historical is refused: its lead depends on the month)',
      )
        .choices([...DOCTRINES, 'all'])
        .default('all'),
    )
    .addOption(
      new Option(
        '-a, --abstraction <size>',
        `how much to explore: ${Object.values(ABSTRACTIONS)
          .map((a) => `${a.id} = ${a.description}`)
          .join('; ')}`,
      )
        .choices(Object.keys(ABSTRACTIONS))
        .default('default'),
    )
    .option(
      '--max-states <n>',
      `stop after this many abstract states (default ${Object.values(ABSTRACTIONS)
        .map((a) => `${a.maxStates} for ${a.id}`)
        .join(', ')})`,
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
  $ pillar verify --abstraction large
  $ pillar verify --machine pillar --doctrine note-2017
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
