// The change log contract: what every ChangeLog (the embedded SQLite log, the PostgreSQL log)
// must do, over the curated corpus's records. `describeChangeLogContract(name, storage)`
// runs it; `storage()` gives fresh, empty storage that `open()` can open more than once.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import {
  BEFORE_NOT_APPLIED,
  type Change,
  type ChangeInput,
  type ChangeLog,
  ChangeLogClosedError,
  ChangeLogMovedError,
  InvalidChangeError,
  type ReplayChange,
} from '../../src/store/change-log/change-log.js';
import { REPO_ROOT } from '../support/datasets.js';

export const corpus = loadCuratedCorpus(join(REPO_ROOT, 'data'));
const paper = (id: string) => ({ ...corpus.papers.find((p) => p.id === id)!, authors: [] });
export const bigBird = paper('zaheer2020big');
export const longformer = paper('beltagy2020longformer');

/** The lean replay read: each page's size and last seq, and its changes. */
export async function replayed(
  log: ChangeLog,
  since: number,
  pageSize: number,
): Promise<{ pages: [number, number][]; changes: ReplayChange[] }> {
  const pages: [number, number][] = [];
  const changes: ReplayChange[] = [];
  for await (const page of log.replaySince(since, pageSize)) {
    pages.push([page.size, page.lastSeq]);
    changes.push(...page);
  }
  return { pages, changes };
}

export async function all(log: ChangeLog, since = 0): Promise<Change[]> {
  const out: Change[] = [];
  for await (const change of log.readSince(since)) out.push(change);
  return out;
}

/** A new paper citing Big Bird, as a curator would add it: two changes, one unit. */
export function addCitingPaper(n: number, actor = 'alice'): ChangeInput[] {
  const id = `curated-${n}`;
  return [
    {
      op: 'paper.add',
      actor,
      reason: 'missing from the guide',
      before: null,
      after: { ...longformer, id, title: `A paper citing Big Bird (${n})`, provenance: [{ source: 'curation', recordId: id }] },
    },
    {
      op: 'citation.add',
      actor,
      before: null,
      after: {
        citingId: id,
        citedId: bigBird.id,
        contexts: ['builds on block-sparse attention'],
        intents: ['METHOD'],
        isInfluential: null,
        provenance: [],
      },
    },
  ];
}

export interface ChangeLogStorage {
  open(): Promise<ChangeLog>;
  /** Removes the storage (after every log opened on it is closed). */
  destroy(): Promise<void>;
}

export function describeChangeLogContract(name: string, makeStorage: () => Promise<ChangeLogStorage>): void {
  describe(`${name}: the change log contract`, () => {
    const opened: ChangeLog[] = [];
    const storages: ChangeLogStorage[] = [];
    afterEach(async () => {
      for (const log of opened.splice(0)) await log.close();
      for (const storage of storages.splice(0)) await storage.destroy();
    });
    const fresh = async () => {
      const storage = await makeStorage();
      storages.push(storage);
      return storage;
    };
    const openOn = async (storage: ChangeLogStorage) => {
      const log = await storage.open();
      opened.push(log);
      return log;
    };
    const open = async () => openOn(await fresh());

    it('keeps every change across a reopen and goes on from the last seq', async () => {
      const storage = await fresh();
      const log = await openOn(storage);
      const written = await log.append(addCitingPaper(1));
      await log.close();
      const again = await openOn(storage);
      expect(await all(again)).toEqual(written);
      expect((await again.append(addCitingPaper(2))).map((c) => c.seq)).toEqual([3, 4]);
    });

    it('gives concurrent callers each their own contiguous seqs, in call order', async () => {
      const log = await open();
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => log.append(addCitingPaper(i))));
      expect(results.map((r) => r.map((c) => c.seq))).toEqual(Array.from({ length: 10 }, (_, i) => [2 * i + 1, 2 * i + 2]));
      expect(results.map((r) => r[0].op === 'paper.add' && r[0].after.id)).toEqual(Array.from({ length: 10 }, (_, i) => `curated-${i}`));
      expect((await all(log)).map((c) => c.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it('assigns seqs 1, 2, 3 … in commit order and reads back every field', async () => {
      const log = await open();
      expect(await log.lastSeq()).toBe(0);
      const first = await log.append(addCitingPaper(1));
      const second = await log.append([{ op: 'paper.update', actor: 'bob', before: bigBird, after: { ...bigBird, year: 2021 } }]);
      expect([...first, ...second].map((c) => c.seq)).toEqual([1, 2, 3]);
      expect(first[0].targets).toEqual([{ kind: 'Paper', id: 'curated-1' }]);
      expect(first[1].targets).toEqual([
        { kind: 'Paper', id: 'curated-1' },
        { kind: 'Paper', id: 'zaheer2020big' },
      ]);
      expect(Date.parse(first[0].at)).not.toBeNaN();
      expect(first[0].reason).toBe('missing from the guide');
      expect(second[0].reason).toBeNull();
      expect(await log.lastSeq()).toBe(3);
      expect(await all(log)).toEqual([...first, ...second]);
      expect((await all(log, 2)).map((c) => c.seq)).toEqual([3]);
    });

    it("keeps each operation's own fields: a concept link's note, a revert's target", async () => {
      const log = await open();
      const link = corpus.paperConcepts.find((pc) => pc.paperId === bigBird.id)!;
      const [linked] = await log.append([
        { op: 'concept.link', actor: 'alice', before: null, after: { ...link, score: 0.5 }, note: 'central to the paper' },
      ]);
      const [undone] = await log.append([
        { op: 'concept.unlink', actor: 'alice', before: { ...link, score: 0.5 }, after: null, reverts: linked.seq },
      ]);
      expect(await all(log)).toEqual([linked, undone]);
      expect(linked.op === 'concept.link' && linked.note).toBe('central to the paper');
      expect(undone.reverts).toBe(1);
      expect(undone.targets).toEqual([
        { kind: 'Paper', id: bigBird.id },
        { kind: 'Concept', id: link.conceptId },
      ]);
    });

    it('answers the history of a node: the changes that touch it, either way round', async () => {
      const log = await open();
      await log.append(addCitingPaper(1));
      await log.append([
        { op: 'paper.update', actor: 'bob', before: bigBird, after: { ...bigBird, aliases: [...bigBird.aliases, 'BigBird'] } },
      ]);
      await log.append(addCitingPaper(2));
      const history = await log.historyOf({ kind: 'Paper', id: bigBird.id }, { limit: 10 });
      expect(history.map((c) => [c.seq, c.op])).toEqual([
        [2, 'citation.add'],
        [3, 'paper.update'],
        [5, 'citation.add'],
      ]);
      const newest = await log.historyOf({ kind: 'Paper', id: bigBird.id }, { limit: 2, newestFirst: true });
      expect(newest.map((c) => c.seq)).toEqual([5, 3]);
      expect((await log.historyOf({ kind: 'Paper', id: bigBird.id }, { limit: 10, after: 2, before: 5 })).map((c) => c.seq)).toEqual([3]);
      expect(await log.historyOf({ kind: 'Concept', id: bigBird.id }, { limit: 10 })).toEqual([]);
    });

    it('reads changes in a seq window, either way round', async () => {
      const log = await open();
      expect(await log.changes({ limit: 10 })).toEqual([]);
      const written = [...(await log.append(addCitingPaper(1))), ...(await log.append(addCitingPaper(2)))];
      expect(await log.changes({ limit: 10 })).toEqual(written);
      expect((await log.changes({ after: 1, before: 4, limit: 10 })).map((c) => c.seq)).toEqual([2, 3]);
      expect((await log.changes({ limit: 3, newestFirst: true })).map((c) => c.seq)).toEqual([4, 3, 2]);
      expect((await log.changes({ after: 2, limit: 1 })).map((c) => c.seq)).toEqual([3]);
    });

    it('reads changes by seq in the order asked, null for a seq it does not hold', async () => {
      const log = await open();
      const written = await log.append(addCitingPaper(1));
      expect(await log.changesBySeq([])).toEqual([]);
      expect(await log.changesBySeq([2, 7, 1, 2, 0])).toEqual([written[1], null, written[0], written[1], null]);
    });

    it('replays lean, in pages: the operation, seq and targets, without the audit fields or what applying does not read', async () => {
      const log = await open();
      expect((await replayed(log, 0, 2)).pages).toEqual([]);
      const link = corpus.paperConcepts.find((pc) => pc.paperId === bigBird.id)!;
      const written = [
        ...(await log.append(addCitingPaper(1))),
        ...(await log.append([
          { op: 'paper.update', actor: 'bob', reason: 'year', before: bigBird, after: { ...bigBird, year: 2021 } },
          { op: 'concept.link', actor: 'bob', before: link, after: { ...link, score: 0.5 }, note: 'central' },
          { op: 'concept.unlink', actor: 'bob', before: { ...link, score: 0.5 }, after: null, reverts: 4 },
        ])),
      ];
      const { pages, changes } = await replayed(log, 0, 2);
      expect(pages).toEqual([
        [2, 2],
        [2, 4],
        [1, 5],
      ]);
      expect(changes.map((c) => [c.seq, c.op])).toEqual(written.map((c) => [c.seq, c.op]));
      changes.forEach((lean, i) => {
        const full = written[i];
        expect(lean.targets).toEqual(full.targets);
        expect(lean.after).toEqual(full.after);
        // A skipped `before` is the `after` record: the ids applying reads are the same.
        expect(lean.before).toEqual(BEFORE_NOT_APPLIED.has(lean.op) ? full.after : full.before);
        for (const audit of ['actor', 'at', 'reason', 'reverts']) expect(lean).not.toHaveProperty(audit);
      });
      // The link's note is for the audit trail only.
      expect(changes[3]).not.toHaveProperty('note');
      expect((await replayed(log, 3, 10)).changes.map((c) => c.seq)).toEqual([4, 5]);
      expect((await replayed(log, 5, 10)).pages).toEqual([]);
    });

    it("gives each node's newest change up to a seq, from the targets", async () => {
      const log = await open();
      await log.append(addCitingPaper(1));
      await log.append([{ op: 'paper.update', actor: 'bob', before: bigBird, after: { ...bigBird, year: 2021 } }]);
      const nodes = [
        { kind: 'Paper', id: bigBird.id },
        { kind: 'Paper', id: 'curated-1' },
        { kind: 'Concept', id: bigBird.id },
        { kind: 'Paper', id: 'nope' },
      ] as const;
      expect(await log.lastSeqOf(nodes, 10)).toEqual([3, 2, 0, 0]);
      expect(await log.lastSeqOf(nodes, 2)).toEqual([2, 2, 0, 0]);
      expect(await log.lastSeqOf(nodes, 1)).toEqual([0, 1, 0, 0]);
      expect(await log.lastSeqOf([], 10)).toEqual([]);
    });

    it('records checkpoints and refuses one outside the log', async () => {
      const log = await open();
      expect(await log.lastCheckpoint()).toBeNull();
      await log.append(addCitingPaper(1));
      const checkpoint = await log.checkpoint(2, 'snapshot-2.pgs');
      expect(await log.lastCheckpoint()).toEqual(checkpoint);
      await expect(log.checkpoint(3)).rejects.toThrow(InvalidChangeError);
      await expect(log.checkpoint(1)).rejects.toThrow(/from 2 \(the last checkpoint\) to 2/);
    });

    it('refuses an unknown operation or a change without an actor, and uses no seq for it', async () => {
      const log = await open();
      await expect(log.append([{ op: 'paper.delete', actor: 'alice' } as unknown as ChangeInput])).rejects.toThrow(InvalidChangeError);
      await expect(log.append([{ ...addCitingPaper(1)[0], actor: '' }])).rejects.toThrow(/needs an actor/);
      expect((await log.append(addCitingPaper(1)))[0].seq).toBe(1);
    });

    it('appends after a given seq only: a stale seq is refused with the last one, writing nothing', async () => {
      const log = await open();
      expect((await log.append(addCitingPaper(1), { afterSeq: 0 })).map((c) => c.seq)).toEqual([1, 2]);
      const stale = log.append(addCitingPaper(2), { afterSeq: 0 });
      await expect(stale).rejects.toThrow(ChangeLogMovedError);
      await expect(stale).rejects.toMatchObject({ lastSeq: 2 });
      expect(await log.lastSeq()).toBe(2);
      // In one turn: the first of two appends after 2 goes in, the second is stale; one without afterSeq goes on.
      const [first, second, any] = await Promise.allSettled([
        log.append(addCitingPaper(2), { afterSeq: 2 }),
        log.append(addCitingPaper(3), { afterSeq: 2 }),
        log.append(addCitingPaper(4)),
      ]);
      expect(first.status === 'fulfilled' && first.value.map((c) => c.seq)).toEqual([3, 4]);
      expect(second.status === 'rejected' && second.reason).toMatchObject({ name: 'ChangeLogMovedError', lastSeq: 4 });
      expect(any.status === 'fulfilled' && any.value.map((c) => c.seq)).toEqual([5, 6]);
      expect((await all(log)).map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('rejects appends after close', async () => {
      const log = await open();
      await log.close();
      await expect(log.append(addCitingPaper(1))).rejects.toThrow(ChangeLogClosedError);
    });
  });
}
