// The data directory (`--data-dir`, default ./papergraph-data): SQLite files opened in WAL mode
// with synchronous=FULL, so a commit returns only once its WAL frames are synced to disk.
// changes.sqlite holds the change log and checkpoints; keys.sqlite the API keys (kept apart so
// key administration from the CLI never writes into the change log's WAL).

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ChangeLogCorruptError, ChangeLogUnavailableError } from './change-log.js';
import { scanWal, type WalScan } from './wal-scan.js';

export const DEFAULT_DATA_DIR = './papergraph-data';
export const CHANGES_FILE = 'changes.sqlite';
export const KEYS_FILE = 'keys.sqlite';

export interface OpenedDatabase {
  db: Database.Database;
  path: string;
  /** What the -wal file held when opened: a non-empty one means the last process did not close the file (a crash, or another process has it open). */
  wal: WalScan;
}

/**
 * Opens (creating it and the directory if need be) one SQLite file of the data directory and
 * applies `schema` (idempotent DDL). `pageSize` applies to a file created now (SQLite fixes it
 * at creation): larger pages keep big rows out of overflow chains, which makes reading them back faster.
 */
export function openDataFile(dataDir: string, file: string, schema: string, { pageSize }: { pageSize?: number } = {}): OpenedDatabase {
  const dir = resolve(dataDir);
  const path = join(dir, file);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new ChangeLogUnavailableError(`cannot create the data directory ${dir}: ${(e as Error).message}`, { cause: e });
  }
  const wal = scanWal(`${path}-wal`);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { timeout: 5000 });
    if (pageSize) db.pragma(`page_size = ${pageSize}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(schema);
    return { db, path, wal };
  } catch (e) {
    db?.close();
    throw sqliteOpenError(path, e);
  }
}

/** SQLite's error codes that mean the file is damaged or is not a database. */
export function isCorruption(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? '';
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

function sqliteOpenError(path: string, e: unknown): Error {
  const message = (e as Error)?.message ?? String(e);
  if (isCorruption(e))
    return new ChangeLogCorruptError(
      `${path} is damaged or not a papergraph data file (${message}); restore it from a backup or move it aside`,
      { cause: e },
    );
  return new ChangeLogUnavailableError(`cannot open ${path}: ${message}`, { cause: e });
}

export function dataFilePath(dataDir: string, file: string): string {
  return join(resolve(dataDir), file);
}
