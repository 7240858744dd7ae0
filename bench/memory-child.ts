// The in-process half of bench/memory.ts, in a fresh process each time (forked with --expose-gc):
//   write-aan <file>    imports AAN and writes its snapshot as `papergraph import` does
//   measure <file>      loads a snapshot as the server does, and measures the graph, the search
//                       index and a load of searches (heap, array buffers, RSS after a full GC)

import { loadSnapshotGraph } from '../src/ingest/snapshot-graph.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { graphQueries, SEARCH_LOAD, SEARCH_ROUNDS as ROUNDS } from './memory-load.js';

/** Memory of the process at one point, after a full collection. */
export interface MemoryPoint {
  rss: number;
  heapUsed: number;
  /** Array buffers (the snapshot's bytes, typed arrays) and other memory outside the heap. */
  external: number;
}

export interface MemoryMeasure {
  papers: number;
  /** Before the snapshot is read (Node and the modules). */
  start: MemoryPoint;
  /** The graph loaded, no search index. */
  graph: MemoryPoint;
  /** The search index ready. */
  search: MemoryPoint;
  /** After the query load. */
  queried: MemoryPoint;
  loadMs: number;
  /** From the graph loaded to the search index ready. */
  searchReadyMs: number;
  /** The query load: searches run, their total time. */
  searches: number;
  searchMs: number;
  /** The queries of the load: SEARCH_LOAD and the graph's own words (graphQueries). */
  queries: string[];
  /** Hits of each query of the load (compared between runs: the answers must not change). */
  totals: number[];
}

function point(): MemoryPoint {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}

async function measure(file: string): Promise<MemoryMeasure> {
  const start = point();
  const t0 = performance.now();
  const { graph, influence } = loadSnapshotGraph(file);
  const store = new MemoryStore(graph, influence ? { influence } : {});
  const loadMs = performance.now() - t0;
  const graphPoint = point();
  const t1 = performance.now();
  await store.prepareSearch();
  const searchReadyMs = performance.now() - t1;
  const search = point();
  const title = graph.papers.field('title');
  const queries = [...SEARCH_LOAD, ...graphQueries([0, 1, 2, 3, 4, 5].map((k) => title(Math.floor((k * graph.papers.size) / 6))))];
  const t2 = performance.now();
  let totals: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const pages = await store.search(queries.map((text) => ({ text, kinds: null, page: { first: 20 } })));
    totals = pages.map((p) => p.totalCount);
  }
  const searchMs = performance.now() - t2;
  return {
    papers: graph.papers.size,
    start,
    graph: graphPoint,
    search,
    queried: point(),
    loadMs,
    searchReadyMs,
    searches: ROUNDS * queries.length,
    searchMs,
    queries,
    totals,
  };
}

async function writeAan(file: string): Promise<void> {
  // Imported here: the importers (and the tagger's model) would otherwise count in every measure's baseline.
  const [{ KnowledgeGraph }, { pageRank }, { importerFor }, { mergeBatches }, { writeSnapshot }, { AAN_FILES }] = await Promise.all([
    import('../src/graph/knowledge-graph.js'),
    import('../src/graph/pagerank.js'),
    import('../src/ingest/formats.js'),
    import('../src/ingest/merge.js'),
    import('../src/ingest/snapshot.js'),
    import('./datasets.js'),
  ]);
  const batch = await importerFor('tabular').read(AAN_FILES, {});
  const graph = new KnowledgeGraph(mergeBatches(null, [batch]).corpus);
  // As `papergraph import` writes it (a writer that predates the search section ignores searchGraph).
  writeSnapshot(file, graph.toCorpus(), { influence: pageRank(graph), searchGraph: graph } as Parameters<typeof writeSnapshot>[2]);
}

const [mode, file] = process.argv.slice(2);
try {
  if (mode === 'measure') process.send!({ report: await measure(file) });
  else if (mode === 'write-aan') {
    await writeAan(file);
    process.send!({ report: true });
  } else throw new Error(`unknown mode ${mode}: expected measure <file> or write-aan <file>`);
  process.exit(0);
} catch (error) {
  process.send!({ error: (error as Error).stack ?? String(error) });
  process.exit(1);
}
