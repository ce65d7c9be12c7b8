/** What every `pillar` command shares: exit codes, errors that become messages, safe output. */
import { Option } from 'commander';
import { DOCTRINES } from '../domain/index.ts';

/**
 * Exit codes and the one error a command throws to signal one (InputError: exit 2 unless given) live
 * below the CLI (src/io/errors.ts) so library code can throw them; main.ts maps them in one place.
 */
export { EXIT_INPUT, EXIT_INVARIANT, EXIT_OK, InputError } from '../io/errors.ts';
/** Writing outputs lives below the CLI (src/io/write.ts); re-exported for the commands. */
export { writeOutput, escapeForTerminal } from '../io/write.ts';

/** Colour only for a terminal, never into a file, never with NO_COLOR set. */
export function useColor(out: string | undefined): boolean {
  const env = process.env.NO_COLOR;
  return (
    (out === undefined || out === '-') &&
    process.stdout.isTTY === true &&
    (env === undefined || env === '')
  );
}

/** The `--format` option of the commands that print tables (default `table`). */
export function formatOption(choices: readonly string[]): Option {
  return new Option('-f, --format <format>', 'output format').choices(choices).default('table');
}

/** The `--doctrine` option every command shares: the doctrines are its only choices. */
export function doctrineOption(description: string): Option {
  return new Option('-d, --doctrine <doctrine>', description).choices(DOCTRINES);
}
