/**
 * The `pillar` entry point: runs the program on the command line's arguments and turns errors
 * into a message on stderr and an exit code (never a stack trace, unless PILLAR_DEBUG=1).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { createProgram } from './program.ts';
import { EXIT_INPUT, EXIT_INVARIANT, EXIT_OK, InputError, escapeForTerminal } from './shared.ts';

/** An error nobody planned for: a bug, reported as such. */
export const EXIT_UNEXPECTED = 70;

/** The exit code for an error thrown while running a command, and what to print for it. */
export function exitCodeFor(error: unknown): { code: number; message: string | null } {
  if (error instanceof CommanderError) {
    // commander already printed its message (or the help); help and version exit 0.
    return { code: error.exitCode === 0 ? EXIT_OK : EXIT_INPUT, message: null };
  }
  // Every error a command throws on purpose is an InputError (ScenarioError and the other file
  // errors too). Without a message: the command already printed what went wrong.
  if (error instanceof InputError) {
    return { code: error.exitCode, message: error.message === '' ? null : error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: EXIT_UNEXPECTED, message: `pillar: unexpected error: ${message}` };
}

/**
 * Runs `pillar` with `args` (without node and script) and returns the exit code; output goes to
 * process.stdout and process.stderr. Never calls `process.exit`.
 */
export async function runCli(args: readonly string[]): Promise<number> {
  try {
    const program = await createProgram(args);
    await program.parseAsync([...args], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    const { code, message } = exitCodeFor(error);
    if (message !== null) process.stderr.write(`${escapeForTerminal(message)}\n`);
    if (code === EXIT_UNEXPECTED && process.env.PILLAR_DEBUG === '1' && error instanceof Error) {
      process.stderr.write(`${error.stack ?? ''}\n`);
    } else if (code === EXIT_UNEXPECTED) {
      process.stderr.write('(set PILLAR_DEBUG=1 for the stack trace)\n');
    }
    return code;
  }
}

/** The exit code after an interrupt (Ctrl-C): 128 + SIGINT, as shells report it. */
export const EXIT_INTERRUPTED = 130;

/**
 * Ctrl-C ends a command at once with exit code 130 and one line on stderr, unless the command
 * handles the signal itself (`pillar inspect` closes its server first). What `simulate --out`
 * has written stays resumable: records are appended whole, and `--resume` checks every one.
 */
function onInterrupt(): void {
  if (process.listenerCount('SIGINT') > 1) return;
  process.stderr.write('pillar: interrupted\n');
  process.exit(EXIT_INTERRUPTED);
}

/**
 * A reader that stops early (`pillar replay --all | head`) closes the pipe: the writes that follow
 * fail with EPIPE (and then on a destroyed stream). That is no error of the command: what the
 * reader did not take is dropped, and the command ends with its own exit code, without a stack
 * trace. Any other write error (a full disk under a redirection) is reported once the command
 * has ended, with exit code 2, as an `--out` that cannot be written is.
 */
function guardOutput(stream: NodeJS.WriteStream, name: string): { failure: () => string | null } {
  let failure: string | null = null;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    failure ??= `pillar: cannot write to ${name}: ${error.message}`;
  });
  return { failure: () => failure };
}

/** Resolves once what was written to `stream` has gone, or failed (then its error was emitted). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) setImmediate(resolve);
    else stream.write('', () => setImmediate(resolve));
  });
}

/** Runs `pillar` on this process's arguments and sets its exit code (output is flushed first). */
export async function main(): Promise<void> {
  process.on('SIGINT', onInterrupt);
  const stdout = guardOutput(process.stdout, 'standard output');
  const stderr = guardOutput(process.stderr, 'standard error');
  let code = await runCli(process.argv.slice(2));
  process.off('SIGINT', onInterrupt);
  process.exitCode = code;
  // A failed write is reported on the stream after the write returned: let it arrive.
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  const failure = stdout.failure() ?? stderr.failure();
  if (failure !== null) {
    if (stderr.failure() === null) process.stderr.write(`${failure}\n`);
    if (code === EXIT_OK || code === EXIT_INVARIANT) code = EXIT_INPUT;
  }
  process.exitCode = code;
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
