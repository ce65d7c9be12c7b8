/**
 * The `pillar` entry point: runs the program on the command line's arguments and turns errors
 * into a message on stderr and an exit code (never a stack trace, unless PILLAR_DEBUG=1).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { createProgram } from './program.ts';
import { EXIT_INPUT, EXIT_OK, InputError, escapeForTerminal } from './shared.ts';

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

/** Runs `pillar` on this process's arguments and sets its exit code (output is flushed first). */
export async function main(): Promise<void> {
  process.on('SIGINT', onInterrupt);
  process.exitCode = await runCli(process.argv.slice(2));
  process.off('SIGINT', onInterrupt);
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
