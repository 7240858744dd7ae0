// The embedded change log: the change log contract (change-log-contract.ts) over SQLite, and
// what is its own: group commit, a full disk, a damaged file and a torn WAL tail.

import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChangeInput, ChangeLogCorruptError, ChangeLogUnavailableError } from '../../src/store/change-log/change-log.js';
import { CHANGES_FILE } from '../../src/store/change-log/data-dir.js';
import { openSqliteChangeLog, type SqliteChangeLog } from '../../src/store/change-log/sqlite-change-log.js';
import { addCitingPaper, all, describeChangeLogContract, longformer } from './change-log-contract.js';

describeChangeLogContract('SqliteChangeLog', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-log-'));
  return {
    open: async () => openSqliteChangeLog({ dataDir }),
    destroy: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});

const dirs: string[] = [];
const logs: SqliteChangeLog[] = [];
afterEach(async () => {
  for (const log of logs.splice(0)) await log.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-log-'));
  dirs.push(dir);
  return dir;
}

function open(dataDir: string, options: { groupCommit?: boolean; maxSizeBytes?: number } = {}): SqliteChangeLog {
  const log = openSqliteChangeLog({ dataDir, ...options });
  logs.push(log);
  return log;
}

describe('SqliteChangeLog', () => {
  it('group-commits the appends of one turn: one transaction, each caller its own contiguous seqs', async () => {
    const log = open(tempDir());
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => log.append(addCitingPaper(i))));
    expect(log.commits).toBe(1);
    expect(results.map((r) => r.map((c) => c.seq))).toEqual(Array.from({ length: 10 }, (_, i) => [2 * i + 1, 2 * i + 2]));
    expect(results.map((r) => r[0].op === 'paper.add' && r[0].after.id)).toEqual(Array.from({ length: 10 }, (_, i) => `curated-${i}`));
  });

  it('makes a new log with 16 KiB pages (a change of a few KiB stays out of overflow pages)', async () => {
    const dir = tempDir();
    await open(dir).append(addCitingPaper(1));
    const db = new Database(join(dir, CHANGES_FILE), { readonly: true });
    expect(db.pragma('page_size', { simple: true })).toBe(16384);
    db.close();
  });

  it('without grouping, commits each append on its own', async () => {
    const log = open(tempDir(), { groupCommit: false });
    await Promise.all(Array.from({ length: 5 }, (_, i) => log.append(addCitingPaper(i))));
    expect(log.commits).toBe(5);
    expect((await all(log)).map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('reopens after a clean close with no recovery to report', async () => {
    const dir = tempDir();
    const log = open(dir);
    const written = await log.append(addCitingPaper(1));
    await log.close();
    const again = open(dir);
    expect(again.opened.message).toBeNull(); // closed cleanly: no WAL left
    expect(await all(again)).toEqual(written);
    expect((await again.append(addCitingPaper(2))).map((c) => c.seq)).toEqual([3, 4]);
  });

  it('on a full disk rejects the append with ChangeLogUnavailableError, writes none of it, and stays readable', async () => {
    const dir = tempDir();
    const seed = open(dir);
    await seed.append(addCitingPaper(1));
    await seed.close();
    const log = open(dir, { maxSizeBytes: statSync(join(dir, CHANGES_FILE)).size });
    const big = { ...addCitingPaper(2)[0], after: { ...longformer, id: 'huge', abstract: 'x'.repeat(200_000) } } as ChangeInput;
    const failed = log.append([...addCitingPaper(3), big]);
    await expect(failed).rejects.toThrow(ChangeLogUnavailableError);
    await expect(failed).rejects.toThrow(/the change was not saved: the change log cannot write \(SQLITE_FULL/);
    expect(await log.lastSeq()).toBe(2);
    expect((await all(log)).map((c) => c.seq)).toEqual([1, 2]);
    await log.close();
    // Room again (the cap lifted): the log goes on with no gap.
    expect((await open(dir).append(addCitingPaper(4)))[0].seq).toBe(3);
  });

  it('says which change is damaged when a payload does not parse', async () => {
    const dir = tempDir();
    const log = open(dir);
    await log.append(addCitingPaper(1));
    const raw = new Database(join(dir, CHANGES_FILE));
    raw.prepare("UPDATE changes SET after = '{\"citingId' WHERE seq = 2").run();
    raw.close();
    await expect(all(log)).rejects.toThrow(ChangeLogCorruptError);
    await expect(all(log)).rejects.toThrow('change 2 is damaged: its before, after or extra is not JSON');
    expect((await log.historyOf({ kind: 'Paper', id: 'curated-1' }, { limit: 1 }))[0].seq).toBe(1);
  });

  it('says a damaged file is damaged', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, CHANGES_FILE), Buffer.alloc(8192, 0x5a));
    expect(() => openSqliteChangeLog({ dataDir: dir })).toThrow(ChangeLogCorruptError);
    expect(() => openSqliteChangeLog({ dataDir: dir })).toThrow(/is damaged or not a papergraph data file/);
  });
});

describe('a torn WAL tail (the files as a crash mid-commit leaves them)', () => {
  /** The data directory as it was on disk after batch 1 was acknowledged and while batch 2 was being written. */
  async function crashedCopy(tear: (wal: string, acknowledgedBytes: number) => void) {
    const live = tempDir();
    const log = open(live);
    const acknowledged = await log.append(addCitingPaper(1));
    const acknowledgedBytes = statSync(join(live, `${CHANGES_FILE}-wal`)).size;
    await log.append(addCitingPaper(2));
    const copy = tempDir();
    copyFileSync(join(live, CHANGES_FILE), join(copy, CHANGES_FILE));
    copyFileSync(join(live, `${CHANGES_FILE}-wal`), join(copy, `${CHANGES_FILE}-wal`));
    expect(statSync(join(copy, `${CHANGES_FILE}-wal`)).size).toBeGreaterThan(acknowledgedBytes);
    tear(join(copy, `${CHANGES_FILE}-wal`), acknowledgedBytes);
    return { acknowledged, copy };
  }

  it('drops a write cut off mid-frame, keeps every committed change, and says so', async () => {
    const { acknowledged, copy } = await crashedCopy((wal, ackBytes) =>
      truncateSync(wal, ackBytes + Math.floor((statSync(wal).size - ackBytes) / 2) + 7),
    );
    const log = open(copy);
    expect(log.opened.wal.discardedFrames + (log.opened.wal.partialBytes > 0 ? 1 : 0)).toBeGreaterThan(0);
    expect(log.opened.message).toMatch(
      /not closed cleanly: SQLite's WAL recovery kept \d+ committed frame\(s\) and dropped a torn or unfinished write/,
    );
    expect(await all(log)).toEqual(acknowledged);
    expect((await log.append(addCitingPaper(3)))[0].seq).toBe(3);
  });

  it('drops a last frame whose bytes were torn (checksum fails)', async () => {
    const { acknowledged, copy } = await crashedCopy((wal) => {
      const bytes = readFileSync(wal);
      bytes[bytes.length - 100] ^= 0xff;
      writeFileSync(wal, bytes);
    });
    const log = open(copy);
    expect(log.opened.wal.discardedFrames).toBeGreaterThan(0);
    expect(await all(log)).toEqual(acknowledged);
  });

  it('reports no torn write when the WAL ends on a commit', async () => {
    const { copy } = await crashedCopy(() => {});
    const log = open(copy);
    expect(log.opened.message).toMatch(/not closed cleanly: .* found no torn write/);
    expect(log.opened.wal.discardedFrames).toBe(0);
    expect((await all(log)).map((c) => c.seq)).toEqual([1, 2, 3, 4]);
  });
});
