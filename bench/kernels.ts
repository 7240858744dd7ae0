// The graph-layer kernels of issue 3 on the synthetic ogbn-arxiv-sized graph, beside the same
// operations with graphology (the JS graph library a user would otherwise pick), in one run.
// Usage: npx tsx bench/kernels.ts [--quick] [--scale N]   (N > 1 skips graphology)

import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { DirectedGraph } from 'graphology';
import { pagerank } from 'graphology-metrics/centrality/index.js';
import { bidirectional } from 'graphology-shortest-path/unweighted.js';
import { bfsFromNode } from 'graphology-traversal';
import { csrByteSize } from '../src/graph/csr.js';
import type { GraphTopology } from '../src/graph/hetero.js';
import { KnowledgeGraph } from '../src/graph/knowledge-graph.js';
import { neighborhood } from '../src/graph/neighborhood.js';
import { pageRank } from '../src/graph/pagerank.js';
import { shortestPath } from '../src/graph/path.js';
import { relatedPapers } from '../src/graph/related.js';
import { syntheticCorpus, syntheticTopology, mulberry32 } from '../test/support/synthetic.js';

export interface KernelBenchOptions {
  /** Fewer samples, for a smoke run. */
  quick?: boolean;
  /** Synthetic graph scale; above 1 the graph is built straight into CSR and graphology is skipped. */
  scale?: number;
  seed?: number;
  log?: (line: string) => void;
  /** A ×1 graph already built (the bench's own): saves generating and building it again. */
  graph?: KnowledgeGraph;
  /** Whether to run graphology beside it (×1 only; building its graph takes ~20 s). Default true. */
  graphology?: boolean;
}

export interface KernelResult {
  name: string;
  unit: 'ms' | 'bytes/edge';
  papergraph: number;
  graphology: number | null;
  /** graphology / papergraph: how many times faster (or smaller) papergraph is. */
  ratio: number | null;
  /** The bound for papergraph, when it sets one. */
  target: number | null;
  pass: boolean | null;
}

const NEIGHBORHOOD = { depth: 3, edgeTypes: ['CITES'] as const, direction: 'BOTH' as const, limit: 2000 };

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function timed<T>(run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
}

/** A garbage collector to call before heap measurements (the flag is set at run time, no CLI flag needed). */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** What a graphology user writes for a depth- and size-capped neighbourhood with its edges. */
function graphologyNeighborhood(graph: DirectedGraph, start: string, depth: number, limit: number): { nodes: string[]; edges: number } {
  const nodes: string[] = [];
  const kept = new Set<string>();
  bfsFromNode(
    graph,
    start,
    (node, _attributes, nodeDepth) => {
      if (kept.size >= limit) return true;
      kept.add(node);
      nodes.push(node);
      return nodeDepth >= depth;
    },
    { mode: 'directed' },
  );
  let edges = 0;
  for (const node of nodes) graph.forEachOutNeighbor(node, (target) => void (kept.has(target) && edges++));
  return { nodes, edges };
}

/** The same random inputs for both libraries; the first `warmup` of each are run but not timed. */
interface Workload {
  starts: number[];
  /** Newer → older pairs, so that a directed path through citations can exist. */
  pairs: [number, number][];
  warmup: number;
  pageRankRuns: number;
}

/** Latencies (ms) of each timed input, and a size per input to compare answers across libraries. */
interface Measured {
  ms: number[];
  sizes: number[];
}

function measured<T>(inputs: T[], warmup: number, run: (input: T) => number): Measured {
  const result: Measured = { ms: [], sizes: [] };
  inputs.forEach((input, i) => {
    const [size, elapsed] = timed(() => run(input));
    if (i >= warmup) result.ms.push(elapsed), result.sizes.push(size);
  });
  return result;
}

const paper = (index: number) => ({ kind: 'Paper' as const, index });

function measurePapergraph(graph: GraphTopology, knowledgeGraph: KnowledgeGraph | null, work: Workload) {
  return {
    neighborhoods: measured(work.starts, work.warmup, (start) => neighborhood(graph, paper(start), NEIGHBORHOOD).nodes.length),
    paths: measured(
      work.pairs,
      work.warmup,
      ([from, to]) =>
        shortestPath(graph, paper(from), paper(to), { edgeTypes: ['CITES'], maxDepth: 64, direction: 'OUT' })?.nodes.length ?? 0,
    ),
    undirectedPaths: measured(
      work.pairs,
      work.warmup,
      ([from, to]) => shortestPath(graph, paper(from), paper(to), { edgeTypes: ['CITES'], maxDepth: 64 })?.nodes.length ?? 0,
    ),
    // Related papers need the records (concept scores): only on the Corpus-built ×1 graph.
    related: knowledgeGraph && measured(work.starts, work.warmup, (start) => relatedPapers(knowledgeGraph, start, 'HYBRID', 20).length),
    pageRankMs: Array.from({ length: work.pageRankRuns }, () => timed(() => pageRank(graph, { iterations: 20 }))[1]),
  };
}

function measureGraphology(graph: GraphTopology, work: Workload, gc: () => void, log: (line: string) => void) {
  const paperCount = graph.papers.size;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const [other, buildMs] = timed(() => {
    const g = new DirectedGraph();
    for (let v = 0; v < paperCount; v++) g.addNode(String(v));
    const { offsets, targets } = graph.cites.out;
    for (let v = 0; v < paperCount; v++) for (let k = offsets[v]; k < offsets[v + 1]; k++) g.addEdge(String(v), String(targets[k]));
    return g;
  });
  gc();
  const bytesPerEdge = (process.memoryUsage().heapUsed - heapBefore) / graph.cites.out.targets.length;
  log(`graphology DirectedGraph of the citations: ${buildMs.toFixed(0)} ms to build`);
  return {
    other,
    bytesPerEdge,
    neighborhoods: measured(
      work.starts,
      work.warmup,
      (start) => graphologyNeighborhood(other, String(start), NEIGHBORHOOD.depth, NEIGHBORHOOD.limit).nodes.length,
    ),
    paths: measured(work.pairs, work.warmup, ([from, to]) => bidirectional(other, String(from), String(to))?.length ?? 0),
    pageRankMs: Array.from(
      { length: work.pageRankRuns },
      () =>
        timed(() => {
          // graphology throws when 20 iterations do not reach tolerance 0: the 20 iterations are done by then.
          try {
            pagerank(other, { maxIterations: 20, tolerance: 0, getEdgeWeight: null });
          } catch {
            /* failed to converge, as intended */
          }
        })[1],
    ),
  };
}

export async function runKernelBench(options: KernelBenchOptions = {}): Promise<KernelResult[]> {
  const { quick = false, scale = 1, seed = 7, log = console.log, graphology = true } = options;
  const gc = collector();
  const results: KernelResult[] = [];
  // The bounds are for the ×1 graph; other scales are reported without a verdict.
  const record = (name: string, unit: KernelResult['unit'], papergraph: number, graphology: number | null, bound: number | null) => {
    const target = scale === 1 ? bound : null;
    results.push({
      name,
      unit,
      papergraph,
      graphology,
      target,
      ratio: graphology === null ? null : graphology / papergraph,
      pass: target === null ? null : papergraph < target,
    });
  };

  let graph: GraphTopology;
  let knowledgeGraph: KnowledgeGraph | null = null;
  if (scale === 1 && options.graph) {
    graph = knowledgeGraph = options.graph;
  } else if (scale === 1) {
    const [corpus, generateMs] = timed(() => syntheticCorpus({ scale }));
    const [built, buildMs] = timed(() => new KnowledgeGraph(corpus));
    graph = knowledgeGraph = built;
    log(`synthetic ×1 corpus: ${generateMs.toFixed(0)} ms to generate, ${buildMs.toFixed(0)} ms to build the KnowledgeGraph`);
  } else {
    const [topology, buildMs] = timed(() => syntheticTopology({ scale }));
    graph = topology;
    log(`synthetic ×${scale} topology: ${buildMs.toFixed(0)} ms to generate straight into CSR`);
  }
  const paperCount = graph.papers.size;
  const citationCount = graph.cites.out.targets.length;
  const samples = quick ? 100 : 500;
  log(`${paperCount.toLocaleString('en')} papers, ${citationCount.toLocaleString('en')} citations; ${samples} samples per latency`);

  const random = mulberry32(seed);
  const randomPaper = () => Math.floor(random() * paperCount);
  const warmup = quick ? 50 : 100;
  const work: Workload = {
    starts: Array.from({ length: warmup + samples }, randomPaper),
    pairs: Array.from({ length: warmup + samples }, () => {
      const [a, b] = [randomPaper(), randomPaper()];
      return a > b ? [a, b] : [b, a];
    }),
    warmup,
    pageRankRuns: quick ? 2 : 3,
  };

  // papergraph first, alone in the heap: graphology's object graph would slow its GC and caches.
  gc();
  const ours = measurePapergraph(graph, knowledgeGraph, work);
  log(`directed paths found for ${ours.paths.sizes.filter((n) => n > 0).length} of ${samples} newer → older pairs`);
  const theirs = scale === 1 && graphology ? measureGraphology(graph, work, gc, log) : null;
  if (theirs) {
    const disagree = (a: number[], b: number[]) => a.filter((x, i) => x !== b[i]).length;
    log(
      `agreement with graphology: ${disagree(ours.neighborhoods.sizes, theirs.neighborhoods.sizes)} neighbourhood sizes and ${disagree(ours.paths.sizes, theirs.paths.sizes)} path lengths differ`,
    );
    if (!quick) {
      // Same stopping rule on both sides (L1 change < N × 1e-6): the ranks must agree.
      const mine = pageRank(graph, { iterations: 100, tolerance: paperCount * 1e-6 });
      const reference = pagerank(theirs.other, { getEdgeWeight: null });
      let maxDifference = 0;
      for (let v = 0; v < paperCount; v++) maxDifference = Math.max(maxDifference, Math.abs(mine[v] - reference[String(v)]));
      log(`PageRank agreement with graphology at convergence: max |Δ| = ${maxDifference.toExponential(2)}`);
    }
  }

  const theirPercentile = (pick: (t: NonNullable<typeof theirs>) => Measured, p: number) =>
    theirs ? percentile(pick(theirs).ms, p) : null;
  record(
    '3-hop neighbourhood (CITES, BOTH, limit 2000) p50',
    'ms',
    percentile(ours.neighborhoods.ms, 50),
    theirPercentile((t) => t.neighborhoods, 50),
    1,
  );
  record(
    '3-hop neighbourhood (CITES, BOTH, limit 2000) p99',
    'ms',
    percentile(ours.neighborhoods.ms, 99),
    theirPercentile((t) => t.neighborhoods, 99),
    null,
  );
  record(
    'shortest path (CITES, OUT) p50',
    'ms',
    percentile(ours.paths.ms, 50),
    theirPercentile((t) => t.paths, 50),
    1,
  );
  record(
    'shortest path (CITES, OUT) p99',
    'ms',
    percentile(ours.paths.ms, 99),
    theirPercentile((t) => t.paths, 99),
    null,
  );
  record('shortest path (CITES, BOTH) p50', 'ms', percentile(ours.undirectedPaths.ms, 50), null, 1);
  record('shortest path (CITES, BOTH) p99', 'ms', percentile(ours.undirectedPaths.ms, 99), null, null);
  if (ours.related) {
    record('related papers (HYBRID, first 20) p50', 'ms', percentile(ours.related.ms, 50), null, null);
    record('related papers (HYBRID, first 20) p99', 'ms', percentile(ours.related.ms, 99), null, null);
  }
  record('PageRank, 20 iterations (best run)', 'ms', Math.min(...ours.pageRankMs), theirs ? Math.min(...theirs.pageRankMs) : null, 300);
  // Only the citation CSR arrays count; graphology's figure is its heap growth for the same edges.
  // Citations keep no edge-id arrays (their records are sorted by source): this is all of it.
  const asBuilt = (csrByteSize(graph.cites.out) + csrByteSize(graph.cites.in)) / citationCount;
  record('citation CSR, both directions', 'bytes/edge', asBuilt, theirs?.bytesPerEdge ?? null, 12);
  return results;
}

export function formatKernelTable(results: KernelResult[]): string {
  const number = (x: number | null, unit = '') => (x === null ? '—' : `${x < 10 ? x.toFixed(3) : x.toFixed(1)}${unit}`);
  const rows = results.map((r) => [
    r.name,
    `${number(r.papergraph)} ${r.unit}`,
    r.graphology === null ? '—' : `${number(r.graphology)} ${r.unit}`,
    r.ratio === null ? '—' : `${r.ratio.toFixed(1)}×`,
    r.target === null ? '' : `< ${r.target} ${r.unit}`,
    r.pass === null ? '' : r.pass ? 'ok' : 'MISSED',
  ]);
  const header = ['operation', 'papergraph', 'graphology', 'graphology/papergraph', 'target', ''];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const scaleAt = args.indexOf('--scale');
  const results = await runKernelBench({ quick: args.includes('--quick'), scale: scaleAt >= 0 ? Number(args[scaleAt + 1]) : 1 });
  console.log(`\n${formatKernelTable(results)}`);
}
