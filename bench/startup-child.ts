// Writes the synthetic snapshot in a fresh process (forked by bench/startup.ts), so the bench
// process does not carry the generated corpus:  write <scale> <file>

import { KnowledgeGraph } from '../src/graph/knowledge-graph.js';
import { pageRank } from '../src/graph/pagerank.js';
import { writeSnapshot } from '../src/ingest/snapshot.js';
import { syntheticCorpus } from '../test/support/synthetic.js';

export interface WriteReport {
  generateMs: number;
  writeMs: number;
  bytes: number;
  peakRssBytes: number;
}

function write(scale: number, file: string): WriteReport {
  const t0 = performance.now();
  const corpus = syntheticCorpus({ scale });
  const t1 = performance.now();
  // As `papergraph import` writes: in graph order, with PageRank.
  const graph = new KnowledgeGraph(corpus);
  const header = writeSnapshot(file, graph.toCorpus(), { influence: pageRank(graph), searchGraph: graph });
  return {
    generateMs: t1 - t0,
    writeMs: performance.now() - t1,
    bytes: header.totalBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

const [mode, scale, file] = process.argv.slice(2);
try {
  if (mode !== 'write') throw new Error(`unknown mode ${mode}: expected write <scale> <file>`);
  process.send!({ report: write(Number(scale), file) });
  process.exit(0);
} catch (error) {
  process.send!({ error: (error as Error).stack ?? String(error) });
  process.exit(1);
}
