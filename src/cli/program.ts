/** The `pillar` program: its commands, with commander's exits turned into thrown errors. */
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  DEFAULT_MAX_INPUT_BYTES,
  MAX_INPUT_BYTES_ENV,
  parseByteCount,
  setMaxInputBytes,
} from '../io/read.ts';
import { getPackageVersion } from '../package-root.ts';

type RegisterCommand = (program: Command) => void;

/**
 * Every `pillar` command, in the order `pillar --help` lists them, each loaded only when it is
 * needed: a command's module (and what it imports: the machines, zod, yaml, Graphviz, ws...)
 * loads when that command runs. A new command lives in its own file under commands/, exports
 * `registerXCommand(program)`, and gets one line below.
 */
export const COMMANDS: Record<string, () => Promise<RegisterCommand>> = {
  list: async () => (await import('./commands/list.ts')).registerListCommand,
  replay: async () => (await import('./commands/replay.ts')).registerReplayCommand,
  compare: async () => (await import('./commands/compare.ts')).registerCompareCommand,
  timeline: async () => (await import('./commands/timeline.ts')).registerTimelineCommand,
  simulate: async () => (await import('./commands/simulate.ts')).registerSimulateCommand,
  verify: async () => (await import('./commands/verify.ts')).registerVerifyCommand,
  diagram: async () => (await import('./commands/diagram.ts')).registerDiagramCommand,
  inspect: async () => (await import('./commands/inspect.ts')).registerInspectCommand,
  portfolio: async () => (await import('./commands/portfolio.ts')).registerPortfolioCommand,
  restructuring: async () =>
    (await import('./commands/restructuring.ts')).registerRestructuringCommand,
};

const VERSION_FLAGS = new Set(['-V', '--version']);

/**
 * The commands that `args` need: the one it names, none for `--version` alone, else all of
 * them (for the help listing, `help <command>`, and the suggestion after a mistyped command).
 */
export function getNeededCommands(args: readonly string[]): string[] {
  const word = args.find((arg) => !arg.startsWith('-'));
  if (word !== undefined && Object.hasOwn(COMMANDS, word)) return [word];
  if (word === undefined && args.length > 0 && args.every((arg) => VERSION_FLAGS.has(arg)))
    return [];
  return Object.keys(COMMANDS);
}

/**
 * A fresh `pillar` program with the commands `args` need (see {@link getNeededCommands}; by
 * default all). It never calls `process.exit`: usage errors, `--help` and `--version` throw a
 * `CommanderError` (see `exitCodeFor` in main.ts), so tests can run it in-process with
 * `await (await createProgram(args)).parseAsync(args, { from: 'user' })`.
 */
export async function createProgram(args?: readonly string[]): Promise<Command> {
  const names = args === undefined ? Object.keys(COMMANDS) : getNeededCommands(args);
  const registrars = await Promise.all(
    names.map((name) => (COMMANDS[name] as () => Promise<RegisterCommand>)()),
  );
  const program = new Command('pillar')
    .description(
      'Country transitions through the UN peace and security pillar (DPPA, DPO and the shared regional ASGs) as XState machines, with continuity-of-care invariants.',
    )
    .version(getPackageVersion())
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    })
    .addOption(
      new Option(
        '--max-input-bytes <bytes>',
        `largest input file read (default ${DEFAULT_MAX_INPUT_BYTES}, or ${MAX_INPUT_BYTES_ENV}); 512k, 64M, 1G`,
      ).argParser((value: string) => {
        const bytes = parseByteCount(value);
        if (bytes === undefined)
          throw new InvalidArgumentError('Expected a number of bytes such as 20000000, 64M or 1G.');
        return bytes;
      }),
    )
    .hook('preAction', (root) => {
      setMaxInputBytes(root.opts<{ maxInputBytes?: number }>().maxInputBytes);
    })
    .addHelpText(
      'after',
      `
Examples:
  $ pillar list
  $ pillar replay sierra-leone --doctrine adopted-2019
  $ pillar compare sierra-leone
  $ pillar replay --all --summary

Exit codes: 0 success, 1 an invariant failed, 2 bad input or usage.`,
    );
  for (const register of registrars) register(program);
  return program;
}
