// Which start-up errors are the user's to fix (one line on stderr, exit code 2) and which are
// bugs (stack, exit 1). The CLI reports its own errors the same way (cli/errors.ts).

import { GraphBuildError } from '../graph/node-table.js';
import { CorpusValidationError } from '../ingest/curated.js';
import { ExportError } from '../ingest/export/papers.js';
import { ImportError } from '../ingest/importer.js';
import { SnapshotError } from '../ingest/snapshot.js';
import { ConfigError } from './config.js';

/** A bad flag, a missing file, a port in use: the message says what to change. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE_EXIT_CODE = 2;

export function isUserError(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    error instanceof ImportError ||
    error instanceof SnapshotError ||
    error instanceof CorpusValidationError ||
    error instanceof ExportError ||
    error instanceof GraphBuildError ||
    error instanceof ConfigError
  );
}

/** What the system says, in words, for the errors a user can fix (disk full, permissions, missing paths). */
const SYSTEM_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large for the file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'already exists',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
};

/** A failed file system call whose cause is the machine's, not papergraph's: disk full, permission, missing path. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return error instanceof Error && typeof code === 'string' && code in SYSTEM_ERRORS;
}

/** "no space left on device (ENOSPC)". */
export function systemErrorText(error: NodeJS.ErrnoException): string {
  return `${SYSTEM_ERRORS[error.code ?? ''] ?? error.message} (${error.code})`;
}

/** Reports an error as one line (the user's to fix, exit 2) or with its stack (a bug, exit 1); never throws. */
export function reportError(error: unknown): void {
  if (isUserError(error)) {
    process.stderr.write(`papergraph: ${oneLine(error.message)}\n`);
    process.exitCode = USAGE_EXIT_CODE;
    return;
  }
  if (isSystemError(error) && error.syscall) {
    const path = error.path ? ` ${error.path}` : '';
    process.stderr.write(`papergraph: cannot ${error.syscall}${path}: ${systemErrorText(error)}\n`);
    process.exitCode = USAGE_EXIT_CODE;
    return;
  }
  process.stderr.write(`papergraph: unexpected error (a bug, please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
}

export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
