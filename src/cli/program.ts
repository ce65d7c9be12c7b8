/** The `pillar` program: its commands, with commander's exits turned into thrown errors. */
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  DEFAULT_MAX_INPUT_BYTES,
  MAX_INPUT_BYTES_ENV,
  parseByteCount,
  setMaxInputBytes,
} from '../io/read.ts';
import { registerCommands } from './commands/index.ts';

/** Version shown by `pillar --version`. */
export const VERSION = '0.1.0';

/**
 * A fresh `pillar` program. It never calls `process.exit`: usage errors, `--help` and
 * `--version` throw a `CommanderError` (see `exitCodeFor` in main.ts), so tests can run it
 * in-process with `await createProgram().parseAsync(args, { from: 'user' })`.
 */
export function createProgram(): Command {
  const program = new Command('pillar')
    .description(
      'Country transitions through the UN peace and security pillar (DPPA, DPO and the shared regional ASGs) as XState machines, with continuity-of-care invariants.',
    )
    .version(VERSION)
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
  return registerCommands(program);
}
