/** Exit codes and the error a user can act on, shared by the library's loaders and the CLI. */

export const EXIT_OK = 0;
/** An invariant failed. */
export const EXIT_INVARIANT = 1;
/** Bad input or usage. */
export const EXIT_INPUT = 2;

/**
 * An error the user can act on: printed as its message alone (no stack trace), exit code 2.
 */
export class InputError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT_INPUT) {
    super(message);
    this.name = 'InputError';
    this.exitCode = exitCode;
  }
}
