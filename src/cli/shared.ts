/** What every `pillar` command shares: exit codes, errors that become messages, safe output. */
import { Option } from 'commander';
import { DOCTRINES } from '../domain/index.ts';

export { EXIT_INVARIANT, EXIT_OK, InputError } from '../io/errors.ts';
export { writeOutput } from '../io/write-output.ts';

/** The `--doctrine` option every command shares: the doctrines are its only choices. */
export function doctrineOption(description: string): Option {
  return new Option('-d, --doctrine <doctrine>', description).choices(DOCTRINES);
}
