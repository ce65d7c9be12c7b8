/**
 * Problems of input files: each names the file, the field, the line and column where known. The
 * message never carries more of the file than the offending token, shortened, with control
 * characters made visible (a file can hold terminal escapes or a whole environment block).
 */

/** One problem of an input file. `line` and `column` are 1-based, when known. */
export interface FileIssue {
  file: string;
  /** The field, e.g. `presences[2].from`; empty for a problem of the whole file. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/** Success. */
export const EXIT_OK = 0;
/** An invariant failed. */
export const EXIT_INVARIANT = 1;
/** Bad input or usage. */
export const EXIT_INPUT = 2;

/** Longest message of one issue; anything longer is cut with an ellipsis. */
export const MAX_ISSUE_LENGTH = 400;
/** Longest token (a key, a value, a name) quoted in a message. */
export const MAX_TOKEN_LENGTH = 60;

/**
 * `text` with every control character (C0, DEL, C1, and the line and paragraph separators)
 * written as a visible escape (`\u001b`), so nothing from a file moves the cursor or recolours a
 * terminal.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c === '\t' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `text` cut to at most `max` characters (the last three being `...` when cut). */
export function shorten(text: string, max: number = MAX_TOKEN_LENGTH): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 3))}...` : text;
}

/**
 * A token from a file as a message shows it: shortened, in double quotes, control characters
 * escaped (JSON.stringify escapes quotes and C0; escapeControl does the rest).
 */
export function quote(value: unknown, max: number = MAX_TOKEN_LENGTH): string {
  return escapeControl(JSON.stringify(shorten(String(value), max)));
}

/** `FILE:LINE:COLUMN: PATH: MESSAGE`, leaving out what is unknown or empty; never one huge line. */
export function formatIssue(issue: FileIssue): string {
  let where = shorten(issue.file, 200);
  if (issue.line !== undefined) {
    where += `:${issue.line}`;
    if (issue.column !== undefined) where += `:${issue.column}`;
  }
  const path = shorten(issue.path, 120);
  const text = path === '' ? `${where}: ${issue.message}` : `${where}: ${path}: ${issue.message}`;
  return escapeControl(shorten(text, MAX_ISSUE_LENGTH + where.length + path.length));
}

/**
 * An error the user can act on, and the one way a command signals its exit code: the CLI prints
 * the message alone (no stack trace; nothing when it is empty) and exits with `exitCode` (2 for
 * bad input or usage unless told otherwise; 1 for a failed invariant). src/cli/main.ts maps it.
 */
export class InputError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT_INPUT) {
    super(message);
    this.name = 'InputError';
    this.exitCode = exitCode;
  }
}

/** At most this many issues are listed; the rest are counted. */
export const MAX_ISSUES = 50;

/**
 * An input file that cannot be used. The message lists every issue, one per line (at most
 * MAX_ISSUES, then a count of the rest); it is meant to be printed as is, without a stack trace.
 */
export class FileError extends InputError {
  readonly issues: FileIssue[];

  constructor(issues: FileIssue[]) {
    const shown = issues.slice(0, MAX_ISSUES).map(formatIssue);
    if (issues.length > MAX_ISSUES) shown.push(`... and ${issues.length - MAX_ISSUES} more`);
    super(shown.join('\n'), EXIT_INPUT);
    this.name = 'FileError';
    this.issues = issues;
  }
}
