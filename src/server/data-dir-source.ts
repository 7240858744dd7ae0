// Which graph a data directory's change log applies to. The log's first change was made on some
// graph (the curated corpus, a snapshot, a curated-format directory): replaying it onto another
// would be wrong, so the data directory records its source (source.json) at first start and
// refuses another one while the log holds changes.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from './errors.js';
import type { GraphSourceOptions } from './graph-source.js';

export const SOURCE_FILE = 'source.json';

/** The source as recorded: absolute paths; both absent means the curated corpus shipped in data/. */
export interface RecordedSource {
  snapshot?: string;
  data?: string;
}

function normalise(source: GraphSourceOptions): RecordedSource {
  if (source.snapshot !== undefined && source.data !== undefined) throw new UsageError('give --snapshot or --data, not both');
  if (source.snapshot !== undefined) return { snapshot: resolve(source.snapshot) };
  if (source.data !== undefined) return { data: resolve(source.data) };
  return {};
}

export function describeSource(source: RecordedSource): string {
  return source.snapshot
    ? `--snapshot ${source.snapshot}`
    : source.data
      ? `--data ${source.data}`
      : 'the curated corpus (no --snapshot or --data)';
}

export function readRecordedSource(dataDir: string): RecordedSource | null {
  const path = join(resolve(dataDir), SOURCE_FILE);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RecordedSource;
  } catch (e) {
    throw new UsageError(`${path} is not readable JSON (${(e as Error).message}): restore it or remove it to record the source again`);
  }
}

/**
 * The source this start uses: the one given (recorded if none was, or if the log is empty), else
 * the recorded one, else the curated corpus. A different source than the recorded one while the
 * log holds changes is a UsageError.
 */
export function resolveDataDirSource(dataDir: string, given: GraphSourceOptions, logHasChanges: boolean): RecordedSource {
  const explicit = given.snapshot !== undefined || given.data !== undefined;
  const recorded = readRecordedSource(dataDir);
  const wanted = normalise(given);
  if (recorded && logHasChanges) {
    if (explicit && (wanted.snapshot !== recorded.snapshot || wanted.data !== recorded.data))
      throw new UsageError(
        `the change log in ${resolve(dataDir)} applies to ${describeSource(recorded)}, not ${describeSource(wanted)}: ` +
          'start without a source (the recorded one is used) or use another --data-dir',
      );
    return recorded;
  }
  const chosen = explicit || !recorded ? wanted : recorded;
  if (!recorded || recorded.snapshot !== chosen.snapshot || recorded.data !== chosen.data) {
    const path = join(resolve(dataDir), SOURCE_FILE);
    writeFileSync(`${path}.tmp`, `${JSON.stringify(chosen)}\n`);
    renameSync(`${path}.tmp`, path);
  }
  return chosen;
}
