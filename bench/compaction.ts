// `measureCompaction` is the bench's curation section (bench/run.ts); alone:
// `npm run bench:compaction [-- --changes N] [-- --scale S] [-- --compactions K]`: compaction at ogbn-arxiv scale and
// what it costs the readers. A synthetic 169,343-paper, 1,166,243-citation graph is written as the
// base snapshot; a data directory's log gets N changes (default 10,000: papers added, citations
// among them and to existing papers); the server serves the base over HTTP in this process while a
// second process (bench/load-client.ts) asks Q1–Q3 at concurrency 4. Measured: the compaction's
// wall time and steps (in its worker thread, at a lower CPU priority on Linux), and the readers'
// p99 while it runs, as a ratio to their p99 without it (before and after it, pooled).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KnowledgeGraph } from '../src/graph/knowledge-graph.js';
import { writeSnapshot } from '../src/ingest/snapshot.js';
import type { ChangeInput } from '../src/model/change.js';
import { newPaper } from '../src/model/index.js';
import { compactInWorker, type CompactResult } from '../src/server/compaction/run.js';
import { configFromEnv } from '../src/server/config.js';
import { startServer } from '../src/server/serve.js';
import { openSqliteChangeLog } from '../src/store/change-log/sqlite-change-log.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { QUERIES, type QueryName } from '../test/support/queries.js';
import { mulberry32, syntheticCorpus } from '../test/support/synthetic.js';
import { startLoadClient } from './load.js';
import { formatTable } from './report.js';
import { percentile } from './stats.js';
import type { CompactionRead, CompactionResult } from './curation-results.js';
import { compactionTable } from './tables.js';
import { buildWorkload } from './workload.js';

const QUERY_SET: QueryName[] = ['Q1', 'Q2', 'Q3'];
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export interface CompactionOptions {
  /** Of the synthetic graph (1 = ogbn-arxiv). */
  scale: number;
  changes: number;
  /** Compactions, each with reads without it before and after (pooled), so that drift lands on both sides. */
  compactions?: number;
  /** Read rounds without compaction around each compaction, and ms per round. */
  rounds?: number;
  roundMs?: number;
  log?: (line: string) => void;
}

/** Compaction time of `changes` changes on the synthetic graph, and Q1–Q3 p99 over HTTP while it runs vs without it. */
export async function measureCompaction(options: CompactionOptions): Promise<CompactionResult> {
  const { scale: SCALE, changes: CHANGES, compactions = 1, rounds = 3, roundMs = 3000 } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-bench-compaction-'));
  try {
    let t = performance.now();
    const corpus = syntheticCorpus({ scale: SCALE });
    const graph = new KnowledgeGraph(corpus);
    const store = new MemoryStore(graph);
    const basePath = join(dir, 'base.pgs');
    writeSnapshot(basePath, corpus, { influence: store.influence });
    log(
      `base: ${graph.papers.size.toLocaleString('en-US')} papers, ${graph.citations.length.toLocaleString('en-US')} citations, snapshot written (${s(performance.now() - t)})`,
    );

    t = performance.now();
    const dataDir = join(dir, 'data');
    const changeLog = openSqliteChangeLog({ dataDir });
    const random = mulberry32(7);
    const added: string[] = [];
    const seen = new Set<string>();
    for (let done = 0; done < CHANGES; ) {
      const batch: ChangeInput[] = [];
      for (let k = 0; k < 500 && done < CHANGES; k++, done++) {
        if (added.length < 2 || random() < 0.4) {
          const id = `bench-${done}`;
          added.push(id);
          batch.push({
            op: 'paper.add',
            actor: 'bench',
            before: null,
            after: {
              ...newPaper(id, `Bench paper ${done}`, { year: 2021 }),
              authors: [{ id: `bench-author-${done}`, name: `Bench Author ${done}` }],
            },
          });
        } else {
          const citing = added[Math.floor(random() * added.length)];
          const cited =
            random() < 0.5 ? graph.papers.idAt(Math.floor(random() * graph.papers.size)) : added[Math.floor(random() * added.length)];
          const key = `${citing}>${cited}`;
          if (citing === cited || seen.has(key)) continue;
          seen.add(key);
          batch.push({
            op: 'citation.add',
            actor: 'bench',
            before: null,
            after: { citingId: citing, citedId: cited, contexts: [], intents: [], isInfluential: null, provenance: [] },
          });
        }
      }
      await changeLog.append(batch);
    }
    await changeLog.close();
    log(`log: ${CHANGES.toLocaleString('en-US')} changes appended (${s(performance.now() - t)})`);

    const config = configFromEnv({});
    const running = await startServer({
      store,
      config: { ...config, security: { ...config.security, log: null } },
      port: 0,
      host: '127.0.0.1',
      signals: false,
    });
    const url = `http://127.0.0.1:${running.port}/graphql`;
    const workload = await buildWorkload(store, 50);
    const client = await startLoadClient();

    /** p99 (and sample count) of each query over rounds of `ms`, until `until` resolves when given. */
    async function readLoad(until: Promise<unknown> | null, rounds_ = rounds, ms = roundMs): Promise<Record<string, number[]>> {
      const samples: Record<string, number[]> = Object.fromEntries(QUERY_SET.map((q) => [q, []]));
      let done = false;
      until?.then(
        () => (done = true),
        () => (done = true),
      );
      for (let round = 0; until ? !done : round < rounds_; round++) {
        for (const query of QUERY_SET) {
          const result = await client.run({
            kind: 'latency',
            targets: [{ url, label: 'papergraph' }],
            query,
            document: QUERIES[query].document,
            cases: workload[query],
            concurrency: 4,
            warmup: round === 0 ? 20 : 2,
            maxRequests: 100_000,
            minRequests: 10,
            maxMs: until ? 1000 : ms / QUERY_SET.length,
          });
          const target = result.targets[0];
          if (target.failures) throw new Error(`${query}: ${target.failures} failed answers: ${target.firstProblem}`);
          samples[query].push(...target.samples);
          if (until && done) break;
        }
      }
      return samples;
    }

    const without: Record<string, number[]> = Object.fromEntries(QUERY_SET.map((q) => [q, []]));
    const during: Record<string, number[]> = Object.fromEntries(QUERY_SET.map((q) => [q, []]));
    const runs: CompactionResult['runs'] = [];
    let replayed = 0;
    const pool = (into: Record<string, number[]>, from: Record<string, number[]>) => {
      for (const q of QUERY_SET) into[q].push(...from[q]);
    };
    try {
      pool(without, await readLoad(null));
      for (let c = 0; c < compactions; c++) {
        // The checkpoint is not recorded, so that each compaction folds in the same changes.
        const compaction = compactInWorker({ dataDir, baseSource: basePath, recordCheckpoint: false });
        pool(during, await readLoad(compaction));
        const r = await compaction;
        runs.push({ ms: r.ms, steps: r.steps });
        replayed = r.replayed;
        log(
          `compaction ${c + 1}/${compactions} of ${r.replayed.toLocaleString('en-US')} changes at ×${SCALE}: ${s(r.ms)} ` +
            `(load ${s(r.steps.load)}, replay ${s(r.steps.replay)}, PageRank ${s(r.steps.pageRank)}, write ${s(r.steps.write)}) in a worker thread`,
        );
        // Without compaction: before and after each one, pooled.
        pool(without, await readLoad(null));
      }
    } finally {
      await client.close();
      await running.shutdown.shutdown('bench done');
    }

    const reads: CompactionRead[] = [];
    const all = (samples: Record<string, number[]>) => QUERY_SET.flatMap((q) => samples[q]);
    for (const q of [...QUERY_SET, 'all'] as const) {
      const a = q === 'all' ? all(without) : without[q];
      const b = q === 'all' ? all(during) : during[q];
      const p99a = percentile(a, 99);
      const p99b = percentile(b, 99);
      reads.push({ query: q, p99Without: p99a, p99During: p99b, answersWithout: a.length, answersDuring: b.length, ratio: p99b / p99a });
    }
    return { scale: SCALE, papers: graph.papers.size, citations: graph.citations.length, changes: replayed, compactions, runs, reads };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const r = await measureCompaction({
    scale: option('--scale', 1),
    changes: option('--changes', 10_000),
    compactions: option('--compactions', 1),
  });
  console.log(formatTable(compactionTable(r)));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
