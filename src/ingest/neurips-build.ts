// The NeurIPS 2020 knowledge graph from the shared datasets, in one call: the curated corpus as
// base, then (in this order, so each merges onto what came before)
//   1. neurips-2020: the listing + proceedings abstracts, ids, links, presentation, subject areas;
//   2. neurips-icml-citations: the citation set (papers by arXiv id, merged by proceedings hash,
//      arXiv id or title; its ICML and other NeurIPS papers come in as papers of their own);
//   3. cso: the Computer Science Ontology, aligned to the curated concepts by the merge;
//   4. tagger: every paper with a title (and abstract) linked to the concepts it names.
// Curated records keep their ids and fields: imports only fill what they lack (merge.ts).

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Corpus } from '../model/index.js';
import { arxivCitationsImporter } from './arxiv-citations.js';
import { csoImporter } from './cso.js';
import { ImportError, type ImportBatch, type ImportOptions } from './importer.js';
import { mergeBatches, type ImportReport } from './merge.js';
import { neuripsImporter } from './neurips.js';
import { taggerBatch } from './tagger.js';

/** The files the build reads, relative to the datasets folder. */
export const NEURIPS_BUILD_FILES = {
  listing: 'neurips-2020/papers.jsonl',
  abstracts: 'neurips-2020-abstracts/abstracts.jsonl',
  citationPapers: 'neurips-icml-citations/papers.csv',
  citations: 'neurips-icml-citations/citations.csv',
  cso: 'cso/CSO.3.5.csv.gz',
} as const;

export interface NeuripsBuildOptions {
  /** The shared datasets folder (holding neurips-2020/, neurips-2020-abstracts/, …). */
  datasets: string;
  /** The base graph: the curated corpus. */
  base: Corpus;
  /** Called as each stage starts ("neurips-2020", "cso", "merge", "tagger"). */
  onStage?: (stage: string) => void;
  /** Bytes read of the current stage's files. */
  onProgress?: ImportOptions['onProgress'];
}

export interface NeuripsBuild {
  corpus: Corpus;
  report: ImportReport;
  /** Seconds per stage, in order. */
  stages: { stage: string; seconds: number }[];
}

export async function buildNeurips2020(options: NeuripsBuildOptions): Promise<NeuripsBuild> {
  const datasets = resolve(options.datasets);
  const file = (name: keyof typeof NEURIPS_BUILD_FILES) => join(datasets, NEURIPS_BUILD_FILES[name]);
  const required = Object.keys(NEURIPS_BUILD_FILES) as (keyof typeof NEURIPS_BUILD_FILES)[];
  const missing = required.filter((name) => !existsSync(file(name))).map(file);
  if (missing.length) throw new ImportError(`build neurips-2020: missing ${missing.join(', ')} (give the datasets folder with --datasets)`);

  const stages: NeuripsBuild['stages'] = [];
  const stage = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    options.onStage?.(name);
    const started = performance.now();
    const result = await work();
    stages.push({ stage: name, seconds: (performance.now() - started) / 1000 });
    return result;
  };
  const reading = { onProgress: options.onProgress };

  const batches: ImportBatch[] = [];
  batches.push(await stage('neurips-2020', () => neuripsImporter.read([file('listing'), file('abstracts')], reading)));
  batches.push(
    await stage('neurips-icml-citations', () => arxivCitationsImporter.read([file('citationPapers'), file('citations')], reading)),
  );
  batches.push(await stage('cso', () => csoImporter.read([file('cso')], reading)));

  // The tagger reads the merged graph: every paper but placeholders, every concept of every scheme.
  let tagging = 0;
  const tag = (merged: Corpus) => {
    const started = performance.now();
    const batch = taggerBatch(merged, { papers: merged.papers.filter((p) => !p.stub) });
    tagging = (performance.now() - started) / 1000;
    return batch;
  };
  const { corpus, report } = await stage('merge', () => mergeBatches(options.base, [...batches, tag]));
  // The merge stage's time without the tagging inside it, and the tagging as its own stage.
  stages[stages.length - 1].seconds -= tagging;
  stages.push({ stage: 'tagger', seconds: tagging });
  return { corpus, report, stages };
}
