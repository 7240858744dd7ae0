// The embedded change log over the curated corpus's records: seqs, group commit, replay,
// history, checkpoints, and what it does on a full disk, a damaged file and a torn WAL tail.

import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import {
  type Change, type ChangeInput, ChangeLogClosedError, ChangeLogCorruptError, ChangeLogUnavailableError, InvalidChangeError,
} from '../../src/store/change-log/change-log.js';
import { CHANGES_FILE } from '../../src/store/change-log/data-dir.js';
import { openSqliteChangeLog, type SqliteChangeLog } from '../../src/store/change-log/sqlite-change-log.js';
import { REPO_ROOT } from '../support/datasets.js';

const corpus = loadCuratedCorpus(join(REPO_ROOT, 'data'));
const paper = (id: string) => corpus.papers.find((p) => p.id === id)!;
const bigBird = paper('zaheer2020big');
const longformer = paper('beltagy2020longformer');

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

async function all(log: SqliteChangeLog, since = 0): Promise<Change[]> {
  const out: Change[] = [];
  for await (const change of log.readSince(since)) out.push(change);
  return out;
}

/** A new paper citing Big Bird, as a curator would add it: two changes, one unit. */
function addCitingPaper(n: number, actor = 'alice'): ChangeInput[] {
  const id = `curated-${n}`;
  return [
    { op: 'paper.add', actor, reason: 'missing from the guide', before: null,
      after: { ...longformer, id, title: `A paper citing Big Bird (${n})`, provenance: [{ source: 'curation', recordId: id }] } },
    { op: 'citation.add', actor, before: null,
      after: { citingId: id, citedId: bigBird.id, contexts: ['builds on block-sparse attention'], intents: ['METHOD'], isInfluential: null, provenance: [] } },
  ];
}

describe('SqliteChangeLog', () => {
  it('assigns seqs 1, 2, 3 … in commit order and reads back every field', async () => {
    const log = open(tempDir());
    expect(await log.lastSeq()).toBe(0);
    const first = await log.append(addCitingPaper(1));
    const second = await log.append([{ op: 'paper.update', actor: 'bob', before: bigBird, after: { ...bigBird, year: 2021 } }]);
    expect([...first, ...second].map((c) => c.seq)).toEqual([1, 2, 3]);
    expect(first[0].targets).toEqual([{ kind: 'Paper', id: 'curated-1' }]);
    expect(first[1].targets).toEqual([{ kind: 'Paper', id: 'curated-1' }, { kind: 'Paper', id: 'zaheer2020big' }]);
    expect(Date.parse(first[0].at)).not.toBeNaN();
    expect(first[0].reason).toBe('missing from the guide');
    expect(second[0].reason).toBeNull();
    expect(await log.lastSeq()).toBe(3);
    expect(await all(log)).toEqual([...first, ...second]);
    expect((await all(log, 2)).map((c) => c.seq)).toEqual([3]);
  });

  it('group-commits the appends of one turn: one transaction, each caller its own contiguous seqs', async () => {
    const log = open(tempDir());
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => log.append(addCitingPaper(i))));
    expect(log.commits).toBe(1);
    expect(results.map((r) => r.map((c) => c.seq))).toEqual(Array.from({ length: 10 }, (_, i) => [2 * i + 1, 2 * i + 2]));
    expect(results.map((r) => r[0].op === 'paper.add' && r[0].after.id)).toEqual(Array.from({ length: 10 }, (_, i) => `curated-${i}`));
  });

  it('without grouping, commits each append on its own', async () => {
    const log = open(tempDir(), { groupCommit: false });
    await Promise.all(Array.from({ length: 5 }, (_, i) => log.append(addCitingPaper(i))));
    expect(log.commits).toBe(5);
    expect((await all(log)).map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps every change across a reopen and goes on from the last seq', async () => {
    const dir = tempDir();
    const log = open(dir);
    const written = await log.append(addCitingPaper(1));
    await log.close();
    const again = open(dir);
    expect(again.opened.message).toBeNull(); // closed cleanly: no WAL left
    expect(await all(again)).toEqual(written);
    expect((await again.append(addCitingPaper(2))).map((c) => c.seq)).toEqual([3, 4]);
  });

  it("keeps each operation's own fields: a concept link's note, a revert's target", async () => {
    const log = open(tempDir());
    const link = corpus.paperConcepts.find((pc) => pc.paperId === bigBird.id)!;
    const [linked] = await log.append([{ op: 'concept.link', actor: 'alice', before: null, after: { ...link, score: 0.5 }, note: 'central to the paper' }]);
    const [undone] = await log.append([{ op: 'concept.unlink', actor: 'alice', before: { ...link, score: 0.5 }, after: null, reverts: linked.seq }]);
    expect(await all(log)).toEqual([linked, undone]);
    expect(linked.op === 'concept.link' && linked.note).toBe('central to the paper');
    expect(undone.reverts).toBe(1);
    expect(undone.targets).toEqual([{ kind: 'Paper', id: bigBird.id }, { kind: 'Concept', id: link.conceptId }]);
  });

  it('answers the history of a node: the changes that touch it, either way round', async () => {
    const log = open(tempDir());
    await log.append(addCitingPaper(1));
    await log.append([{ op: 'paper.update', actor: 'bob', before: bigBird, after: { ...bigBird, aliases: [...bigBird.aliases, 'BigBird'] } }]);
    await log.append(addCitingPaper(2));
    const history = await log.historyOf({ kind: 'Paper', id: bigBird.id }, { limit: 10 });
    expect(history.map((c) => [c.seq, c.op])).toEqual([[2, 'citation.add'], [3, 'paper.update'], [5, 'citation.add']]);
    const newest = await log.historyOf({ kind: 'Paper', id: bigBird.id }, { limit: 2, newestFirst: true });
    expect(newest.map((c) => c.seq)).toEqual([5, 3]);
    expect((await log.historyOf({ kind: 'Paper', id: bigBird.id }, { limit: 10, after: 2, before: 5 })).map((c) => c.seq)).toEqual([3]);
    expect(await log.historyOf({ kind: 'Concept', id: bigBird.id }, { limit: 10 })).toEqual([]);
  });

  it('records checkpoints and refuses one outside the log', async () => {
    const log = open(tempDir());
    expect(await log.lastCheckpoint()).toBeNull();
    await log.append(addCitingPaper(1));
    const checkpoint = await log.checkpoint(2, 'snapshot-2.pgs');
    expect(await log.lastCheckpoint()).toEqual(checkpoint);
    await expect(log.checkpoint(3)).rejects.toThrow(InvalidChangeError);
    await expect(log.checkpoint(1)).rejects.toThrow(/from 2 \(the last checkpoint\) to 2/);
  });

  it('refuses an unknown operation or a change without an actor, and uses no seq for it', async () => {
    const log = open(tempDir());
    await expect(log.append([{ op: 'paper.delete', actor: 'alice' } as unknown as ChangeInput])).rejects.toThrow(InvalidChangeError);
    await expect(log.append([{ ...addCitingPaper(1)[0], actor: '' }])).rejects.toThrow(/needs an actor/);
    expect((await log.append(addCitingPaper(1)))[0].seq).toBe(1);
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

  it('rejects appends after close', async () => {
    const log = open(tempDir());
    await log.close();
    await expect(log.append(addCitingPaper(1))).rejects.toThrow(ChangeLogClosedError);
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
    const { acknowledged, copy } = await crashedCopy((wal, ackBytes) => truncateSync(wal, ackBytes + Math.floor((statSync(wal).size - ackBytes) / 2) + 7));
    const log = open(copy);
    expect(log.opened.wal.discardedFrames + (log.opened.wal.partialBytes > 0 ? 1 : 0)).toBeGreaterThan(0);
    expect(log.opened.message).toMatch(/not closed cleanly: SQLite's WAL recovery kept \d+ committed frame\(s\) and dropped a torn or unfinished write/);
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
