// `papergraph compact --data-dir DIR`: folds the change log into a new snapshot of the data
// directory, offline (the server must not be running on it: the lock says so), with PageRank
// recomputed; the next start loads that snapshot and replays only what follows it.

import { resolve } from 'node:path';
import { openSqliteChangeLog } from '../store/change-log/sqlite-change-log.js';
import { compactInWorker } from '../server/compaction/run.js';
import { acquireDataDirLock } from '../server/data-dir-lock.js';
import { describeSource, resolveDataDirSource } from '../server/data-dir-source.js';
import type { GraphSourceOptions } from '../server/graph-source.js';

export interface CompactCommandOptions extends GraphSourceOptions {
  dataDir: string;
}

export async function runCompact(options: CompactCommandOptions): Promise<void> {
  const dataDir = resolve(options.dataDir);
  const lock = acquireDataDirLock(dataDir, 'compact');
  try {
    const log = openSqliteChangeLog({ dataDir });
    let lastSeq: number;
    try {
      if (log.opened.message) process.stderr.write(`papergraph: ${log.opened.message}\n`);
      lastSeq = await log.lastSeq();
    } finally {
      await log.close();
    }
    const source = resolveDataDirSource(dataDir, options, lastSeq > 0);
    const result = await compactInWorker({ dataDir, baseSource: source });
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `compacted ${result.replayed.toLocaleString('en-US')} change(s) (${result.baseSeq + 1}…${result.seq}) onto ${result.baseSeq > 0 ? `the snapshot of change ${result.baseSeq}` : describeSource(source)} ` +
        `into ${result.snapshot} in ${s(result.ms)} (load ${s(result.steps.load)}, replay ${s(result.steps.replay)}, PageRank ${s(result.steps.pageRank)}, write ${s(result.steps.write)})`,
    );
  } finally {
    lock.release();
  }
}
