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
  return error instanceof UsageError || error instanceof ImportError || error instanceof SnapshotError
    || error instanceof CorpusValidationError || error instanceof ExportError || error instanceof GraphBuildError
    || error instanceof ConfigError;
}

/** Reports an error as one line (the user's to fix, exit 2) or with its stack (a bug, exit 1); never throws. */
export function reportError(error: unknown): void {
  if (isUserError(error)) {
    process.stderr.write(`papergraph: ${oneLine(error.message)}\n`);
    process.exitCode = USAGE_EXIT_CODE;
    return;
  }
  process.stderr.write(`papergraph: unexpected error (a bug, please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
}

export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
