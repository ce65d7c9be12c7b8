/** What every `pillar` command shares: exit codes, errors that become messages, safe output. */
import { Option } from 'commander';
import { DOCTRINES } from '../domain/index.ts';
import { InputError } from '../io/errors.ts';

export const EXIT_OK = 0;
/** An invariant failed. */
export const EXIT_INVARIANT = 1;
/** Bad input or usage. */
export const EXIT_INPUT = 2;

/**
 * An error the user can act on: printed as its message alone (no stack trace), exit code 2 unless
 * given. Defined below the CLI (src/io/errors.ts) so library code can throw it; ScenarioError and
 * every file error derive from it, and main.ts maps them all in one place.
 */
export { InputError };

/** The `--doctrine` option every command shares: the doctrines are its only choices. */
export function doctrineOption(description: string): Option {
  return new Option('-d, --doctrine <doctrine>', description).choices(DOCTRINES);
}

/** Writing outputs lives below the CLI (src/io/write.ts); re-exported for the commands. */
export { writeOutput, escapeForTerminal } from '../io/write.ts';
