// One process per data directory: a live holder's lock refuses a second one with its pid, a dead
// holder's lock is taken over; and the data directory keeps the source its log applies to.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, LOCK_FILE } from '../../src/server/data-dir-lock.js';
import { readRecordedSource, resolveDataDirSource } from '../../src/server/data-dir-source.js';
import { UsageError } from '../../src/server/errors.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'papergraph-lock-'));
const holder = (pid: number) => JSON.stringify({ pid, host: hostname(), command: 'serve', startedAt: '2026-11-27T16:00:00.000Z' });

describe('the data directory lock', () => {
  it('is refused while a live process holds it, naming that process', async () => {
    const dir = fresh();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, LOCK_FILE), holder(other.pid!));
      expect(() => acquireDataDirLock(dir, 'serve')).toThrow(UsageError);
      expect(() => acquireDataDirLock(dir, 'serve')).toThrow(new RegExp(`in use by papergraph serve \\(pid ${other.pid} on `));
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over the lock of a process that is gone, and releases it', () => {
    const dir = fresh();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dir, LOCK_FILE), holder(gone));
    const lock = acquireDataDirLock(dir, 'serve');
    expect(lock.tookOver?.pid).toBe(gone);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid, command: 'serve' });
    // Held by this process: a second acquire in it is refused too.
    expect(() => acquireDataDirLock(dir, 'compact')).toThrow(/in use by papergraph serve \(pid \d+/);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    acquireDataDirLock(dir, 'compact').release();
  });

  it('takes over a torn (unreadable) lock file', () => {
    const dir = fresh();
    writeFileSync(join(dir, LOCK_FILE), '{"pid": 12');
    const lock = acquireDataDirLock(dir, 'serve');
    expect(lock.tookOver).toBeNull();
    lock.release();
  });
});

describe('the source a data directory records', () => {
  it('is recorded at first start, used when none is given, and not replaced while the log has changes', () => {
    const dir = fresh();
    expect(resolveDataDirSource(dir, { snapshot: 'graph.pgs' }, false)).toEqual({ snapshot: join(process.cwd(), 'graph.pgs') });
    expect(readRecordedSource(dir)).toEqual({ snapshot: join(process.cwd(), 'graph.pgs') });
    expect(resolveDataDirSource(dir, {}, true)).toEqual({ snapshot: join(process.cwd(), 'graph.pgs') });
    expect(() => resolveDataDirSource(dir, { data: 'data' }, true)).toThrow(/applies to --snapshot .*graph\.pgs, not --data .*data/);
    // An empty log may move to another source.
    expect(resolveDataDirSource(dir, { data: 'data' }, false)).toEqual({ data: join(process.cwd(), 'data') });
    expect(readRecordedSource(dir)).toEqual({ data: join(process.cwd(), 'data') });
  });
});
