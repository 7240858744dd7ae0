// What one replica holds in memory, measured for docs/scaling.md: a data directory opened on the
// synthetic snapshot at a scale (×1 is ogbn-arxiv's size), as `papergraph serve` opens it
// (snapshot, graph, store, PageRank, the curated graph over an empty change log), then the
// search index. Each scale in a fresh process with --expose-gc; figures after a full GC.
// `npx tsx bench/replica-size.ts [scales…]` (default 1 10); prints a JSON line per scale.

import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MemoryStore } from '../src/store/memory-store.js';
import { ensureSyntheticSnapshot } from './startup.js';

export interface ReplicaSize {
  scale: number;
  papers: number;
  citations: number;
  authors: number;
  concepts: number;
  paperConcepts: number;
  authorships: number;
  snapshotBytes: number;
  /** After a GC, before loading: Node, the modules. */
  baseline: { rss: number; heapUsed: number; external: number };
  /** After loading the replica (no search index), minus the baseline. */
  graph: { rss: number; heapUsed: number; external: number };
  /** After building the search index too, minus the baseline (null when not asked). */
  withSearch: { rss: number; heapUsed: number; external: number } | null;
  /** Bytes of the citation adjacency alone (both directions: offsets and targets). */
  citationCsrBytes: number;
  loadMs: number;
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();
function usage() {
  gc();
  gc();
  const m = process.memoryUsage();
  // `external` includes the ArrayBuffers (Node's Buffers, the typed arrays of the graph).
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}
const minus = (a: ReturnType<typeof usage>, b: ReturnType<typeof usage>) => ({
  rss: a.rss - b.rss,
  heapUsed: a.heapUsed - b.heapUsed,
  external: a.external - b.external,
});

/** Sums the byteLength of every typed array reachable from `value` (depth-bounded), once each. */
function typedBytes(value: unknown, seen = new Set<unknown>(), depth = 0): number {
  if (value === null || typeof value !== 'object' || seen.has(value) || depth > 4) return 0;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return value.byteLength;
  let total = 0;
  for (const key of Object.keys(value)) total += typedBytes((value as Record<string, unknown>)[key], seen, depth + 1);
  return total;
}

async function measure(scale: number, search: boolean): Promise<ReplicaSize> {
  const { openDataDir } = await import('../src/server/data-dir.js');
  const { file } = await ensureSyntheticSnapshot(scale, scale > 1 ? 16384 : 4096, 20 * 60_000);
  const { statSync } = await import('node:fs');
  const baseline = usage();
  const started = performance.now();
  const opened = await openDataDir({
    dataDir: mkdtempSync(join(tmpdir(), 'papergraph-replica-size-')),
    source: { snapshot: file },
    compactEvery: 0,
    say: () => {},
  });
  const loadMs = performance.now() - started;
  const store = opened.curation.current() as unknown as MemoryStore;
  // One query so that what the first request builds lazily is counted.
  await store.paperStats([store.graph.papers.idAt(0)]);
  const graph = minus(usage(), baseline);
  let withSearch = null;
  if (search) {
    await store.prepareSearch();
    withSearch = minus(usage(), baseline);
  }
  const g = store.graph;
  const result: ReplicaSize = {
    scale,
    papers: g.papers.size,
    citations: g.citations.length,
    authors: g.authors.size,
    concepts: g.concepts.size,
    paperConcepts: g.paperConcepts.length,
    authorships: g.authorships.length,
    snapshotBytes: statSync(file).size,
    baseline,
    graph,
    withSearch,
    citationCsrBytes: typedBytes(g.cites),
    loadMs,
  };
  await opened.close();
  return result;
}

if (process.argv[2] === '--child') {
  const result = await measure(Number(process.argv[3]), process.argv[4] === 'search');
  process.send!(result);
  process.exit(0);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const scales = process.argv.slice(2).map(Number);
  for (const scale of scales.length ? scales : [1, 10]) {
    const result = await new Promise<ReplicaSize>((resolve, reject) => {
      const child = fork(fileURLToPath(import.meta.url), ['--child', String(scale), scale === 1 ? 'search' : 'no-search'], {
        execArgv: ['--import', 'tsx', '--expose-gc', `--max-old-space-size=${scale > 1 ? 16384 : 4096}`],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      let answer: ReplicaSize | null = null;
      child.on('message', (m: ReplicaSize) => (answer = m));
      child.on('exit', (code) => (answer ? resolve(answer) : reject(new Error(`×${scale}: exited ${code}`))));
    });
    console.log(JSON.stringify(result));
  }
}
