// Reads on a graph carrying many uncompacted curation changes, against the same graph compacted.
// `measureOverlay` is the bench's curation section (bench/run.ts); alone:
// `npx tsx bench/overlay.ts [--dataset aan|synthetic] [--scale 1] [--changes 10000] [--batch 100]`
//
// The changes (random, of every kind a curator makes: test/store/versions-changes.ts) are applied
// through applyChanges as a chain of versions, a batch per version, and each version's store is
// made from the one before (MemoryStore.next). Measured: the time to make one version's store,
// the first ordered list, search and neighbourhood a new version serves, and Q1–Q3 (and Q6)
// executed in process through the schema on the last version's store and on a store built afresh
// (compacted: the graph rebuilt from its records, PageRank computed), side by side in
// interleaved rounds. Goal: throughput with the changes ≥ 0.8 of the compacted one.

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { execute, parse, type ExecutionResult } from 'graphql';
import { createContext } from '../src/api/context.js';
import { schema } from '../src/api/schema.js';
import { applyChanges } from '../src/graph/graph-changes.js';
import { KnowledgeGraph } from '../src/graph/knowledge-graph.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { QUERIES, type QueryName } from '../test/support/queries.js';
import { mulberry32 } from '../test/support/synthetic.js';
import { ChangeMaker } from '../test/store/versions-changes.js';
import { aanStore, missingAan, syntheticStore } from './datasets.js';
import { median, percentile, ratioByCase, round, type CaseSamples } from './stats.js';
import { formatTable } from './report.js';
import type { OverlayRead, OverlayResult } from './curation-results.js';
import { overlayTable } from './tables.js';
import { buildWorkload } from './workload.js';

export interface OverlayOptions {
  /** Loads the graph; the function keeps the only reference to its store (the shared search index drops what no live store sees). */
  load: () => Promise<{ name: string; store: MemoryStore }> | { name: string; store: MemoryStore };
  changes: number;
  batch: number;
  /** Questions per query shape. */
  cases: number;
  /** Timed ms per query after the first pass. */
  budgetMs: number;
  seed: number;
  log?: (line: string) => void;
}

const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ms`;

/** Reads on the graph with `changes` uncompacted changes vs the same graph compacted, in interleaved rounds. */
export async function measureOverlay(options: OverlayOptions): Promise<OverlayResult> {
  const log = options.log ?? (() => {});
  const loaded: { name: string; store: MemoryStore | null } = await options.load();
  const datasetName = loaded.name;
  log(`${datasetName}: ${loaded.store!.graph.papers.size} papers, ${loaded.store!.graph.cites.out.targets.length} citations`);

  // A serving store: search built, a paper list ordered (as start-up and the first requests do).
  let store = loaded.store!;
  // Only the newest store is kept, as a server keeps it: the index drops what no live store sees.
  loaded.store = null;
  await store.prepareSearch();
  await store.findPapers([{ orderBy: [{ field: 'CITATION_COUNT', direction: 'DESC' }], page: { first: 20 } }]);

  const totalChanges = options.changes;
  const batchSize = options.batch;
  const random = mulberry32(options.seed);
  const maker = new ChangeMaker(random);
  const versionCount = Math.ceil(totalChanges / batchSize);
  const sampleEvery = Math.max(1, Math.ceil(versionCount / 200));
  const timing = {
    make: [] as number[],
    apply: [] as number[],
    derive: [] as number[],
    deriveCpu: [] as number[],
    list: [] as number[],
    search: [] as number[],
    searchAgain: [] as number[],
    neighbourhood: [] as number[],
    again: [] as number[],
  };
  const ops = new Map<string, number>();
  let applied = 0;
  const chainStart = performance.now();
  for (let v = 0; applied < totalChanges; v++) {
    let start = performance.now();
    const changes = maker.batch(store.graph, Math.min(batchSize, totalChanges - applied));
    timing.make.push(performance.now() - start);
    for (const c of changes) ops.set(c.op, (ops.get(c.op) ?? 0) + 1);
    start = performance.now();
    const version = applyChanges(store.graph, changes);
    timing.apply.push(performance.now() - start);
    start = performance.now();
    const cpu = process.cpuUsage();
    store = store.next(version, changes[changes.length - 1].seq);
    const used = process.cpuUsage(cpu);
    timing.derive.push(performance.now() - start);
    timing.deriveCpu.push((used.user + used.system) / 1000);
    applied += changes.length;
    if (v % sampleEvery === 0) {
      // The first reads of a new version: a list in a carried order, a search (the version's documents enter the index), a neighbourhood (the node space is built).
      start = performance.now();
      await store.findPapers([{ orderBy: [{ field: 'CITATION_COUNT', direction: 'DESC' }], page: { first: 20 } }]);
      timing.list.push(performance.now() - start);
      start = performance.now();
      await store.search([{ text: 'neural translation', kinds: null, page: { first: 10 } }]);
      timing.search.push(performance.now() - start);
      start = performance.now();
      await store.search([{ text: 'neural translation', kinds: null, page: { first: 10 } }]);
      timing.searchAgain.push(performance.now() - start);
      const id = store.graph.papers.idAt(Math.floor(random() * store.graph.papers.size));
      const query = {
        start: { kind: 'Paper' as const, id },
        depth: 2,
        edgeTypes: ['CITES', 'HAS_CONCEPT', 'AUTHORED', 'IN_TOPIC', 'PUBLISHED_IN', 'BROADER'] as never,
        direction: 'BOTH' as const,
        limit: 500,
      };
      start = performance.now();
      await store.neighborhoods([query]);
      timing.neighbourhood.push(performance.now() - start);
      start = performance.now();
      await store.neighborhoods([query]);
      timing.again.push(performance.now() - start);
    }
    if (v % Math.max(1, Math.floor(versionCount / 10)) === 0)
      log(`  version ${v + 1}/${versionCount}: ${applied} changes, ${((performance.now() - chainStart) / 1000).toFixed(0)} s`);
  }
  log(`${applied} changes in ${timing.derive.length} versions; ops: ${[...ops].map(([op, n]) => `${op} ${n}`).join(', ')}`);

  // Compacted: the graph rebuilt from its records (as a snapshot loads it), PageRank computed, search built.
  let start = performance.now();
  const compactGraph = new KnowledgeGraph(store.graph.toCorpus(), { redirects: store.graph.paperRedirects });
  const rebuildMs = performance.now() - start;
  start = performance.now();
  const compacted = new MemoryStore(compactGraph, { seq: store.seq });
  const pageRankMs = performance.now() - start;
  start = performance.now();
  await compacted.prepareSearch();
  const searchBuildMs = performance.now() - start;
  start = performance.now();
  await compacted.findPapers([{ orderBy: [{ field: 'CITATION_COUNT', direction: 'DESC' }], page: { first: 20 } }]);
  const freshListMs = performance.now() - start;
  await store.prepareSearch();

  const workload = await buildWorkload(compacted, options.cases);
  const READS: QueryName[] = ['Q1', 'Q2', 'Q3', 'Q6'];

  async function executeOnce(
    target: MemoryStore,
    query: QueryName,
    document: ReturnType<typeof parse>,
    variables: Record<string, unknown>,
    expected: number,
  ): Promise<number> {
    const begin = performance.now();
    const result = (await execute({ schema, document, contextValue: createContext(target), variableValues: variables })) as ExecutionResult;
    const took = performance.now() - begin;
    if (result.errors?.length) throw new Error(`${query}: ${result.errors[0].message}`);
    const size = QUERIES[query].sizeOf(result.data);
    if (size !== expected) throw new Error(`${query}: answer of size ${size}, expected ${expected}`);
    return took;
  }

  // A third side tells the store's part from the graph's: a store built afresh on the graph with the changes.
  const freshOnChanged = new MemoryStore(store.graph, { influence: store.influence, seq: store.seq });
  await freshOnChanged.prepareSearch();
  const sides = [store, compacted, freshOnChanged];

  const rows: OverlayRead[] = [];
  for (const query of READS) {
    const document = parse(QUERIES[query].document);
    const cases = workload[query];
    const samples: CaseSamples[] = sides.map(() => ({ samples: [], cases: [] }));
    let timedStart = 0;
    for (let pass = 0; pass <= 2 || performance.now() - timedStart < options.budgetMs; pass++) {
      if (pass === 1) timedStart = performance.now();
      for (let k = 0; k < cases.length; k++) {
        const c = cases[k];
        // Each side goes first, second and third in turn.
        for (let j = 0; j < sides.length; j++) {
          const side = (j + k + pass) % sides.length;
          const took = await executeOnce(sides[side], query, document, c.variables, c.expectedSize);
          if (pass > 0) samples[side].samples.push(took), samples[side].cases.push(k);
        }
      }
    }
    rows.push({
      query,
      title: QUERIES[query].title,
      changedP50: median(samples[0].samples),
      compactedP50: median(samples[1].samples),
      freshOnChangedP50: median(samples[2].samples),
      ratio: 1 / ratioByCase(samples[0], samples[1]),
      storeRatio: 1 / ratioByCase(samples[0], samples[2]),
      goal: query !== 'Q6',
    });
  }

  const summary = (xs: number[]) => `p50 ${ms(median(xs))}, p95 ${ms(percentile(xs, 95))}, max ${ms(Math.max(...xs))}`;
  const details: string[] = [];
  details.push(`Per version (${timing.derive.length} versions):`);
  details.push(`- store of the next version (MemoryStore.next): wall ${summary(timing.derive)}; CPU ${summary(timing.deriveCpu)}`);
  details.push(`- graph version (applyChanges, graph layer): ${summary(timing.apply)}`);
  details.push(`First reads of a new version (${timing.list.length} sampled versions):`);
  details.push(`- first ordered list (CITATION_COUNT DESC, first 20; carried order brought up to date): ${summary(timing.list)}`);
  details.push(
    `- first search (the version's documents enter the shared index): ${summary(timing.search)}; the same again: ${summary(timing.searchAgain)}`,
  );
  details.push(
    `- first neighbourhood (depth 2, limit 500; node space built for the version): ${summary(timing.neighbourhood)}; the same again: ${summary(timing.again)}`,
  );
  details.push(
    `A store built afresh (compaction) for comparison: graph rebuilt ${ms(rebuildMs)}, store with PageRank ${ms(pageRankMs)}, search index ${ms(searchBuildMs)}, first ordered list ${ms(freshListMs)}`,
  );
  details.push(
    `Shared search index: ${store.searchVersions.documentCount} documents (one built on the last version: ${freshOnChanged.searchVersions.documentCount}); heap after the run: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );
  return {
    dataset: datasetName,
    papers: compacted.graph.papers.size,
    changes: applied,
    versions: timing.derive.length,
    batch: batchSize,
    reads: rows,
    details,
    figures: {
      deriveMs: { p50: round(median(timing.derive)), p95: round(percentile(timing.derive, 95)) },
      deriveCpuMs: { p50: round(median(timing.deriveCpu)), p95: round(percentile(timing.deriveCpu, 95)) },
      applyMs: { p50: round(median(timing.apply)), p95: round(percentile(timing.apply, 95)) },
      firstListMs: round(median(timing.list)),
      firstSearchMs: round(median(timing.search)),
      searchAgainMs: round(median(timing.searchAgain)),
      firstNeighbourhoodMs: round(median(timing.neighbourhood)),
      fresh: {
        rebuildMs: round(rebuildMs),
        pageRankMs: round(pageRankMs),
        searchBuildMs: round(searchBuildMs),
        firstListMs: round(freshListMs),
      },
    },
  };
}

/** The result's reads, rounded, for the results JSON. */
export function overlayJson(r: OverlayResult) {
  return {
    dataset: r.dataset,
    changes: r.changes,
    versions: r.versions,
    batch: r.batch,
    reads: r.reads.map((x) => ({
      ...x,
      changedP50: round(x.changedP50),
      compactedP50: round(x.compactedP50),
      freshOnChangedP50: round(x.freshOnChangedP50),
      ratio: round(x.ratio),
      storeRatio: round(x.storeRatio),
    })),
    ...r.figures,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string', default: 'aan' },
      scale: { type: 'string', default: '1' },
      changes: { type: 'string', default: '10000' },
      batch: { type: 'string', default: '100' },
      cases: { type: 'string', default: '32' },
      budget: { type: 'string', default: '4000' },
      seed: { type: 'string', default: '12' },
    },
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const dataset = values.dataset === 'aan' && missingAan().length === 0 ? 'aan' : 'synthetic';
  if (dataset !== values.dataset) log(`AAN is missing: the synthetic graph instead`);
  const r = await measureOverlay({
    load: () => (dataset === 'aan' ? aanStore() : syntheticStore(Number(values.scale))),
    changes: Number(values.changes),
    batch: Number(values.batch),
    cases: Number(values.cases),
    budgetMs: Number(values.budget),
    seed: Number(values.seed),
    log,
  });
  console.log(formatTable(overlayTable(r)));
  console.log(r.details.join('\n'));
  console.log(JSON.stringify(overlayJson(r)));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
