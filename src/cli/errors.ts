// Which errors are the user's to fix (one line on stderr, exit code 2) and which are bugs (stack, 1).
// The rules are the server's (server/errors.ts); the CLI adds Commander's own errors.

import { CommanderError } from 'commander';
import { reportError as reportServerError, USAGE_EXIT_CODE } from '../server/errors.js';

export { isSystemError, isUserError, oneLine, systemErrorText, USAGE_EXIT_CODE, UsageError } from '../server/errors.js';

/** Reports an error the way the CLI promises and sets the exit code; never throws. */
export function reportError(error: unknown): void {
  if (error instanceof CommanderError) {
    // Commander has printed its one line (or the help) already.
    process.exitCode = error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    return;
  }
  reportServerError(error);
}
