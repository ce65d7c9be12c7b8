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

/** Where a status line is written: a stream that may be a terminal. */
export interface StatusStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** A line of progress rewritten in place on a terminal. */
export interface StatusLine {
  /**
   * Shows `text`, unless a line was shown less than the interval ago; `final` always shows it,
   * and ends the line (it stays on the terminal).
   */
  show(text: string, final?: boolean): void;
  /** Erases the line, if one was shown. */
  clear(): void;
}

/**
 * A progress line for long work (`simulate`, `verify`), on a terminal only: undefined elsewhere,
 * so piped output and logs stay clean. Rewritten in place (carriage return, erase line) at most
 * every `everyMs`.
 */
export function statusLine(
  everyMs: number,
  stream: StatusStream = process.stderr,
): StatusLine | undefined {
  if (stream.isTTY !== true) return undefined;
  let last = 0;
  let shown = false;
  return {
    show(text, final = false) {
      const now = Date.now();
      if (!final && now - last < everyMs) return;
      last = now;
      shown = !final;
      stream.write(`\r\u001b[K${text}${final ? '\n' : ''}`);
    },
    clear() {
      if (shown) stream.write('\r\u001b[K');
      shown = false;
    },
  };
}

/** The `--doctrine` option every command shares: the doctrines are its only choices. */
export function doctrineOption(description: string): Option {
  return new Option('-d, --doctrine <doctrine>', description).choices(DOCTRINES);
}
