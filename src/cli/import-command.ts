// `papergraph import`: read sources with an importer, merge them onto a base graph, optionally
// tag papers with concepts, check the result builds as a graph, and write it as a snapshot.

import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { KnowledgeGraph } from '../graph/knowledge-graph.js';
import { pageRank } from '../graph/pagerank.js';
import { loadCuratedCorpus } from '../ingest/curated.js';
import { importerFor } from '../ingest/formats.js';
import { formatReport, mergeBatches } from '../ingest/merge.js';
import { readSnapshot, writeSnapshot } from '../ingest/snapshot.js';
import { taggerBatch } from '../ingest/tagger.js';
import type { Corpus } from '../model/index.js';
import { CURATED_DATA_DIR } from '../server/load-default-store.js';
import { UsageError } from './errors.js';
import { megabytes, startProgress } from './progress.js';

export interface ImportCommandOptions {
  format: string;
  mapping: Record<string, string>;
  strict: boolean;
  tag: boolean;
  /** "curated" (default), "none", or a snapshot file. */
  base: string;
  out: string;
}

export async function runImport(paths: string[], options: ImportCommandOptions): Promise<void> {
  const started = performance.now();
  const importer = importerFor(options.format);
  for (const path of paths) if (!existsSync(path)) throw new UsageError(`no such file or directory: ${path}`);
  // Checked before the long part: a typo in --out should not cost the whole import.
  if (!existsSync(dirname(resolve(options.out)))) throw new UsageError(`--out ${options.out}: its directory does not exist`);
  const base = loadBase(options.base);

  const reading = startProgress('import', { unit: 'records' });
  const batch = await importer.read(paths, {
    strict: options.strict, mapping: options.mapping, onProgress: (done, total) => reading.update(done, total),
  });
  reading.update(batch.read);
  reading.finish();

  let { corpus, report } = mergeBatches(base, [batch], { strict: options.strict });
  if (options.tag) {
    // Tag what this import brought, with every concept the merged graph knows; merging folds repeats.
    const imported = corpus.papers.filter((p) => p.provenance.some((source) => source.source === batch.source));
    const tagged = mergeBatches(corpus, [taggerBatch(corpus, { papers: imported })]);
    corpus = tagged.corpus;
    report = { sources: [...report.sources, ...tagged.report.sources], totals: tagged.report.totals };
  }
  // Fail here rather than at `serve`: every edge must land on a node.
  const graph = new KnowledgeGraph(corpus);

  const writing = startProgress('snapshot', { unit: 'MB', scale: megabytes });
  // In graph order (citations sorted, authorships by position) and with PageRank: what a start then skips.
  const header = writeSnapshot(options.out, graph.toCorpus(), { influence: pageRank(graph), onProgress: (done, total) => writing.update(done, total) });
  writing.finish();

  console.log(formatReport(report));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`wrote ${options.out}: ${megabytes(header.totalBytes).toFixed(1)} MB, ${graph.papers.size.toLocaleString('en-US')} papers, `
    + `${graph.citations.length.toLocaleString('en-US')} citations (${seconds} s)`);
}

function loadBase(base: string): Corpus | null {
  if (base === 'none') return null;
  if (base === 'curated') return loadCuratedCorpus(CURATED_DATA_DIR);
  if (!existsSync(base)) throw new UsageError(`--base must be "curated", "none" or a snapshot file; ${base} does not exist`);
  if (statSync(base).isDirectory()) return loadCuratedCorpus(base);
  return readSnapshot(base);
}

/** `--mapping id=paper_id,title=title` (repeatable) into { id: 'paper_id', title: 'title' }. */
export function parseMapping(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const mapping = { ...previous };
  for (const pair of value.split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0 || at === pair.length - 1) throw new UsageError(`--mapping expects field=column pairs, not "${pair}"`);
    mapping[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return mapping;
}
