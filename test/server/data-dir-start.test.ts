// Start-up over a data directory with the real CuratedGraph: writes survive a close and reopen
// (replayed onto the base and counted), automatic compaction every N changes writes a snapshot
// the next start loads (replaying only what follows it), and a second opener is refused.

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/store/curation/curation.js';
import { openDataDir } from '../../src/server/data-dir.js';
import { UsageError } from '../../src/server/errors.js';

const addPaper = (title: string): Command => ({ op: 'paper.add', fields: { title, year: 2021, authors: [{ name: `${title} author` }] } });

describe('a data directory at start-up', () => {
  it('replays the log onto the base, compacts every N changes, and starts from the snapshot next time', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-start-'));
    const said: string[] = [];
    const options = { dataDir, source: {}, compactEvery: 3, say: (l: string) => said.push(l), warn: (l: string) => said.push(l) };

    const first = await openDataDir(options);
    expect(first.replayed.count).toBe(0);
    const ids: string[] = [];
    for (const title of ['One', 'Two', 'Three', 'Four']) {
      const { change } = await first.curation.write(addPaper(title), { actor: 'alice' });
      ids.push(change.targets[0].id);
    }
    // Change 3 started a compaction in the worker thread.
    await first.compacting();
    expect(said.some((l) => /compacted the log up to change [34] into snapshots\/graph-000000000[34]\.pgs/.test(l))).toBe(true);
    await expect(openDataDir(options)).rejects.toThrow(UsageError);
    await first.close();

    said.length = 0;
    const second = await openDataDir(options);
    try {
      const checkpoint = await second.changeLog.lastCheckpoint();
      expect(checkpoint!.seq).toBeGreaterThanOrEqual(3);
      expect(existsSync(join(dataDir, checkpoint!.snapshot!))).toBe(true);
      expect(second.base.seq).toBe(checkpoint!.seq);
      expect(second.replayed.count).toBe(4 - checkpoint!.seq);
      expect(said[0]).toMatch(
        new RegExp(
          `base snapshot of change ${checkpoint!.seq}, replayed ${4 - checkpoint!.seq} change\\(s\\) in [\\d.]+ s \\(last change 4\\)`,
        ),
      );
      const store = second.curation.current();
      expect(store.seq).toBe(4);
      const papers = await store.nodesByIds('Paper', ids);
      expect(papers.map((p) => p?.title)).toEqual(['One', 'Two', 'Three', 'Four']);
    } finally {
      await second.close();
    }
  }, 60_000);
});
