// `npm run bench:change-log [-- --quick]`: the embedded change log's acknowledged appends per
// second and their latency (p50, p99) with 1 and 10 concurrent writers, with group commit and
// without, side by side in one run (rounds alternate the order); then how fast the log reads
// back for replay. Each append is one change (a paper update, as one mutation makes) and
// resolves after commit and sync (synchronous=FULL). Results vary with the disk and the load.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCuratedCorpus } from '../src/ingest/curated.js';
import type { ChangeInput } from '../src/store/change-log/change-log.js';
import { openSqliteChangeLog } from '../src/store/change-log/sqlite-change-log.js';
import { REPO_ROOT } from '../test/support/datasets.js';
import { formatTable, ms, type Table } from './report.js';
import { summarize } from './stats.js';

const quick = process.argv.includes('--quick');
const seconds = quick ? 1.5 : 3;
const rounds = quick ? 1 : 3;
const replayCount = quick ? 20_000 : 100_000;

const papers = loadCuratedCorpus(join(REPO_ROOT, 'data')).papers.map((p) => ({ ...p, authors: [] }));
const update = (writer: number, i: number): ChangeInput => {
  const before = papers[(writer * 7 + i) % papers.length];
  return {
    op: 'paper.update',
    actor: `writer-${writer}`,
    reason: 'bench',
    before,
    after: { ...before, aliases: [...before.aliases, `alias ${i}`] },
  };
};

interface Run {
  acks: number;
  perSecond: number;
  p50: number;
  p99: number;
  meanGroup: number;
}

async function measure(groupCommit: boolean, writers: number): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-bench-log-'));
  const log = openSqliteChangeLog({ dataDir, groupCommit });
  const latencies: number[] = [];
  try {
    await log.append([update(0, 0)]); // creates the WAL: not part of the measure
    const start = performance.now();
    const end = start + seconds * 1000;
    const commitsBefore = log.commits;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; performance.now() < end; i++) {
          const t = performance.now();
          await log.append([update(w, i)]);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    const s = summarize(latencies);
    return { acks: s.count, perSecond: s.count / elapsed, p50: s.p50, p99: s.p99, meanGroup: s.count / (log.commits - commitsBefore) };
  } finally {
    await log.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function replay(): Promise<{ writeMs: number; readMs: number; perSecond: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-bench-replay-'));
  const log = openSqliteChangeLog({ dataDir });
  try {
    const t0 = performance.now();
    for (let i = 0; i < replayCount; i += 1000) await log.append(Array.from({ length: 1000 }, (_, j) => update(j % 10, i + j)));
    const writeMs = performance.now() - t0;
    const t1 = performance.now();
    let n = 0;
    for await (const change of log.readSince(0)) if (change.seq > 0) n++;
    const readMs = performance.now() - t1;
    if (n !== replayCount) throw new Error(`replay read ${n} changes of ${replayCount}`);
    return { writeMs, readMs, perSecond: n / (readMs / 1000) };
  } finally {
    await log.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const configs = [1, 10].flatMap((writers) => [true, false].map((groupCommit) => ({ writers, groupCommit })));
const results = new Map<string, Run[]>();
for (let round = 0; round < rounds; round++) {
  // Alternate the order each round, so neither side always runs on a warmer (or busier) machine.
  for (const c of round % 2 === 0 ? configs : [...configs].reverse()) {
    const key = `${c.writers}|${c.groupCommit}`;
    results.set(key, [...(results.get(key) ?? []), await measure(c.groupCommit, c.writers)]);
    process.stderr.write(`measured ${c.writers} writer(s), group commit ${c.groupCommit ? 'on' : 'off'} (round ${round + 1})\n`);
  }
}

const table: Table = {
  title: `Change log: acknowledged appends (1 change each, committed and synced), ${seconds} s per run, ${rounds} round(s)`,
  header: ['writers', 'group commit', 'acks/s', 'acks/s, each round', 'p50', 'p99', 'changes per commit'],
  rows: configs.map(({ writers, groupCommit }) => {
    const runs = results.get(`${writers}|${groupCommit}`)!;
    // The median round of each figure; every round's rate beside it shows the noise.
    const mid = <K extends keyof Run>(k: K) => [...runs.map((r) => r[k])].sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)];
    return [
      String(writers),
      groupCommit ? 'on' : 'off',
      mid('perSecond').toFixed(0),
      runs.map((r) => r.perSecond.toFixed(0)).join(' / '),
      ms(mid('p50')),
      ms(mid('p99')),
      mid('meanGroup').toFixed(1),
    ];
  }),
  notes: [
    'Every append waits for its fsync (WAL, synchronous=FULL); better-sqlite3 is synchronous, so a commit holds the event loop for that time.',
    'With group commit, appends made while a commit syncs join the next transaction: one sync for the group.',
  ],
};
console.log(formatTable(table));
const r = await replay();
console.log(
  `\nReplay: ${replayCount.toLocaleString('en-US')} changes appended in batches of 1,000 in ${(r.writeMs / 1000).toFixed(1)} s; read back in seq order (readSince(0)) in ${ms(r.readMs)} (${Math.round(r.perSecond).toLocaleString('en-US')} changes/s)`,
);
