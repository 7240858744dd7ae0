// One papergraph process per data directory: the server (and `papergraph compact`) holds
// `papergraph.lock`, a file naming its pid, host, command and start time. A second process is
// refused with a UsageError naming the holder; a lock whose process is gone (killed, crashed) is
// stale and taken over. The log's SQLite locking keeps the file safe regardless; this lock keeps
// two servers from each holding their own in-memory graph of one log.

import { closeSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from './errors.js';

export const LOCK_FILE = 'papergraph.lock';

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

export interface DataDirLock {
  path: string;
  /** What the lock was taken from: a stale holder, when one was taken over. */
  tookOver: LockHolder | null;
  /** Removes the lock (if it is still this process's). */
  release(): void;
}

/** Takes the data directory's lock for `command` ("serve", "compact"), or throws a UsageError naming its holder. */
export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  const path = join(resolve(dataDir), LOCK_FILE);
  mkdirSync(resolve(dataDir), { recursive: true });
  const me: LockHolder = { pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString() };
  let tookOver: LockHolder | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, me)) {
      const lock: DataDirLock = {
        path,
        tookOver,
        release: () => {
          if (!heldHere.delete(path)) return;
          if (readHolder(path)?.pid === me.pid) rmSync(path, { force: true });
          process.off('exit', lock.release);
        },
      };
      heldHere.add(path);
      process.once('exit', lock.release);
      return lock;
    }
    const holder = readHolder(path);
    if (holder && (heldHere.has(path) || isAlive(holder))) {
      throw new UsageError(
        `the data directory ${resolve(dataDir)} is in use by papergraph ${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}): ` +
          `stop that process, or use another --data-dir (if no such process runs, remove ${path})`,
      );
    }
    // Stale (its process is gone) or unreadable (torn by a crash while written): take it over.
    tookOver = holder;
    rmSync(path, { force: true });
  }
  throw new UsageError(`could not take the lock ${path}: another process keeps taking it`);
}

/** Locks this process holds: its own pid in a lock file it does not hold is a previous run's (a restarted container's pid 1). */
const heldHere = new Set<string>();

/** Creates the lock file whole, or returns false when one exists (link() fails on an existing name, atomically). */
function tryCreate(path: string, holder: LockHolder): boolean {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(temp, { force: true });
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return Number.isInteger(holder.pid) ? holder : null;
  } catch {
    return null;
  }
}

/** Whether the holder's process runs (on this host; a lock from another host is taken as live). */
function isAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return false; // not held here (checked before): a previous run's
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
