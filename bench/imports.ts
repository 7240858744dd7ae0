// The speed lines of issue 4, each beside the size of its input: AAN import + graph build, AAN
// snapshot load, and the 1,900 NeurIPS 2020 papers imported onto the curated corpus with tagging.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KnowledgeGraph } from '../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../src/ingest/curated.js';
import { importerFor } from '../src/ingest/formats.js';
import { mergeBatches } from '../src/ingest/merge.js';
import { buildNeurips2020, NEURIPS_BUILD_FILES } from '../src/ingest/neurips-build.js';
import { readSnapshot, readSnapshotTables, writeSnapshot } from '../src/ingest/snapshot.js';
import { loadSnapshotGraph } from '../src/ingest/snapshot-graph.js';
import { taggerBatch } from '../src/ingest/tagger.js';
import { CURATED_DATA_DIR } from '../src/server/load-default-store.js';
import { AAN_FILES, DATASETS_DIR, NEURIPS_FILE, fileBytes, missingAan } from './datasets.js';
import { summarize, type LatencySummary } from './stats.js';

export interface ImportTiming {
  name: string;
  /** "4.4 MB + 1.5 MB: 18,041 papers, 82,898 citations". */
  input: string;
  runs: number[];
  summary: LatencySummary;
  /** The bound, where it sets one. */
  goalMs: number | null;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const n = (x: number) => x.toLocaleString('en-US');

async function repeat(runs: number, once: () => Promise<unknown> | unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  return times;
}

async function importAan(): Promise<KnowledgeGraph> {
  const batch = await importerFor('tabular').read(AAN_FILES, {});
  return new KnowledgeGraph(mergeBatches(null, [batch]).corpus);
}

/** The import timings that have their data (`runs` each; snapshot loads, being short, 3× as many); a line in `skipped` for each that has not. */
export async function importTimings(runs: number): Promise<{ timings: ImportTiming[]; skipped: string[] }> {
  const timings: ImportTiming[] = [];
  const skipped: string[] = [];
  const timing = (name: string, input: string, times: number[], goalMs: number | null) =>
    timings.push({ name, input, runs: times, summary: summarize(times), goalMs });

  if (missingAan().length) {
    skipped.push(`AAN import and snapshot: missing ${missingAan().join(', ')}`);
  } else {
    let graph: KnowledgeGraph | null = null;
    const importTimes = await repeat(runs, async () => {
      graph = await importAan();
    });
    const imported = graph as unknown as KnowledgeGraph;
    const input = `${AAN_FILES.map((f) => mb(fileBytes([f]))).join(' + ')}: ${n(imported.papers.size)} papers, ${n(imported.citations.length)} citations`;
    timing('AAN import (tabular) + graph build', input, importTimes, 5000);
    const dir = mkdtempSync(join(tmpdir(), 'papergraph-bench-aan-'));
    try {
      const file = join(dir, 'aan.pgs');
      const header = writeSnapshot(file, imported.toCorpus());
      const snapshotInput = `${mb(header.totalBytes)} snapshot: ${n(imported.papers.size)} papers, ${n(imported.citations.length)} citations`;
      timing('AAN snapshot load (read + graph build)', snapshotInput, await repeat(runs * 3, () => loadSnapshotGraph(file)), 500);
      timing(
        '  of which: snapshot read (checksums, column views)',
        snapshotInput,
        await repeat(runs * 3, () => readSnapshotTables(file)),
        null,
      );
      timing('  for comparison: every record built (readSnapshot)', snapshotInput, await repeat(runs * 3, () => readSnapshot(file)), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  if (!existsSync(NEURIPS_FILE)) {
    skipped.push(`NeurIPS import with tagging: missing ${NEURIPS_FILE}`);
  } else {
    const curated = loadCuratedCorpus(CURATED_DATA_DIR);
    let papers = 0;
    // What `papergraph import --format tabular --tag` does before writing: read, merge onto the curated corpus, tag, merge, build.
    const times = await repeat(runs, async () => {
      const batch = await importerFor('tabular').read([NEURIPS_FILE], {});
      papers = batch.corpus.papers.length;
      const { corpus } = mergeBatches(curated, [batch]);
      const imported = corpus.papers.filter((p) => p.provenance.some((s) => s.source === batch.source));
      const tagged = mergeBatches(corpus, [taggerBatch(corpus, { papers: imported })]).corpus;
      return new KnowledgeGraph(tagged);
    });
    timing(
      'NeurIPS 2020 import + tagging onto the curated corpus + graph build',
      `${mb(fileBytes([NEURIPS_FILE]))}: ${n(papers)} papers, ${n(curated.concepts.length)} concepts to tag with`,
      times,
      2000,
    );
  }

  const neuripsFiles = Object.values(NEURIPS_BUILD_FILES).map((f) => `${DATASETS_DIR}${f}`);
  const missingNeurips = neuripsFiles.filter((f) => !existsSync(f));
  if (missingNeurips.length > 0) {
    skipped.push(`NeurIPS 2020 knowledge build: missing ${missingNeurips.join(', ')}`);
  } else {
    // What `papergraph build neurips-2020` does before writing the snapshot (which the AAN lines time).
    let built: KnowledgeGraph | null = null;
    const times = await repeat(Math.max(1, Math.ceil(runs / 2)), async () => {
      const { corpus } = await buildNeurips2020({ datasets: DATASETS_DIR, base: loadCuratedCorpus(CURATED_DATA_DIR) });
      built = new KnowledgeGraph(corpus);
      return built;
    });
    const graph = built as unknown as KnowledgeGraph;
    timing(
      'NeurIPS 2020 knowledge build (listing + abstracts + citation set + CSO + tagging) + graph build',
      `${mb(fileBytes(neuripsFiles))}: ${n(graph.papers.size)} papers, ${n(graph.citations.length)} citations, ${n(graph.concepts.size)} concepts`,
      times,
      null,
    );
  }
  return { timings, skipped };
}
