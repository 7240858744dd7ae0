// `papergraph build neurips-2020`: the NeurIPS 2020 knowledge graph from the shared datasets and
// the curated corpus (ingest/neurips-build.ts says what goes in, in which order), written as a
// snapshot to serve with `papergraph serve --snapshot <file>`. Prints the report of each source
// (read, created, merged, skipped, dangling), the time of each stage, the total and the peak RSS.

import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { KnowledgeGraph } from '../graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../ingest/curated.js';
import { formatReport } from '../ingest/merge.js';
import { buildNeurips2020 } from '../ingest/neurips-build.js';
import type { Corpus } from '../model/index.js';
import { CURATED_DATA_DIR } from '../server/load-default-store.js';
import { UsageError } from './errors.js';
import { checkOut, writeGraphSnapshot } from './import-command.js';
import { megabytes, startProgress } from './progress.js';

/** The graphs `papergraph build` knows. */
export const BUILDS = ['neurips-2020'] as const;

export interface BuildCommandOptions {
  /** The shared datasets folder; default ../shared/datasets (the repository sits beside ../shared). */
  datasets: string;
  out: string;
}

export const DEFAULT_DATASETS = '../shared/datasets';

export async function runBuild(name: string, options: BuildCommandOptions): Promise<void> {
  if (!(BUILDS as readonly string[]).includes(name)) throw new UsageError(`unknown graph "${name}": use one of ${BUILDS.join(', ')}`);
  const started = performance.now();
  const datasets = resolve(options.datasets);
  if (!existsSync(datasets) || !statSync(datasets).isDirectory())
    throw new UsageError(`--datasets ${options.datasets}: no such folder (the shared datasets, e.g. ../shared/datasets)`);
  checkOut(options.out, [], []);

  let progress: ReturnType<typeof startProgress> | null = null;
  const build = await buildNeurips2020({
    datasets,
    base: loadCuratedCorpus(CURATED_DATA_DIR),
    onStage: (stage) => {
      progress?.finish();
      progress = startProgress(stage, { unit: 'MB', scale: megabytes });
    },
    onProgress: (done, total) => progress?.update(done, total),
  });
  (progress as ReturnType<typeof startProgress> | null)?.finish();

  const graphStarted = performance.now();
  const graph = new KnowledgeGraph(build.corpus);
  const header = writeGraphSnapshot(options.out, graph);
  const stages = [...build.stages, { stage: 'graph+snapshot', seconds: (performance.now() - graphStarted) / 1000 }];

  console.log(formatReport(build.report));
  console.log(neuripsSummary(build.corpus));
  const seconds = (performance.now() - started) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(`stages: ${stages.map((s) => `${s.stage} ${s.seconds.toFixed(1)} s`).join(', ')}`);
  console.log(
    `wrote ${options.out}: ${megabytes(header.totalBytes).toFixed(1)} MB, ${graph.papers.size.toLocaleString('en-US')} papers, ` +
      `${graph.citations.length.toLocaleString('en-US')} citations in ${seconds.toFixed(1)} s, peak RSS ${peakMb.toFixed(0)} MB`,
  );
  console.log(`serve it: npm start -- --snapshot ${options.out}`);
}

/** What the graph holds of NeurIPS 2020: papers, abstracts, citations touching them, concepts. */
export function neuripsSummary(corpus: Corpus): string {
  const neurips = new Set(corpus.papers.filter((p) => p.venueId === 'neurips-2020').map((p) => p.id));
  const papers = corpus.papers.filter((p) => neurips.has(p.id));
  const withConcept = new Set(corpus.paperConcepts.filter((pc) => neurips.has(pc.paperId)).map((pc) => pc.paperId));
  // Below the top level of its scheme: a concept with a broader one.
  const narrow = new Set(corpus.concepts.filter((c) => c.broaderIds.length > 0).map((c) => c.id));
  const withNarrow = new Set(
    corpus.paperConcepts.filter((pc) => neurips.has(pc.paperId) && narrow.has(pc.conceptId)).map((pc) => pc.paperId),
  );
  const citing = corpus.citations.filter((c) => neurips.has(c.citingId)).length;
  const cited = corpus.citations.filter((c) => neurips.has(c.citedId)).length;
  const n = (x: number) => x.toLocaleString('en-US');
  const percent = (x: number, of: number) => `${((100 * x) / Math.max(1, of)).toFixed(1)} %`;
  return (
    `NeurIPS 2020: ${n(papers.length)} papers, ${n(papers.filter((p) => p.abstract).length)} with the authors' abstract, ` +
    `${n(papers.filter((p) => p.arxivId).length)} with an arXiv id, ${n(citing)} citations from them and ${n(cited)} to them, ` +
    `${n(withConcept.size)} (${percent(withConcept.size, papers.length)}) with a concept, ` +
    `${n(withNarrow.size)} (${percent(withNarrow.size, papers.length)}) with one below the top level of its scheme`
  );
}
